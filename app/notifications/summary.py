"""What a submission said, as the plain-text lines a receipt mail lists."""

from flask_babel import gettext as _

from app.models import PartnershipAnswer, Submission, SurveyKind
from app.models.enums import choice_label


def answer_lines(submission: Submission, private_shown: bool) -> list[str]:
    """Return the submission's answers as short lines, labels in the language in force.

    Without `private_shown` (the mail's address does not speak for the organization:
    app/audience.py), what is kept for moderators only is said to be there, not quoted.
    """
    org = submission.organization
    lines = [f"{_('Organization')}: {org.name} — {org.kind.label}"]
    if submission.survey_kind is SurveyKind.PARTNERSHIP:
        lines += _partnership_lines(submission, private_shown)
    else:
        lines += _involvement_lines(submission)
    return lines


def _partnership_lines(submission: Submission, private_shown: bool) -> list[str]:
    """Return one block per partner, then what the submitter wants to learn about."""
    lines = [f"{_('Partners')}:"]
    for number, answer in enumerate(submission.partnerships, start=1):
        if answer.private and not private_shown:
            kept = _("A partner kept for moderators only")
            lines.append(f"{number}. {kept}")
            continue
        lines.append(f"{number}. {answer.partner.name} ({answer.status.label})")
        if answer.text_private and not private_shown:
            kept = _("What was written about it is kept for moderators only.")
            lines.append(f"   {kept}")
        elif answer.priorities:
            lines.append(f"   {_('What matters to this partner')}: {_flat(answer.priorities)}")
        if answer.how_built and (private_shown or not answer.text_private):
            lines.append(f"   {_('How the relationship was built')}: {_flat(answer.how_built)}")
        if answer.partner_email:
            contact = _("Partner's contact (private)")
            lines.append(f"   {contact}: {answer.partner_email}")
        lines += [f"   {mark}" for mark in private_marks(answer)]
    interests = [i.label or i.note for i in submission.learning_interests]
    if interests:
        lines.append(f"{_('Would like to learn more about')}: {'; '.join(map(_flat, interests))}")
    return lines


def private_marks(answer: PartnershipAnswer) -> list[str]:
    """Return what of a partnership answer is kept for moderators only, in words."""
    marks = []
    if answer.private:
        marks.append(_("Moderators only: partner"))
    if answer.text_private:
        marks.append(_("Moderators only: words"))
    return marks


def _involvement_lines(submission: Submission) -> list[str]:
    """Return the involvement answers, one line each."""
    answer = submission.involvement
    if answer is None:
        return []
    lines = [
        f"{_('Involvement')}: {answer.level.label}",
        f"{_('Provided data or other assistance')}: "
        + (_("Yes") if answer.provided_assistance else _("No")),
    ]
    for row in submission.involvement_choices:
        detail = f": {_flat(row.detail)}" if row.detail else ""
        lines.append(f"{row.topic.label}: {choice_label(row.topic, row.choice)}{detail}")
    lines.append(f"{_('Staff taking part')}: {answer.staff_count}")
    lines.append(
        f"{_('Wants a stronger relationship')}: {answer.wants_stronger_relationship.label}"
    )
    groups = [group.organization.name for group in submission.local_groups]
    lines.append(f"{_('Local groups')}: {', '.join(groups) or _('None named')}")
    if answer.comments:
        lines.append(f"{_('Comments')}: {_flat(answer.comments)}")
    return lines


def _flat(text: str) -> str:
    """Return `text` on one line, so that each answer stays one line of the mail."""
    return " ".join(text.split())
