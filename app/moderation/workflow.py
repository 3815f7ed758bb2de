"""The review workflow: every status change a submission can make, in one table.

Every change goes through apply_transition(), which checks it is legal, applies
it and writes the audit event in the caller's transaction.
"""

import enum
from dataclasses import dataclass

from app.audit import SUBMITTER, SYSTEM, Action, record
from app.models import Submission, SubmissionStatus, User
from app.models.types import utcnow
from app.network import bump_revision

S = SubmissionStatus


class Transition(enum.StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    REQUEST_CHANGES = "request_changes"
    UNPUBLISH = "unpublish"
    REPUBLISH = "republish"
    RESUBMIT = "resubmit"  # the submitter sends answers back after changes were requested
    SUPERSEDE = "supersede"  # a newer approved submission replaces this one


@dataclass(frozen=True)
class Rule:
    sources: frozenset[SubmissionStatus]
    target: SubmissionStatus
    action: Action
    verb: str  # for messages: "approved", "rejected", ...
    by_moderator: bool = True


RULES: dict[Transition, Rule] = {
    Transition.APPROVE: Rule(
        frozenset({S.PENDING, S.CHANGES_REQUESTED}), S.APPROVED, Action.APPROVE, "approved"
    ),
    Transition.REJECT: Rule(
        frozenset({S.PENDING, S.CHANGES_REQUESTED}), S.REJECTED, Action.REJECT, "rejected"
    ),
    Transition.REQUEST_CHANGES: Rule(
        frozenset({S.PENDING}), S.CHANGES_REQUESTED, Action.REQUEST_CHANGES, "sent back for changes"
    ),
    Transition.UNPUBLISH: Rule(
        frozenset({S.APPROVED}), S.UNPUBLISHED, Action.UNPUBLISH, "unpublished"
    ),
    Transition.REPUBLISH: Rule(
        frozenset({S.UNPUBLISHED}), S.APPROVED, Action.REPUBLISH, "published again"
    ),
    Transition.RESUBMIT: Rule(
        frozenset({S.CHANGES_REQUESTED}), S.PENDING, Action.RESUBMITTED, "resubmitted",
        by_moderator=False,
    ),
    Transition.SUPERSEDE: Rule(
        frozenset({S.APPROVED, S.UNPUBLISHED}), S.SUPERSEDED, Action.SUPERSEDE, "replaced",
        by_moderator=False,
    ),
}  # fmt: skip

# Decisions a moderator can take from the review pages.
MODERATOR_DECISIONS = [t for t, rule in RULES.items() if rule.by_moderator]
# A decision that needs a note, and what the note is for.
NOTE_REQUIRED = {
    Transition.REJECT: "Give the reason (moderators only see it).",
    Transition.REQUEST_CHANGES: "Tell the submitter what to change.",
}


class IllegalTransition(Exception):
    """The submission's status does not allow this change."""


def allowed(submission: Submission, transition: Transition) -> bool:
    """Tell whether `transition` may be applied to `submission` now."""
    return submission.status in RULES[transition].sources


def available_decisions(submission: Submission) -> list[Transition]:
    """Return the moderator decisions open for `submission`."""
    return [t for t in MODERATOR_DECISIONS if allowed(submission, t)]


def apply_transition(
    submission: Submission, transition: Transition, actor: User | None, note: str = ""
) -> None:
    """Move `submission` along `transition` and record who did it; the caller commits."""
    rule = RULES[transition]
    if submission.status not in rule.sources:
        raise IllegalTransition(
            f"A submission that is {submission.status.label.lower()} cannot be {rule.verb}."
        )
    before = submission.status
    submission.status = rule.target
    if S.APPROVED in (before, rule.target):
        bump_revision()  # public data changed: cached graphs and the layout are stale
    if rule.by_moderator:
        submission.decided_at = utcnow()
        submission.decided_by = actor
    if transition is Transition.REJECT:
        submission.review_note = note
    if transition is Transition.REQUEST_CHANGES:
        submission.message_to_submitter = note
    unnamed = SUBMITTER if transition is Transition.RESUBMIT else SYSTEM
    record(
        rule.action,
        actor,
        actor_label=None if actor else unnamed,
        submission=submission,
        from_status=before.value,
        to_status=rule.target.value,
        note=note,
    )
