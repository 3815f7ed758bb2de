"""Deciding on many submissions at once, from the review queue."""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.models import Submission, User
from app.moderation.replacing import replacements
from app.moderation.services import decide_one
from app.network import lock_network_revision
from app.notifications.delivery import deliver_after_commit
from app.submissions.workflow import IllegalTransition, Transition, refusal

# The decisions the queue can apply to many submissions at once.
BULK_DECISIONS = (Transition.APPROVE, Transition.REJECT)
# The bulk decisions a moderator confirms first, told what will happen and to how many.
CONFIRM_FIRST = (Transition.REJECT,)


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # changed by someone else first
    refused: list[tuple[int, str]] = field(default_factory=list)  # the workflow's reason
    # approving would replace another submission's published answers: decide alone
    needs_decision: list[int] = field(default_factory=list)


def bulk_decide(
    selection: list[tuple[int, int]], transition: Transition, actor: User, note: str = ""
) -> BulkResult:
    """Apply one decision to many (id, seen version) pairs, each as its own decision.

    Each goes through the same workflow check and version check as a single decision,
    in its own transaction: one that changed meanwhile, or that the workflow refuses,
    is skipped. An approval that would replace another submission's published answers
    is left out, for a moderator to decide on its own page.
    """
    if transition not in BULK_DECISIONS:
        raise IllegalTransition(_("Only approve and reject can be applied to many at once."))
    result = BulkResult()
    for submission_id, seen_version in selection:
        submission = _sort(result, submission_id, seen_version, transition)
        if submission is None:
            continue
        try:
            lock_network_revision()  # first: one lock order (app/network.py)
            decide_one(submission, transition, actor, note, [])
            db.session.commit()
        except StaleDataError:
            db.session.rollback()
            result.skipped.append(submission_id)
            continue
        except IllegalTransition as refused:
            # Refused after the lock, by what changed since it was sorted (a partner
            # declined, say): told as the workflow's reason, like any refusal.
            db.session.rollback()
            result.refused.append((submission_id, str(refused)))
            continue
        result.done.append(submission_id)
    deliver_after_commit()
    return result


def bulk_preview(selection: list[tuple[int, int]], transition: Transition) -> BulkResult:
    """Tell what bulk_decide would do with `selection` now, changing nothing.

    `done` lists the submissions the decision would be applied to.
    """
    if transition not in BULK_DECISIONS:
        raise IllegalTransition(_("Only approve and reject can be applied to many at once."))
    result = BulkResult()
    for submission_id, seen_version in selection:
        if _sort(result, submission_id, seen_version, transition) is not None:
            result.done.append(submission_id)
    return result


def _sort(
    result: BulkResult, submission_id: int, seen_version: int, transition: Transition
) -> Submission | None:
    """Return the submission if `transition` may be applied to it; else note in `result` why not."""
    submission = db.session.get(Submission, submission_id, populate_existing=True)
    if submission is None or submission.version != seen_version:
        result.skipped.append(submission_id)
        return None
    if transition is Transition.APPROVE and replacements(submission):
        result.needs_decision.append(submission_id)
        return None
    refused = refusal(submission, transition)
    if refused:
        result.refused.append((submission_id, refused))
        return None
    return submission
