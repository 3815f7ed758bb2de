"""A wave's invitations at a glance: each one's state, the counts, and what closing touches.

Each invitation's state is worked out once, here (`invitations_of`), and the admin's
rows, their summary line and the reminders all read it; whether an organization has
answered is app/invitations/respondents.py's rule, which the response rates read too.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.i18n import N_
from app.invitations.respondents import answered_pairs
from app.models import (
    ContactState,
    InvitationStatus,
    Organization,
    OrganizationContact,
    Submission,
    SubmissionStatus,
    SurveyKind,
    SurveyWave,
    WaveInvitation,
)
from app.notifications.outbox import delivery_state

# Where an invitation's last mail stands (app.notifications.outbox.delivery_state), in words.
MAIL_WORDS = {
    "sent": N_("Mailed"),
    "not sent": N_("Waiting in the outbox"),
    "retrying": N_("Being retried"),
    "failed": N_("Could not be sent"),
    "erased": N_("Withdrawn: its address was erased"),
}


@dataclass
class InvitationRow:
    """One invitation as the admin's wave page lists it, and as reminders read it."""

    invitation: WaveInvitation
    opted_out: bool
    answered: bool  # its organization answered this survey of the wave, however it did
    # Its last mail: "sent", "not sent", "retrying", "failed" (delivery_state), or "erased".
    mail: str

    @property
    def opened(self) -> bool:
        """Tell whether the invitee started the survey from the link (or answered anyway)."""
        return self.answered or self.invitation.opened_at is not None

    @property
    def mail_words(self) -> str:
        """Return where its last mail stands, in words."""
        return _(MAIL_WORDS[self.mail])

    @property
    def mailed_at(self) -> datetime | None:
        """Return when its last mail went out, or None while it waits or failed."""
        message = self.invitation.message
        return message.sent_at if message is not None else None


@dataclass(frozen=True)
class InvitationCounts:
    """The summary line of a wave's invitations, counted from the same rows it lists."""

    invited: int
    mailed: int
    opened: int
    answered: int
    opted_out: int


def invitations_of(wave: SurveyWave) -> list[InvitationRow]:
    """Return the wave's invitations, by organization name, each with its state."""
    query = (
        sa.select(WaveInvitation)
        .join(Organization, WaveInvitation.organization)
        .where(WaveInvitation.wave_id == wave.id)
        .options(selectinload(WaveInvitation.message), selectinload(WaveInvitation.organization))
        .order_by(Organization.name_key, WaveInvitation.survey_kind, WaveInvitation.id)
    )
    invitations = list(db.session.scalars(query))
    opted_out = set(
        db.session.scalars(
            sa.select(OrganizationContact.email).where(
                OrganizationContact.state == ContactState.OPTED_OUT,
                OrganizationContact.email.in_({i.email for i in invitations if i.email}),
            )
        )
    )
    answered = answered_pairs(wave)
    return [
        InvitationRow(
            invitation,
            invitation.email in opted_out,
            (invitation.organization_id, invitation.survey_kind) in answered,
            _mail_state(invitation),
        )
        for invitation in invitations
    ]


def _mail_state(invitation: WaveInvitation) -> str:
    """Return where the invitation's last mail stands, or "erased" once its address is gone."""
    if not invitation.email:
        return "erased"
    return delivery_state(invitation.message) if invitation.message else "not sent"


def counts_of(rows: list[InvitationRow]) -> InvitationCounts:
    """Count the rows of `invitations_of`: invited, mailed, opened, answered, opted out."""
    return InvitationCounts(
        invited=len(rows),
        mailed=sum(row.mail == "sent" for row in rows),
        opened=sum(row.opened for row in rows),
        answered=sum(row.answered for row in rows),
        opted_out=sum(row.opted_out for row in rows),
    )


def invited_pairs(wave: SurveyWave) -> set[tuple[int, SurveyKind]]:
    """Return the (organization, survey) pairs invited to `wave`."""
    return set(
        db.session.execute(
            sa.select(WaveInvitation.organization_id, WaveInvitation.survey_kind).where(
                WaveInvitation.wave_id == wave.id
            )
        )
    )


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
    return db.session.execute(
        sa.select(sa.func.count()).where(
            WaveInvitation.wave_id == wave.id,
            WaveInvitation.status != InvitationStatus.ANSWERED,
        )
    ).scalar_one()


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
