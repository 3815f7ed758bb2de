"""The words of wave invitations and reminders: subjects and plain-text bodies.

Written in the language in force (app.i18n.in_language): the wave's, English by default.
"""

from flask_babel import gettext as _

from app.notifications.messages import Email, one_line

INVITATION_KIND = "invitation"
REMINDER_KIND = "reminder"


def invitation_email(
    *,
    reminder: bool,
    site_name: str,
    organization: str,
    survey: str,
    wave: str,
    closes_on: str | None,
    link: str,
    opt_out_link: str,
) -> Email:
    """Write an invitation (or, with `reminder`, a reminder) to answer a wave's survey.

    `link` is the organization's personal link; `opt_out_link` stops every later one.
    """
    organization = one_line(organization)
    values = {"survey": survey.lower(), "organization": organization, "wave": one_line(wave)}
    if reminder:
        subject = _("Reminder: %(wave)s is waiting for %(organization)s's answers", **values)
        lead = _(
            "A few days ago we invited %(organization)s to answer the %(survey)s in %(wave)s, "
            "and we have not received its answers yet.",
            **values,
        )
    else:
        subject = _("%(organization)s is invited to answer %(wave)s", **values)
        lead = _(
            "We invite %(organization)s to answer the %(survey)s in %(wave)s. The answers "
            "build the public map of the network, wave after wave.",
            **values,
        )
    parts = [
        _("Hello,"),
        lead,
        _(
            "This personal link opens the survey for %(organization)s, with its last "
            "published answers filled in, so you only change what changed:",
            **values,
        )
        + f"\n\n  {link}",
    ]
    if closes_on:
        parts.append(_("The link works until the wave closes on %(day)s.", day=closes_on))
    else:
        parts.append(_("The link works until the wave closes."))
    parts.append(
        _(
            "A moderator reviews every answer before anything is published; your name and "
            "email are never published. Keep the link to yourself or your organization."
        )
    )
    parts.append(
        _("To get no more invitations or reminders at this address:") + f"\n\n  {opt_out_link}"
    )
    parts.append(_("Thank you,\nThe %(site_name)s team", site_name=site_name) + "\n")
    return Email(subject, "\n\n".join(parts))
