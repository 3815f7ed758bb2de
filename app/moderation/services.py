"""Moderator decisions and edits. Each checks the submission's version, so two
moderators acting at once cannot both win, and writes its audit event in the
same transaction as the change."""

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from app.audit import Action, record
from app.extensions import db
from app.models import (
    AuditEvent,
    OrgStatus,
    Submission,
    SubmissionStatus,
    User,
)
from app.models.types import utcnow
from app.moderation.versions import snapshot
from app.moderation.workflow import (
    RULES,
    IllegalTransition,
    Transition,
    answers_refusal,
    apply_transition,
)
from app.network import bump_revision
from app.notifications.delivery import deliver_after_commit
from app.notifications.services import notify_submitter
from app.surveys.services import Answers, replace_answers

# What the submitter is told for each decision (see notify_submitter).
NOTICE = {
    Transition.APPROVE: "approved",
    Transition.REJECT: "rejected",
    Transition.REQUEST_CHANGES: "changes_requested",
    Transition.UNPUBLISH: "unpublished",
}


class DecisionConflict(Exception):
    """Someone else changed the submission first; the message says who and when."""


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)


def last_change(submission_id: int) -> AuditEvent | None:
    """Return the newest audit event of a submission."""
    return db.session.scalar(
        sa.select(AuditEvent)
        .where(AuditEvent.submission_id == submission_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(1)
    )


def conflict_message(submission_id: int) -> str:
    """Describe the change that beat the current request, e.g. 'already approved by X at T'."""
    db.session.rollback()
    submission = db.session.get(Submission, submission_id)
    event = last_change(submission_id)
    if submission is None or event is None:
        return "This submission changed while you were looking at it. Reload and try again."
    when = event.at.strftime("%d %b %Y %H:%M UTC")
    return (
        f"This submission was changed first: it is now {submission.status.label.lower()} "
        f"({event.action.split('.')[-1].replace('_', ' ')} by {event.actor_label} at {when}). "
        "Nothing you sent was applied."
    )


def decide(
    submission: Submission, transition: Transition, actor: User, seen_version: int, note: str = ""
) -> bool:
    """Apply a moderator's decision; return False when it had already been applied.

    Raises DecisionConflict when another change came first, IllegalTransition when
    the status does not allow the decision.
    """
    rule = RULES[transition]
    submission_id = submission.id  # still readable after a failed flush's rollback
    if submission.version != seen_version:
        # A double-click, or a second tab: the same person's same decision is done already.
        if submission.status is rule.target and submission.decided_by_id == actor.id:
            return False
        raise DecisionConflict(conflict_message(submission_id))
    try:
        apply_transition(submission, transition, actor, note)
        # The UPDATE ... WHERE version = :seen runs here: a concurrent decision makes
        # it match no row, and StaleDataError stops everything below.
        db.session.flush()
        if transition in (Transition.APPROVE, Transition.REPUBLISH):
            _publish(submission, actor)
        if transition in NOTICE:
            notify_submitter(submission, NOTICE[transition], note)
        db.session.commit()
    except StaleDataError:
        raise DecisionConflict(conflict_message(submission_id)) from None
    deliver_after_commit()
    return True


def _publish(submission: Submission, actor: User) -> None:
    """Make what an approved submission names public, and retire what it replaces."""
    for org in _named_organizations(submission):
        if org.status is OrgStatus.PENDING:
            org.status = OrgStatus.APPROVED
    older = db.session.scalars(
        sa.select(Submission).where(
            Submission.id != submission.id,
            Submission.organization_id == submission.organization_id,
            Submission.wave_id == submission.wave_id,
            Submission.survey_kind == submission.survey_kind,
            Submission.status.in_([SubmissionStatus.APPROVED, SubmissionStatus.UNPUBLISHED]),
        )
    ).all()
    for previous in older:
        apply_transition(
            previous, Transition.SUPERSEDE, actor, note=f"Replaced by submission {submission.id}"
        )


def _named_organizations(submission: Submission) -> list:
    orgs = [submission.organization]
    orgs += [answer.partner for answer in submission.partnerships]
    orgs += [group.organization for group in submission.local_groups]
    for interest in submission.learning_interests:
        orgs += [o for o in (interest.organization, interest.partner) if o is not None]
    return orgs


def bulk_decide(
    selection: list[tuple[int, int]], transition: Transition, actor: User, note: str = ""
) -> BulkResult:
    """Apply one decision to many (id, seen version) pairs; changed ones are skipped.

    Bulk statements bypass SQLAlchemy's version check, so each row is updated with
    a conditional UPDATE ... WHERE version = :seen, and only rows it changed count.
    """
    if transition not in (Transition.APPROVE, Transition.REJECT):
        raise IllegalTransition("Only approve and reject can be applied to many at once.")
    rule = RULES[transition]
    result = BulkResult()
    extra = {"review_note": note} if transition is Transition.REJECT else {}
    seen = dict(selection)
    statuses = dict(
        db.session.execute(
            sa.select(Submission.id, Submission.status).where(Submission.id.in_(list(seen)))
        ).all()
    )
    for submission_id, seen_version in selection:
        before = statuses.get(submission_id)
        changed = (
            before in rule.sources
            and db.session.execute(
                sa.update(Submission)
                .where(
                    Submission.id == submission_id,
                    Submission.version == seen_version,
                    Submission.status == before,
                )
                .values(
                    status=rule.target,
                    version=Submission.version + 1,
                    decided_at=utcnow(),
                    decided_by_id=actor.id,
                    updated_at=utcnow(),
                    **extra,
                )
                .execution_options(synchronize_session=False)
            ).rowcount
            == 1
        )
        if not changed:
            result.skipped.append(submission_id)
            continue
        result.done.append(submission_id)
        submission = db.session.get(Submission, submission_id, populate_existing=True)
        record(
            rule.action, actor, submission=submission,
            from_status=before.value, to_status=rule.target.value, note=note,
        )  # fmt: skip
        if transition is Transition.APPROVE:
            _publish(submission, actor)
            bump_revision()
        notify_submitter(submission, NOTICE[transition], note)
    db.session.commit()
    deliver_after_commit()
    return result


def edit_answers(submission: Submission, answers: Answers, actor: User, seen_version: int) -> None:
    """Correct a submission's answers before approving it, keeping the old ones as a version."""
    refused = answers_refusal(submission)
    if refused:
        raise IllegalTransition(refused)
    submission_id = submission.id
    if submission.version != seen_version:
        raise DecisionConflict(conflict_message(submission_id))
    try:
        replace_answers(submission, answers)
        db.session.flush()
        record(Action.MODERATOR_EDIT, actor, submission=submission)
        snapshot(submission, author=actor)
        db.session.commit()
    except StaleDataError:
        raise DecisionConflict(conflict_message(submission_id)) from None
