"""The review workflow: every status change a submission can make, in one table.

Every change goes through apply_transition(), which checks it is legal, applies
it and writes the audit event in the caller's transaction.
"""

import enum
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.audit import SUBMITTER, SYSTEM, Action, record
from app.i18n import N_
from app.models import Submission, SubmissionStatus, User, WaveStatus
from app.models.types import utcnow
from app.network import bump_revision
from app.submissions.hooks import approval_refusal

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
    # Why it cannot be applied from another status (N_: translated when shown).
    refused: str
    by_moderator: bool = True


# Waiting for a decision: its answers may still change, by its submitter or a moderator.
WAITING = frozenset({S.PENDING, S.CHANGES_REQUESTED})

RULES: dict[Transition, Rule] = {
    Transition.APPROVE: Rule(
        WAITING, S.APPROVED, Action.APPROVE,
        N_("A submission that is %(status)s cannot be approved."),
    ),
    Transition.REJECT: Rule(
        WAITING, S.REJECTED, Action.REJECT,
        N_("A submission that is %(status)s cannot be rejected."),
    ),
    Transition.REQUEST_CHANGES: Rule(
        frozenset({S.PENDING}), S.CHANGES_REQUESTED, Action.REQUEST_CHANGES,
        N_("A submission that is %(status)s cannot be sent back for changes."),
    ),
    Transition.UNPUBLISH: Rule(
        frozenset({S.APPROVED}), S.UNPUBLISHED, Action.UNPUBLISH,
        N_("A submission that is %(status)s cannot be unpublished."),
    ),
    Transition.REPUBLISH: Rule(
        frozenset({S.UNPUBLISHED}), S.APPROVED, Action.REPUBLISH,
        N_("A submission that is %(status)s cannot be published again."),
    ),
    Transition.RESUBMIT: Rule(
        frozenset({S.CHANGES_REQUESTED}), S.PENDING, Action.RESUBMITTED,
        N_("A submission that is %(status)s cannot be resubmitted."),
        by_moderator=False,
    ),
    Transition.SUPERSEDE: Rule(
        frozenset({S.APPROVED, S.UNPUBLISHED}), S.SUPERSEDED, Action.SUPERSEDE,
        N_("A submission that is %(status)s cannot be replaced."),
        by_moderator=False,
    ),
}  # fmt: skip

# Decisions a moderator can take from the review pages.
MODERATOR_DECISIONS = [t for t, rule in RULES.items() if rule.by_moderator]
# A decision that needs a note, and what the note is for.
NOTE_REQUIRED = {
    Transition.REJECT: _l("Give the reason (moderators only see it)."),
    Transition.REQUEST_CHANGES: _l("Tell the submitter what to change."),
}

# Decisions a moderator confirms on a page saying what will happen, before they apply.
CONFIRM_FIRST = frozenset({Transition.UNPUBLISH})
# Decisions offered with "… and go to next", for working through the queue.
QUEUE_DECISIONS = (Transition.APPROVE, Transition.REJECT, Transition.REQUEST_CHANGES)


class IllegalTransition(Exception):
    """The submission's status, or its wave being closed, does not allow this change."""


# A closed wave's approved data is read-only history. What that means per move:
# - approve, reject: still possible for answers waiting for review; they were sent in time.
# - unpublish: still possible; a moderator must always be able to take answers off public
#   view (a privacy complaint, an error), and the audit log records it.
# - publish again: still possible; it undoes an unpublish, restoring the history as it was.
# - ask for changes: refused; the submitter can no longer send answers to a closed wave,
#   so the request could not be met. The moderator corrects, approves or rejects instead.
# - correcting answers (see answers_refusal): published answers are never changed in place,
#   in any wave; in a closed wave nothing replaces them either.
CLOSED_WAVE_REFUSES = {
    Transition.REQUEST_CHANGES: N_(
        "%(wave)s is closed, so its submitter can no longer send changes. "
        "Correct the answers, approve or reject them instead."
    ),
}


def refusal(submission: Submission, transition: Transition) -> str | None:
    """Return why `transition` may not be applied to `submission` now, or None if it may."""
    rule = RULES[transition]
    if submission.status not in rule.sources:
        return _(rule.refused, status=submission.status.label.lower())
    if transition in CLOSED_WAVE_REFUSES and submission.wave.status is WaveStatus.CLOSED:
        return _(CLOSED_WAVE_REFUSES[transition], wave=submission.wave.name)
    if transition in (Transition.APPROVE, Transition.REPUBLISH):
        return approval_refusal(submission)  # e.g. a partner's correction its partner declined
    return None


def allowed(submission: Submission, transition: Transition) -> bool:
    """Tell whether `transition` may be applied to `submission` now."""
    return refusal(submission, transition) is None


def submitter_may_edit(submission: Submission) -> bool:
    """Tell whether the submitter may still change these answers: they wait for a decision."""
    return submission.status in WAITING


def answers_refusal(submission: Submission) -> str | None:
    """Return why a moderator may not correct `submission`'s answers now, or None if they may."""
    if submission.status in WAITING:
        return None
    if submission.wave.status is WaveStatus.CLOSED and submission.status is S.APPROVED:
        return _(
            "%(wave)s is closed: its approved answers are read-only history "
            "and cannot be corrected. Unpublish them if they must leave public view.",
            wave=submission.wave.name,
        )
    return _(
        "Only answers that wait for review can be corrected: published answers change only "
        "when their submitter sends new ones."
    )


def available_decisions(submission: Submission) -> list[Transition]:
    """Return the moderator decisions open for `submission`."""
    return [t for t in MODERATOR_DECISIONS if allowed(submission, t)]


def apply_transition(
    submission: Submission, transition: Transition, actor: User | None, note: str = ""
) -> None:
    """Move `submission` along `transition` and record who did it; the caller commits."""
    rule = RULES[transition]
    refused = refusal(submission, transition)
    if refused:
        raise IllegalTransition(refused)
    before = submission.status
    # Every column first, so that the change is one UPDATE of the row (one version step).
    submission.status = rule.target
    if rule.by_moderator:
        submission.decided_at = utcnow()
        submission.decided_by = actor
    if transition is Transition.REJECT:
        submission.review_note = note
    if transition is Transition.REQUEST_CHANGES:
        submission.message_to_submitter = note
    if S.APPROVED in (before, rule.target):
        bump_revision()  # public data changed: cached graphs and the layout are stale
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
