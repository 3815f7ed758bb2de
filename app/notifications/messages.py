"""The words of the review emails, and the greeting, sign-off and private link they share.

Subjects and plain-text bodies, built from plain values: a decision, answers replaced by
newer ones, and moderators' notices and digests. Each function writes in the language in
force (app.i18n.in_language): a submitter's mail in the language of their form, a
moderator's in the site's default. Receipts and lost links are in receipts.py.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext

from app.i18n import N_


@dataclass(frozen=True)
class Email:
    """A written email: its subject line and plain-text body."""

    subject: str
    body: str


@dataclass(frozen=True)
class DigestEntry:
    """One submission as the daily digest lists it."""

    survey: str  # the survey's label, which also groups the entries
    organization: str
    status: str
    link: str


# For each decision: the subject (with the organization) and what happened.
DECISIONS = {
    "approved": (
        N_("Your answers for %(organization)s are published"),
        N_(
            "A moderator has reviewed your answers and approved them. They are now part of the "
            "public map, where everyone can see them."
        ),
    ),
    "rejected": (
        N_("Your answers for %(organization)s were not published"),
        N_(
            "A moderator has reviewed your answers and decided not to publish them. They stay "
            "private: only you, through your link, and the moderators can see them."
        ),
    ),
    "changes_requested": (
        N_("Your answers for %(organization)s need a change"),
        N_(
            "A moderator has reviewed your answers and asks you to change something before they "
            "can be published."
        ),
    ),
    "unpublished": (
        N_("Your answers for %(organization)s were withdrawn from the map"),
        N_(
            "A moderator has withdrawn your answers from public view. They are kept, not "
            "deleted, and only you, through your link, and the moderators can see them now."
        ),
    ),
}


def one_line(text: str | None) -> str:
    """Collapse `text` onto a single line, as a subject or a name inside a sentence needs."""
    return " ".join((text or "").split())


def greeting(name: str | None) -> str:
    """Return the greeting every email to a person starts with."""
    return _("Hello %(name)s,", name=one_line(name) or _("there"))


def sign_off(site_name: str) -> str:
    """Return the closing lines every email ends with."""
    return _("Thank you,\nThe %(site_name)s team", site_name=site_name) + "\n"


def decision_email(
    action: str,
    *,
    site_name: str,
    contact_name: str | None,
    organization: str,
    survey: str,
    wave: str,
    link: str | None,
    message: str = "",
) -> Email:
    """Write the email that tells a submitter the outcome `action` of their answers.

    `message` is only used when changes are requested; the other outcomes ignore it,
    so that a moderator's private note can never reach the submitter by mistake.
    """
    subject, explanation = DECISIONS[action]
    organization = one_line(organization)
    parts = [
        greeting(contact_name),
        _(
            "Thank you for answering the %(survey)s for %(organization)s in %(wave)s.",
            survey=survey.lower(),
            organization=organization,
            wave=one_line(wave),
        ),
        _(explanation),
    ]
    if action == "changes_requested":
        if message.strip():
            parts.append(_("The moderator's message:") + "\n\n" + _indent(message.strip()))
        parts.append(private_link(_("You can change your answers at"), link))
    else:
        parts.append(private_link(_("You can see your answers and their status at"), link))
    parts.append(sign_off(site_name))
    return Email(_(subject, organization=organization), "\n\n".join(parts))


def replaced_email(
    *,
    site_name: str,
    contact_name: str | None,
    organization: str,
    survey: str,
    wave: str,
    names: list[str],
    combined: bool,
    link: str | None,
) -> Email:
    """Write the email telling a submitter that newer answers now stand in place of theirs."""
    organization = one_line(organization)
    values = {"survey": survey.lower(), "organization": organization, "wave": one_line(wave)}
    listed = "\n".join(f"  - {one_line(name)}" for name in names)
    if combined:
        subject = _("Your answers for %(organization)s were combined with newer answers", **values)
        explanation = _(
            "Newer answers to the %(survey)s were sent for %(organization)s in %(wave)s, and a "
            "moderator approved them combined with yours.",
            **values,
        )
        kept = _("The partners you named that the newer answers did not mention were kept:")
        detail = kept + "\n" + listed if names else ""
    else:
        subject = _("Your answers for %(organization)s were replaced by newer answers", **values)
        explanation = _(
            "Newer answers to the %(survey)s were sent for %(organization)s in %(wave)s, and a "
            "moderator approved them in place of yours.",
            **values,
        )
        dropped = _("These partners you named are no longer shown on the map:")
        detail = dropped + "\n" + listed if names else ""
    parts = [
        greeting(contact_name),
        explanation,
        detail or _("The newer answers name every partner you named."),
        _(
            "If something is now missing or wrong, answer the survey again for "
            "%(organization)s; a moderator will review it.",
            organization=organization,
        ),
        private_link(_("Your own answers stay visible to you at"), link),
        sign_off(site_name),
    ]
    return Email(subject, "\n\n".join(parts))


def new_submission_email(
    *, site_name: str, recipient: str, organization: str, survey: str, wave: str, link: str
) -> Email:
    """Write the notice that tells a moderator a new or resubmitted submission waits for review."""
    organization = one_line(organization)
    body = "\n\n".join(
        [
            greeting(recipient),
            _(
                "%(organization)s sent answers to the %(survey)s in %(wave)s. They wait for "
                "review:",
                organization=organization,
                survey=survey.lower(),
                wave=one_line(wave),
            )
            + "\n"
            + link,
            _(
                "You get one email per submission because moderator notices are set to "
                '"immediate". With "daily", you would get one digest a day instead.'
            ),
            sign_off(site_name),
        ]
    )
    subject = _(
        "[%(site_name)s] To review: %(survey)s from %(organization)s",
        site_name=site_name,
        survey=survey.lower(),
        organization=organization,
    )
    return Email(subject, body)


def digest_email(
    *, site_name: str, recipient: str, since: datetime, entries: Iterable[DigestEntry]
) -> Email:
    """Write a moderator's digest of the submissions that arrived since `since` (UTC)."""
    groups: dict[str, list[DigestEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.survey, []).append(entry)
    total = sum(len(group) for group in groups.values())
    lines = []
    for survey, group in sorted(groups.items()):
        lines.append(f"{survey}: {len(group)}")
        for entry in group:
            lines.append(f"  - {one_line(entry.organization)} ({entry.status.lower()})")
            lines.append(f"    {entry.link}")
    arrived = ngettext(
        "%(num)d new submission arrived since %(since)s UTC.",
        "%(num)d new submissions arrived since %(since)s UTC.",
        total,
        since=f"{since:%d %B %Y, %H:%M}",
    )
    body = "\n\n".join([greeting(recipient), arrived, "\n".join(lines), sign_off(site_name)])
    subject = ngettext(
        "[%(site_name)s] %(num)d new submission to review",
        "[%(site_name)s] %(num)d new submissions to review",
        total,
        site_name=site_name,
    )
    return Email(subject, body)


def private_link(lead: str, link: str | None) -> str:
    """Give the submitter's private link, or point to the one they were given."""
    if link is None:
        return _("%(lead)s the private link you were given when you sent your answers.", lead=lead)
    return (
        _("%(lead)s your private link:", lead=lead)
        + f"\n{link}\n\n"
        + _("Keep this link to yourself: anyone who has it can see your answers.")
    )


def _indent(text: str) -> str:
    """Indent every line of `text`, so a quoted message stands apart from the email's words."""
    return "\n".join(f"    {line}".rstrip() for line in text.splitlines())
