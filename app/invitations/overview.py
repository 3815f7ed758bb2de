"""A wave's invitations at a glance: the admin's list, counts, and what closing touches."""

from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    InvitationOptOut,
    InvitationStatus,
    Organization,
    Submission,
    SubmissionStatus,
    SurveyKind,
    SurveyWave,
    WaveInvitation,
)


@dataclass
class InvitationRow:
    """One invitation as the admin's wave page lists it."""

    invitation: WaveInvitation
    opted_out: bool


def invitations_of(wave: SurveyWave) -> list[InvitationRow]:
    """Return the wave's invitations, by organization name, with whether each opted out."""
    query = (
        sa.select(WaveInvitation, InvitationOptOut.id)
        .join(Organization, WaveInvitation.organization)
        .outerjoin(InvitationOptOut, InvitationOptOut.email == WaveInvitation.email)
        .where(WaveInvitation.wave_id == wave.id)
        .order_by(Organization.name_key, WaveInvitation.survey_kind, WaveInvitation.id)
    )
    return [InvitationRow(inv, opt is not None) for inv, opt in db.session.execute(query)]


def invited_organization_ids(wave: SurveyWave, kinds: list[SurveyKind]):
    """Select the ids of organizations invited to `kinds` of `wave`."""
    return sa.select(WaveInvitation.organization_id).where(
        WaveInvitation.wave_id == wave.id, WaveInvitation.survey_kind.in_(kinds)
    )


def has_invitations(wave: SurveyWave) -> bool:
    """Tell whether anyone was invited to `wave`."""
    return bool(db.session.scalar(sa.select(sa.exists().where(WaveInvitation.wave_id == wave.id))))


def open_invitation_count(wave: SurveyWave) -> int:
    """Return how many of the wave's personal links still lead to its survey."""
    return db.session.scalar(
        sa.select(sa.func.count()).where(
            WaveInvitation.wave_id == wave.id,
            WaveInvitation.status != InvitationStatus.ANSWERED,
        )
    )


@dataclass
class WaveChangeSummary:
    """What closing (or reopening) a wave does, in counts, for its confirmation step."""

    open_invitations: int
    waiting_for_review: int
    changes_requested: int


def change_summary(wave: SurveyWave) -> WaveChangeSummary:
    """Count what closing or reopening `wave` touches."""
    query = (
        sa.select(Submission.status, sa.func.count())
        .where(Submission.wave_id == wave.id)
        .group_by(Submission.status)
    )
    counts = {status: number for status, number in db.session.execute(query)}
    return WaveChangeSummary(
        open_invitations=open_invitation_count(wave),
        waiting_for_review=counts.get(SubmissionStatus.PENDING, 0),
        changes_requested=counts.get(SubmissionStatus.CHANGES_REQUESTED, 0),
    )
