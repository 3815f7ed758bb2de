"""Wave invitations: a personal link per organization, wave and survey."""

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import tokens
from app.extensions import Model
from app.models.enums import InvitationStatus, SurveyKind
from app.models.organization import Organization
from app.models.submission import Submission
from app.models.types import enum_column, utcnow
from app.models.wave import SurveyWave

if TYPE_CHECKING:
    from app.models.history import OutboxMessage


class WaveInvitation(Model):
    """An organization asked, by mail to one address, to answer one survey of one wave.

    The link works while the wave takes answers (see app.invitations.personal_links); only
    the digest of its token is kept, with the seed it is derived from (app/tokens.py).
    """

    __tablename__ = "wave_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(sa.ForeignKey("survey_wave.id"), index=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    survey_kind: Mapped[SurveyKind] = mapped_column(enum_column(SurveyKind))
    # Private: the invitee's address, kept in lower case; never shown on a public page.
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    status: Mapped[InvitationStatus] = mapped_column(
        enum_column(InvitationStatus), default=InvitationStatus.SENT
    )
    token_digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    token_seed: Mapped[str] = mapped_column(sa.String(64))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    last_reminded_at: Mapped[datetime | None]
    # The submission sent from this invitation (or by its organization to this survey).
    submission_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("submission.id", ondelete="SET NULL")
    )
    # The last mail written for it (the invitation, then each reminder): whether it went.
    message_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("outbox_message.id", ondelete="SET NULL")
    )

    wave: Mapped[SurveyWave] = relationship()
    organization: Mapped[Organization] = relationship()
    submission: Mapped[Submission | None] = relationship()
    message: Mapped["OutboxMessage | None"] = relationship()

    # Nothing is sent twice to the same organization for the same survey of a wave.
    __table_args__ = (sa.UniqueConstraint("wave_id", "organization_id", "survey_kind"),)

    @property
    def token(self) -> str | None:
        """Return the personal link's token, or None when no key at hand gives it."""
        return tokens.recover(self.token_seed, self.token_digest, tokens.INVITATION_PURPOSE)

    def issue_token(self) -> None:
        """Give this invitation its personal link (before it is first written)."""
        self.token_seed = tokens.new_seed()
        self.token_digest = tokens.issue(self.token_seed, tokens.INVITATION_PURPOSE)[1]

    def __repr__(self) -> str:
        return f"<WaveInvitation {self.id} {self.survey_kind.value} {self.status.value}>"
