"""A partner's say: its answer to an organization's word that the two work together."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import tokens
from app.extensions import Model
from app.models.enums import ReplyState
from app.models.organization import Organization
from app.models.submission import Submission
from app.models.types import enum_column, utcnow
from app.models.wave import SurveyWave


class PartnerReply(Model):
    """What a partner says of one reporter's partnership with it, over every wave.

    One row per (reporter, partner): a decline stays in force in later waves until the
    partner withdraws it. The link works until `expires_at`; only the digest of its token
    is kept, with the seed it is derived from (app/tokens.py).
    """

    __tablename__ = "partner_reply"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The organization whose answers named the partner.
    reporter_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    partner_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[ReplyState] = mapped_column(
        enum_column(ReplyState), default=ReplyState.UNANSWERED
    )
    # Private: the partner's address as the reporter gave it; never on a public page.
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    # The language of the reporter's form: the partner's mail is written in it.
    language: Mapped[str] = mapped_column(sa.String(8), default="en")
    # The wave whose approved answer last asked the partner.
    wave_id: Mapped[int] = mapped_column(sa.ForeignKey("survey_wave.id"))
    token_digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    token_seed: Mapped[str] = mapped_column(sa.String(64))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    # The partner's own answers, sent to moderation, when it corrected what was said.
    correction_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("submission.id", ondelete="SET NULL")
    )
    # Bumped on every change: a decline racing a correction's approval has one outcome.
    version: Mapped[int] = mapped_column(default=1)

    reporter: Mapped[Organization] = relationship(foreign_keys=[reporter_id])
    partner: Mapped[Organization] = relationship(foreign_keys=[partner_id])
    wave: Mapped[SurveyWave] = relationship()
    correction: Mapped[Submission | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (sa.UniqueConstraint("reporter_id", "partner_id"),)

    @property
    def token(self) -> str | None:
        """Return the partner's link token, or None when no key at hand gives it."""
        return tokens.recover(self.token_seed, self.token_digest, tokens.PARTNER_PURPOSE)

    def issue_token(self) -> None:
        """Give this reply a new link (the old one stops working)."""
        self.token_seed = tokens.new_seed()
        self.token_digest = tokens.issue(self.token_seed, tokens.PARTNER_PURPOSE)[1]

    def __repr__(self) -> str:
        return f"<PartnerReply {self.reporter_id}->{self.partner_id} {self.state.value}>"
