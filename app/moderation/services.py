"""Moderator decisions and edits. Each checks the submission's version, so two
moderators acting at once cannot both win, and writes its audit event in the
same transaction as the change."""

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from app.audit import Action, record
from app.contacts.services import verify_answer_contact
from app.extensions import db
from app.i18n import moment
from app.models import (
    AuditEvent,
    LocalGroupAnswer,
    OrgStatus,
    PartnershipAnswer,
    Submission,
    User,
)
from app.models.types import utcnow
from app.moderation.replacing import (
    Replacement,
    check_confirmed,
    describe,
    displaced,
    named_organizations,
)
from app.moderation.words import action_words
from app.network import lock_network_revision
from app.notifications.delivery import deliver_after_commit
from app.notifications.services import notify_replaced, notify_submitter
from app.partners.corrections import after_publish
from app.submissions.answers import Answers
from app.submissions.services import replace_answers
from app.submissions.versions import snapshot
from app.submissions.workflow import (
    RULES,
    IllegalTransition,
    Transition,
    answers_refusal,
    apply_transition,
    refusal,
)
from app.themes.changes import theme_changes, themes_by_partner

# What the submitter is told for each decision (see notify_submitter).
NOTICE = {
    Transition.APPROVE: "approved",
    Transition.REJECT: "rejected",
    Transition.REQUEST_CHANGES: "changes_requested",
    Transition.UNPUBLISH: "unpublished",
}


class DecisionConflict(Exception):
    """Someone else changed the submission first; the message says who and when."""


def last_change(submission_id: int) -> AuditEvent | None:
    """Return the newest audit event that changed a submission (not one about its contact)."""
    return db.session.scalar(
        sa.select(AuditEvent)
        .where(AuditEvent.submission_id == submission_id, AuditEvent.action.like("submission.%"))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(1)
    )


def conflict_message(submission_id: int) -> str:
    """Describe the change that beat the current request, e.g. 'already approved by X at T'."""
    db.session.rollback()
    submission = db.session.get(Submission, submission_id)
    event = last_change(submission_id)
    if submission is None or event is None:
        return _("This submission changed while you were looking at it. Reload and try again.")
    return _(
        "This submission was changed first: it is now %(status)s "
        "(%(action)s by %(actor)s at %(when)s). Nothing you sent was applied.",
        status=submission.status.label.lower(),
        action=action_words(event.action),
        actor=event.actor_label,
        when=moment(event.at) + " UTC",
    )


def decide(
    submission: Submission,
    transition: Transition,
    actor: User,
    seen_version: int,
    note: str = "",
    confirmed_replacing: set[int] | None = None,
) -> bool:
    """Apply a moderator's decision; return False when it had already been applied.

    Approving a submission that would replace another submission's published answers
    needs those submissions' ids in `confirmed_replacing` (see app.moderation.replacing).
    Raises DecisionConflict when another change came first, IllegalTransition when
    the status does not allow the decision, ReplacementUnconfirmed as said above.
    """
    rule = RULES[transition]
    submission_id = submission.id  # still readable after a failed flush's rollback
    if submission.version != seen_version:
        # A double-click, or a second tab: the same person's same decision is done already.
        if submission.status is rule.target and submission.decided_by_id == actor.id:
            return False
        raise DecisionConflict(conflict_message(submission_id))
    replaced = []
    if transition is Transition.APPROVE:
        replaced = check_confirmed(submission, confirmed_replacing or set())
    try:
        # First (app/network.py): the workflow's checks after it see any change that came
        # first, such as a partner's decline of the correction being approved.
        lock_network_revision()
        decide_one(submission, transition, actor, note, replaced)
        db.session.commit()
    except StaleDataError:
        raise DecisionConflict(conflict_message(submission_id)) from None
    except IllegalTransition:
        db.session.rollback()  # the lock is not held while the refusal's page is drawn
        raise
    deliver_after_commit()
    return True


def decide_one(
    submission: Submission,
    transition: Transition,
    actor: User,
    note: str,
    replaced: list[Replacement],
    combined: bool = False,
) -> None:
    """Apply one decision through the workflow, publish, and queue the mail; the caller commits.

    The UPDATE ... WHERE version = :seen runs at the flush: a concurrent decision makes
    it match no row, and StaleDataError stops everything after it.
    """
    audit_note = "\n".join([note or "", *map(describe, replaced)]).strip()
    apply_transition(submission, transition, actor, audit_note)
    db.session.flush()
    if transition in (Transition.APPROVE, Transition.REPUBLISH):
        _publish(submission, actor)
    if transition in NOTICE:
        notify_submitter(submission, NOTICE[transition], note)
    for replacement in replaced:
        notify_replaced(replacement.older, submission, replacement.dropped, combined=combined)


