"""The words of the mails that confirm to a submitter what they sent, or give its links again.

A receipt follows new, edited and revised answers; the lost-links mail lists an address's
private links. Each is written in the submitter's language (app.i18n.in_language).
"""

from flask_babel import gettext as _
from flask_babel import ngettext

from app.i18n import N_
from app.notifications.messages import Email, greeting, one_line, private_link, sign_off

# What a receipt says was received: new answers, changes to waiting ones, changed
# answers for published ones.
RECEIPTS = {
    "new": (
        N_("We received your answers for %(organization)s"),
        N_(
            "Thank you: we received your answers to the %(survey)s for %(organization)s in "
            "%(wave)s."
        ),
    ),
    "edited": (
        N_("We received your changes for %(organization)s"),
        N_("We received your changed answers to the %(survey)s for %(organization)s in %(wave)s."),
    ),
    "revised": (
        N_("We received your changed answers for %(organization)s"),
        N_(
            "We received changed answers to the %(survey)s for %(organization)s in %(wave)s. "
            "Until a moderator approves them, the published answers stay as they are."
        ),
    ),
}


def receipt_email(
    what: str,
    *,
    site_name: str,
    contact_name: str | None,
    organization: str,
    survey: str,
    wave: str,
    answers: list[str],
    link: str | None,
) -> Email:
    """Write the receipt a submitter gets for `what` ("new", "edited", "revised") they sent.

    `answers` are the lines that say what was sent, already in the submitter's words.
    """
    subject, received = RECEIPTS[what]
    organization = one_line(organization)
    values = {"survey": survey.lower(), "organization": organization, "wave": one_line(wave)}
    parts = [
        greeting(contact_name),
        _(received, **values),
        _("What you sent:") + "\n\n" + "\n".join(f"  {line}" for line in answers),
        _(
            "A moderator reviews every answer before anything is published; your name and "
            "email are never published."
        ),
        private_link(_("You can see your answers, and change them while they wait, at"), link),
        sign_off(site_name),
    ]
    return Email(_(subject, organization=organization), "\n\n".join(parts))


def lost_links_email(*, site_name: str, links: list[tuple[str, str]]) -> Email:
    """Write the mail that gives an address the private links of its submissions again.

    `links` are (what the submission was, its link) pairs, newest first.
    """
    listed = "\n\n".join(f"  {one_line(label)}\n  {link}" for label, link in links)
    parts = [
        _("Hello,"),
        ngettext(
            "Someone (we hope you) asked for the private link of the answers sent with this "
            "email address. Here it is:",
            "Someone (we hope you) asked for the private links of the answers sent with this "
            "email address. Here they are:",
            len(links),
        ),
        listed,
        _(
            "Keep these links to yourself: anyone who has one can see those answers. If you "
            "did not ask for them, you can ignore this email."
        ),
        sign_off(site_name),
    ]
    return Email(_("Your private links on %(site_name)s", site_name=site_name), "\n\n".join(parts))
