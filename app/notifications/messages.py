"""The words of every email: subjects and plain-text bodies, built from plain values."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


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


# For each decision: the subject (after "Your answers for <organization> ") and what happened.
DECISIONS = {
    "approved": (
        "are published",
        "A moderator has reviewed your answers and approved them. They are now part of the "
        "public map, where everyone can see them.",
    ),
    "rejected": (
        "were not published",
        "A moderator has reviewed your answers and decided not to publish them. They stay "
        "private: only you, through your link, and the moderators can see them.",
    ),
    "changes_requested": (
        "need a change",
        "A moderator has reviewed your answers and asks you to change something before they "
        "can be published.",
    ),
    "unpublished": (
        "were withdrawn from the map",
        "A moderator has withdrawn your answers from public view. They are kept, not deleted, "
        "and only you, through your link, and the moderators can see them now.",
    ),
}


def one_line(text: str | None) -> str:
    """Collapse `text` onto a single line, as a subject or a name inside a sentence needs."""
    return " ".join((text or "").split())


def _sign_off(site_name: str) -> str:
    """Return the closing lines every email ends with."""
    return f"Thank you,\nThe {site_name} team\n"


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
    outcome, explanation = DECISIONS[action]
    organization = one_line(organization)
    parts = [
        f"Hello {one_line(contact_name) or 'there'},",
        f"Thank you for answering the {survey.lower()} for {organization} in {one_line(wave)}.",
        explanation,
    ]
    if action == "changes_requested":
        if message.strip():
            parts.append("The moderator's message:\n\n" + _indent(message.strip()))
        parts.append(_private_link("You can change your answers at", link))
    else:
        parts.append(_private_link("You can see your answers and their status at", link))
    parts.append(_sign_off(site_name))
    return Email(f"Your answers for {organization} {outcome}", "\n\n".join(parts))


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
    listed = "\n".join(f"  - {one_line(name)}" for name in names)
    if combined:
        outcome = "were combined with newer answers"
        explanation = (
            f"Newer answers to the {survey.lower()} were sent for {organization} in "
            f"{one_line(wave)}, and a moderator approved them combined with yours."
        )
        detail = (
            "The partners you named that the newer answers did not mention were kept:\n" + listed
            if names
            else "The newer answers name every partner you named."
        )
    else:
        outcome = "were replaced by newer answers"
        explanation = (
            f"Newer answers to the {survey.lower()} were sent for {organization} in "
            f"{one_line(wave)}, and a moderator approved them in place of yours."
        )
        detail = (
            "These partners you named are no longer shown on the map:\n" + listed
            if names
            else "The newer answers name every partner you named."
        )
    parts = [
        f"Hello {one_line(contact_name) or 'there'},",
        explanation,
        detail,
        "If something is now missing or wrong, answer the survey again for "
        f"{organization}; a moderator will review it.",
        _private_link("Your own answers stay visible to you at", link),
        _sign_off(site_name),
    ]
    return Email(f"Your answers for {organization} {outcome}", "\n\n".join(parts))


def new_submission_email(
    *, site_name: str, recipient: str, organization: str, survey: str, wave: str, link: str
) -> Email:
    """Write the notice that tells a moderator a new or resubmitted submission waits for review."""
    organization = one_line(organization)
    body = "\n\n".join(
        [
            f"Hello {one_line(recipient)},",
            f"{organization} sent answers to the {survey.lower()} in {one_line(wave)}. "
            f"They wait for review:\n{link}",
            "You get one email per submission because moderator notices are set to "
            '"immediate". With "daily", you would get one digest a day instead.',
            _sign_off(site_name),
        ]
    )
    return Email(f"[{site_name}] To review: {survey.lower()} from {organization}", body)


def digest_email(
    *, site_name: str, recipient: str, since: datetime, entries: Iterable[DigestEntry]
) -> Email:
    """Write a moderator's digest of the submissions that arrived since `since` (UTC)."""
    groups: dict[str, list[DigestEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.survey, []).append(entry)
    total = sum(len(group) for group in groups.values())
    noun = "submission" if total == 1 else "submissions"
    lines = []
    for survey, group in sorted(groups.items()):
        lines.append(f"{survey}: {len(group)}")
        for entry in group:
            lines.append(f"  - {one_line(entry.organization)} ({entry.status.lower()})")
            lines.append(f"    {entry.link}")
    body = "\n\n".join(
        [
            f"Hello {one_line(recipient)},",
            f"{total} new {noun} arrived since {since:%d %B %Y, %H:%M} UTC.",
            "\n".join(lines),
            _sign_off(site_name),
        ]
    )
    return Email(f"[{site_name}] {total} new {noun} to review", body)


def _private_link(lead: str, link: str | None) -> str:
    """Give the submitter's private link, or point to the one they were given."""
    if link is None:
        return f"{lead} the private link you were given when you sent your answers."
    return (
        f"{lead} your private link:\n{link}\n\n"
        "Keep this link to yourself: anyone who has it can see your answers."
    )


def _indent(text: str) -> str:
    """Indent every line of `text`, so a quoted message stands apart from the email's words."""
    return "\n".join(f"    {line}".rstrip() for line in text.splitlines())