def _publish(submission: Submission, actor: User) -> None:
    """Make what an approved submission names public, and retire what it replaces."""
    for org in _named_organizations(submission):
        if org.status is OrgStatus.PENDING:
            org.status = OrgStatus.APPROVED
    for previous in displaced(submission):
        apply_transition(
            previous, Transition.SUPERSEDE, actor, note=f"Replaced by submission #{submission.id}"
        )
    verify_answer_contact(submission, actor)  # the address moderators saw now speaks for it
    after_publish(submission, actor)  # a partner's correction applies; named partners are asked


def _named_organizations(submission: Submission) -> list:
    orgs = [submission.organization]
    orgs += [answer.partner for answer in submission.partnerships]
    orgs += [group.organization for group in submission.local_groups]
    for interest in submission.learning_interests:
        orgs += [o for o in (interest.organization, interest.partner) if o is not None]
    return orgs


def combine_and_approve(
    submission: Submission,
    actor: User,
    seen_version: int,
    confirmed_replacing: set[int],
    note: str = "",
) -> list[str]:
    """Approve `submission` together with what the published answers it replaces add.

    The partners (or local groups) of the replaced answers that `submission` does not
    mention are added to it as one new version, which is then approved: nothing that
    was published disappears. Returns the names added.
    """
    submission_id = submission.id
    if submission.version != seen_version:
        raise DecisionConflict(conflict_message(submission_id))
    lock_network_revision()  # first (app/network.py): the checks below see what came first
    refused = refusal(submission, Transition.APPROVE) or answers_refusal(submission)
    if refused:
        raise IllegalTransition(refused)
    replaced = check_confirmed(submission, confirmed_replacing)
    if not replaced:
        raise IllegalTransition(_("Approving these answers replaces no other published answers."))
    try:
        added = _add_what_older_answers_name(submission, replaced)
        sources = ", ".join(f"#{r.older.id}" for r in replaced)
        record(
            Action.COMBINE, actor, submission=submission,
            note=f"Combined with submission {sources}; added: {', '.join(added) or 'nothing'}",
        )  # fmt: skip
        snapshot(submission, author=actor)
        decide_one(submission, Transition.APPROVE, actor, note, replaced, combined=True)
        db.session.commit()
    except StaleDataError:
        raise DecisionConflict(conflict_message(submission_id)) from None
    deliver_after_commit()
    return added


def _add_what_older_answers_name(submission: Submission, replaced: list[Replacement]) -> list[str]:
    """Copy the partners and local groups of `replaced` that `submission` lacks into it."""
    named = {org.id for org in named_organizations(submission)}
    added = []
    for replacement in replaced:
        for answer in replacement.older.partnerships:
            if answer.partner_id not in named:
                named.add(answer.partner_id)
                added.append(answer.partner.name)
                submission.partnerships.append(
                    PartnershipAnswer(
                        position=len(submission.partnerships),
                        partner=answer.partner,
                        status=answer.status,
                        priorities=answer.priorities,
                        how_built=answer.how_built,
                        continuity=answer.continuity,
                        themes=list(answer.themes),
                        partner_email=answer.partner_email,
                        private=answer.private,
                        text_private=answer.text_private,
                        private_reason=answer.private_reason,
                    )
                )
        for group in replacement.older.local_groups:
            if group.organization_id not in named:
                named.add(group.organization_id)
                added.append(group.organization.name)
                position = len(submission.local_groups)
                submission.local_groups.append(
                    LocalGroupAnswer(position=position, organization=group.organization)
                )
    submission.updated_at = utcnow()  # the row's version moves with its answers
    db.session.flush()
    return added


def edit_answers(submission: Submission, answers: Answers, actor: User, seen_version: int) -> None:
    """Correct a submission's answers before approving it, keeping the old ones as a version."""
    refused = answers_refusal(submission)
    if refused:
        raise IllegalTransition(refused)
    submission_id = submission.id
    if submission.version != seen_version:
        raise DecisionConflict(conflict_message(submission_id))
    try:
        themes_before = themes_by_partner(submission)
        replace_answers(submission, answers)
        db.session.flush()
        note = theme_changes(themes_before, themes_by_partner(submission))
        record(Action.MODERATOR_EDIT, actor, submission=submission, note=note)
        snapshot(submission, author=actor)
        db.session.commit()
    except StaleDataError:
        raise DecisionConflict(conflict_message(submission_id)) from None
