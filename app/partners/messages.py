"""The words of a partner's mail: the question about a relationship, and new links.

Written in the language in force (app.i18n.in_language): the reporter's form's for the
question, the asking page's for new links.
"""

from dataclasses import dataclass

from flask_babel import gettext as _

from app.notifications.messages import Email, one_line, sign_off

QUESTION_KIND = "partner_question"
LINKS_KIND = "partner_links"


@dataclass(frozen=True)
class PartnerLink:
    """One relationship a partner can answer about, and the personal link to answer."""

    reporter: str
    partner: str
    link: str


def question_email(
    *,
    site_name: str,
    reporter: str,
    partner: str,
    status: str,
    wave: str,
    link: str,
    until: str,
    new_link: str,
) -> Email:
    """Write the mail asking a partner whether `reporter`'s word about it is right."""
    values = {
        "reporter": one_line(reporter),
        "partner": one_line(partner),
        "status": status.lower(),
        "wave": one_line(wave),
        "site_name": site_name,
    }
    parts = [
        _("Hello,"),
        _(
            "%(reporter)s says it works with you (%(status)s, since %(wave)s). Is that right?",
            **values,
        ),
        _(
            "%(reporter)s answered the partnership survey of %(site_name)s and named "
            "%(partner)s as a partner. A moderator approved its answers, so the relationship "
            "is shown on the public map of the civic tech network.",
            **values,
        ),
        _(
            "This personal link lets you confirm it, correct what is said about %(partner)s "
            "(its kind, its place and what matters to it, in your own words), or decline to "
            "be shown:",
            **values,
        )
        + f"\n\n  {link}",
        _("The link works until %(day)s. After that you can ask for a new one at:", day=until)
        + f"\n\n  {new_link}",
        _(
            "What this address is used for: %(reporter)s gave it with its answers so that you "
            "could be asked. It is never published, and it is used only to ask you about "
            "relationships others report with you and to send you your links.",
            **values,
        ),
        sign_off(site_name),
    ]
    subject = _("%(reporter)s says it works with you: is that right?", **values)
    return Email(subject, "\n\n".join(parts))


def links_email(*, site_name: str, links: list[PartnerLink], until: str) -> Email:
    """Write the mail that gives a partner new links for every relationship it was asked about."""
    listed = "\n\n".join(
        _(
            "%(reporter)s says it works with %(partner)s:",
            reporter=one_line(item.reporter),
            partner=one_line(item.partner),
        )
        + f"\n  {item.link}"
        for item in links
    )
    parts = [
        _("Hello,"),
        _(
            "You asked for new links to answer what organizations say about working with "
            "you. Each link lets you confirm, correct or decline to be shown; the earlier "
            "links no longer work."
        ),
        listed,
        _("These links work until %(day)s.", day=until),
        _("If you did not ask for them, you can ignore this message: nothing changes."),
        sign_off(site_name),
    ]
    return Email(_("Your new links on %(site_name)s", site_name=site_name), "\n\n".join(parts))
