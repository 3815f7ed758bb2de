"""A moderator's "moderators only" marks on one partner of a submission's answers.

A moderator keeps a relationship (app/public.py: `shown_partnership`), or its words
(questions 2 and 3 with their themes: `words_are_public`), off every public page, API and
file, with a reason kept for moderators; or lifts such a mark, with a reason too. Like
the decisions in app/moderation/services.py, a change is checked against the version of
the submission the moderator saw, and each change writes its own audit line.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from app.audit import Action, record
from app.extensions import db
from app.models import PartnershipAnswer, Submission, SubmissionStatus, SurveyKind, User
from app.models.types import utcnow
from app.moderation.services import DecisionConflict, conflict_message
from app.network import bump_revision, lock_network_revision
from app.submissions.versions import snapshot

# Statuses whose answers can still be shown: waiting ones once approved, approved ones
# now (a privacy complaint), unpublished ones if published again.
MARKABLE = (
    SubmissionStatus.PENDING,
    SubmissionStatus.CHANGES_REQUESTED,
    SubmissionStatus.APPROVED,
    SubmissionStatus.UNPUBLISHED,
)
# What each mark is called in an audit line (the moderators' pages say the same).
MARK_NAMES = {"private": "partner", "text_private": "words"}


class MarkRefused(Exception):
    """The marks cannot be changed as asked; the message says why."""


@dataclass(frozen=True)
class Marks:
    """What a moderator asks for one partner: which of its marks are set."""

    private: bool
    text_private: bool


def markable(submission: Submission) -> bool:
    """Tell whether a moderator may change the marks of `submission`'s partners."""
    return submission.survey_kind is SurveyKind.PARTNERSHIP and submission.status in MARKABLE


def set_marks(
    submission: Submission,
    answer_id: int,
    wanted: Marks,
    actor: User,
    seen_version: int,
    reason: str,
) -> list[str]:
    """Set one partner's marks to `wanted`; return the names of the marks changed.

    Nothing to change returns []. Raises MarkRefused for an answer not in the submission,
    a submission whose answers can no longer be shown, or a change without a reason;
    DecisionConflict when the submission changed since the moderator saw it.
    """
    submission_id = submission.id
    if not markable(submission):
        raise MarkRefused(
            _(
                "The answers of a submission that is %(status)s are not shown anywhere; "
                "nothing was changed.",
                status=submission.status.label.lower(),
            )
        )
    answer = next((a for a in submission.partnerships if a.id == answer_id), None)
    if answer is None:
        raise MarkRefused(_("That partner is not in these answers any more. Reload the page."))
    changed = [name for name in MARK_NAMES if getattr(answer, name) != getattr(wanted, name)]
    if not changed:
        return []
    if submission.version != seen_version:
        raise DecisionConflict(conflict_message(submission_id))
    if not reason:
        raise MarkRefused(_("Give the reason for this change; only moderators see it."))
    try:
        lock_network_revision()  # before any write, bump or not: one lock order (app/network.py)
        _apply(submission, answer, wanted, changed, actor, reason)
        db.session.commit()
    except StaleDataError:
        raise DecisionConflict(conflict_message(submission_id)) from None
    return changed


def _apply(
    submission: Submission,
    answer: PartnershipAnswer,
    wanted: Marks,
    changed: list[str],
    actor: User,
    reason: str,
) -> None:
    """Change the marks, audit each change, keep a version; the caller commits."""
    for name in changed:
        setattr(answer, name, getattr(wanted, name))
        action = Action.ANSWER_REDACT if getattr(wanted, name) else Action.ANSWER_UNREDACT
        record(
            action,
            actor,
            submission=submission,
            note=f"{answer.partner.name} ({MARK_NAMES[name]}): {reason}",
        )
    answer.private_reason = reason if (answer.private or answer.text_private) else ""
    submission.updated_at = utcnow()  # the row's version moves with its answers
    db.session.flush()
    snapshot(submission, author=actor)
    if submission.status is SubmissionStatus.APPROVED:
        bump_revision()  # public pages, API and files change now
