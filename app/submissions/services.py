"""Survey operations: finding the open wave, storing and editing submissions."""

from datetime import date

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app import tokens
from app.audit import SUBMITTER, Action, record
from app.extensions import db
from app.i18n import DEFAULT_LANGUAGE, known_language
from app.models import (
    LearningInterest,
    LocalGroupAnswer,
    PartnershipAnswer,
    Submission,
    SubmissionStatus,
    SurveyWave,
)
from app.models.invitation import WaveInvitation
from app.models.types import utcnow
from app.notifications.delivery import deliver_after_commit
from app.notifications.services import notify_moderators_of_submission, notify_receipt
from app.orgs.services import discard_unused_pending
from app.submissions.answer_rows import fill_answer_rows, keep_moderator_marks, moderator_marks
from app.submissions.answers import Answers
from app.submissions.hooks import submission_received
from app.submissions.versions import snapshot
from app.submissions.workflow import Transition, apply_transition, submitter_may_edit
from app.waves.rules import takes_answers


class SubmissionLocked(Exception):
    """The submission can no longer be changed by its submitter."""


class EditConflict(Exception):
    """The submission changed since the submitter's form was loaded."""


def submission_by_token(token: str) -> Submission | None:
    """Return the submission behind a private status link, with all its answers loaded."""
    if not token or len(token) > 64:
        return None
    return load_submission(Submission.token_digest == tokens.digest(token))


def load_submission(condition) -> Submission | None:
    """Return the submission matching `condition`, with all its answers loaded."""
    return db.session.scalar(
        sa.select(Submission)
        .where(condition)
        .options(
            selectinload(Submission.organization),
            selectinload(Submission.wave),
            selectinload(Submission.partnerships).selectinload(PartnershipAnswer.partner),
            selectinload(Submission.partnerships).selectinload(PartnershipAnswer.themes),
            selectinload(Submission.learning_interests).selectinload(LearningInterest.organization),
            selectinload(Submission.learning_interests).selectinload(LearningInterest.partner),
            selectinload(Submission.involvement),
            selectinload(Submission.involvement_choices),
            selectinload(Submission.local_groups).selectinload(LocalGroupAnswer.organization),
        )
    )


def create_submission(
    wave: SurveyWave,
    answers: Answers,
    replaces: Submission | None = None,
    *,
    language: str = DEFAULT_LANGUAGE,
    invitation: WaveInvitation | None = None,
) -> Submission:
    """Store a new submission, pending review, with all its answer rows, and mail a receipt.

    `replaces` is the submitter's approved submission that this one will replace
    once a moderator approves it. `language` is the one the form was in. Sent from
    an `invitation`, the answers are its organization's, and the invitation is answered;
    otherwise an invitation of the same organization to the same survey is.
    """
    submission = Submission(
        wave=wave,
        survey_kind=answers.kind,
        status=SubmissionStatus.PENDING,
        replaces_id=replaces.id if replaces else None,
        language=known_language(language),
    )
    fill_answer_rows(submission, answers, invitation.organization if invitation else None)
    if replaces is not None:
        keep_moderator_marks(submission, moderator_marks(replaces))
    db.session.add(submission)
    db.session.flush()
    record(
        Action.SUBMITTED,
        None,
        actor_label=SUBMITTER,
        submission=submission,
        to_status=SubmissionStatus.PENDING.value,
    )
    submission_received.send(submission, invitation=invitation)  # e.g. answers an invitation
    snapshot(submission, author=None)
    notify_moderators_of_submission(submission)
    notify_receipt(submission, "revised" if replaces else "new")
    db.session.commit()
    deliver_after_commit()
    current_app.logger.info(
        "submission %s stored: %s survey in wave %s", submission.id, answers.kind.value, wave.slug
    )
    return submission


def update_submission(
    submission: Submission,
    answers: Answers,
    seen_version: int,
    *,
    language: str | None = None,
) -> Submission:
    """Replace a pending submission's answers with `answers`, as its submitter edited them.

    Answers sent back after a moderator asked for changes go back into the queue. The
    submitter gets a receipt, in `language` (the form's) when given.
    """
    if not submitter_may_edit(submission):
        raise SubmissionLocked(_("These answers have been reviewed and can no longer be changed."))
    if not takes_answers(submission.wave, date.today()):
        raise SubmissionLocked(
            _("%(wave)s is closed; answers can no longer change.", wave=submission.wave.name)
        )
    if submission.version != seen_version:
        raise EditConflict()
    if language:
        submission.language = known_language(language)
    replace_answers(submission, answers)
    record(Action.SUBMITTER_EDIT, None, actor_label=SUBMITTER, submission=submission)
    snapshot(submission, author=None)
    if submission.status is SubmissionStatus.CHANGES_REQUESTED:
        apply_transition(submission, Transition.RESUBMIT, None)
        notify_moderators_of_submission(submission)
    notify_receipt(submission, "edited")
    db.session.commit()
    deliver_after_commit()
    current_app.logger.info("submission %s edited by its submitter", submission.id)
    return submission


def replace_answers(submission: Submission, answers: Answers) -> None:
    """Swap every answer row of `submission` for `answers`; the caller commits."""
    before = _named_organization_ids(submission)
    marks = moderator_marks(submission)
    submission.partnerships.clear()
    submission.learning_interests.clear()
    submission.involvement_choices.clear()
    submission.local_groups.clear()
    if submission.involvement is not None:
        submission.involvement = None
    db.session.flush()
    fill_answer_rows(submission, answers)
    keep_moderator_marks(submission, marks)
    # Touch the row itself so its version moves even when only answer rows changed.
    submission.updated_at = utcnow()
    db.session.flush()
    # Never those the new answers name, even privately (a private partnership is not public).
    discard_unused_pending(before - _named_organization_ids(submission))


def _named_organization_ids(submission: Submission) -> set[int]:
    """Return the ids of every organization the submission's answers name."""
    ids = {submission.organization_id}
    ids.update(p.partner_id for p in submission.partnerships)
    ids.update(g.organization_id for g in submission.local_groups)
    for interest in submission.learning_interests:
        ids.update(i for i in (interest.organization_id, interest.partner_id) if i)
    return ids
