"""The invitee's personal link: what it leads to, opening it, answering from it, opting out.

A personal link works while its wave takes answers and its organization has not answered
from it; an address that opted out gets no later invitation or reminder, for any wave.
Every change here writes an audit line.
"""

import enum
from datetime import date

import sqlalchemy as sa

from app import tokens
from app.audit import SUBMITTER, Action, record
from app.contacts.services import opt_out_address
from app.extensions import db
from app.invitations.respondents import is_survey_answer
from app.models import InvitationStatus, Submission, WaveInvitation
from app.models.types import utcnow
from app.waves.rules import takes_answers

TOKEN_MAX = 64


class LinkState(enum.StrEnum):
    """What a personal link leads to."""

    USABLE = "usable"  # the survey, with the organization set
    ANSWERED = "answered"  # used: answers were sent from it
    EXPIRED = "expired"  # its wave no longer takes answers


def invitation_by_token(token: str) -> WaveInvitation | None:
    """Return the invitation behind a personal link, or None for a forged one."""
    if not token or len(token) > TOKEN_MAX:
        return None
    return db.session.scalar(
        sa.select(WaveInvitation).where(WaveInvitation.token_digest == tokens.digest(token))
    )


def link_state(invitation: WaveInvitation, today: date | None = None) -> LinkState:
    """Tell what `invitation`'s personal link leads to today."""
    if invitation.status is InvitationStatus.ANSWERED:
        return LinkState.ANSWERED
    if not takes_answers(invitation.wave, today or date.today()):
        return LinkState.EXPIRED
    return LinkState.USABLE


def mark_opened(invitation: WaveInvitation) -> None:
    """Record that the invitee started the survey from the personal link (first time only)."""
    if invitation.status is not InvitationStatus.SENT:
        return
    invitation.status = InvitationStatus.OPENED
    invitation.opened_at = utcnow()
    record(
        Action.INVITATION_OPEN,
        None,
        actor_label=SUBMITTER,
        organization=invitation.organization,
        from_status=InvitationStatus.SENT.value,
        to_status=InvitationStatus.OPENED.value,
        note=f"{invitation.wave.slug}: {invitation.survey_kind.value} survey",
    )
    db.session.commit()


def mark_answered(submission: Submission, invitation: WaveInvitation | None = None) -> None:
    """Link a new submission to its invitation (the one it came from, or its organization's).

    Connected to app.submissions.hooks.submission_received: runs in the submission's
    transaction, and the sender commits.
    """
    if not is_survey_answer(submission):
        return  # a partner's correction answers no invitation
    if invitation is None:
        invitation = db.session.scalar(
            sa.select(WaveInvitation).where(
                WaveInvitation.wave_id == submission.wave_id,
                WaveInvitation.organization_id == submission.organization_id,
                WaveInvitation.survey_kind == submission.survey_kind,
            )
        )
    if invitation is None or invitation.status is InvitationStatus.ANSWERED:
        return
    before = invitation.status
    now = utcnow()
    invitation.status = InvitationStatus.ANSWERED
    invitation.opened_at = invitation.opened_at or now
    invitation.answered_at = now
    invitation.submission = submission
    record(
        Action.INVITATION_ANSWER,
        None,
        actor_label=SUBMITTER,
        submission=submission,
        organization=invitation.organization,
        from_status=before.value,
        to_status=InvitationStatus.ANSWERED.value,
        note=f"{invitation.wave.slug}: {invitation.survey_kind.value} survey",
    )


def opt_out(invitation: WaveInvitation) -> None:
    """Stop every later invitation and reminder to the invitation's address."""
    if not opt_out_address(invitation.email, invitation.organization):
        return
    record(
        Action.INVITATION_OPT_OUT,
        None,
        actor_label=SUBMITTER,
        organization=invitation.organization,
        note=f"{invitation.wave.slug}: {invitation.survey_kind.value} survey",
    )
    db.session.commit()
