"""Submissions: one organization's answers to one survey in one wave."""

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import tokens
from app.extensions import Model
from app.models.enums import OrgKind, SubmissionOrigin, SubmissionStatus, SurveyKind
from app.models.organization import Organization
from app.models.types import enum_column, utcnow
from app.models.wave import SurveyWave

if TYPE_CHECKING:
    from app.models.answers import (
        InvolvementAnswer,
        InvolvementChoice,
        LearningInterest,
        LocalGroupAnswer,
        PartnershipAnswer,
    )
    from app.models.user import User


class Submission(Model):
    """A filled-in survey; nothing in it is public until its status is APPROVED."""

    __tablename__ = "submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(sa.ForeignKey("survey_wave.id"), index=True)
    survey_kind: Mapped[SurveyKind] = mapped_column(enum_column(SurveyKind))
    organization_id: Mapped[int] = mapped_column(sa.ForeignKey("organization.id"), index=True)
    status: Mapped[SubmissionStatus] = mapped_column(
        enum_column(SubmissionStatus), default=SubmissionStatus.PENDING, index=True
    )
    # Private: shown to the submitter (through the token) and to moderators only.
    # Empty for answers imported from published sources, which name no contact.
    contact_name: Mapped[str | None] = mapped_column(sa.String(120))
    # Kept in lower case (as the forms send it), so "Lost your link?" finds it by index.
    contact_email: Mapped[str | None] = mapped_column(sa.String(254), index=True)
    # The language the form was in (app/i18n.py): mail to the submitter goes in it, and
    # moderators see it. The answers themselves are kept in the language written.
    language: Mapped[str] = mapped_column(sa.String(8), default="en", server_default="en")
    # The status link's token is never stored: only its digest, and the seed it is
    # derived from with SECRET_KEY (app/tokens.py), set when the row is first written.
    token_digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    token_seed: Mapped[str | None] = mapped_column(sa.String(64))
    # Answers to a survey, or a partner's correction (which never counts as a respondent).
    origin: Mapped[SubmissionOrigin] = mapped_column(
        enum_column(SubmissionOrigin),
        default=SubmissionOrigin.SURVEY,
        server_default=SubmissionOrigin.SURVEY.value,
    )
    # The approved submission this one will replace once it is approved itself.
    replaces_id: Mapped[int | None] = mapped_column(sa.ForeignKey("submission.id"), index=True)
    # A partner's correction (app/partners): its own account of itself, applied to its
    # organization when approved, and its own answer to question 2, what matters to it.
    own_kind: Mapped[OrgKind | None] = mapped_column(enum_column(OrgKind))
    own_city: Mapped[str | None] = mapped_column(sa.String(100))
    own_state: Mapped[str | None] = mapped_column(sa.String(2))
    cares_about: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # Shown to the submitter when changes are requested.
    message_to_submitter: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # Moderators only: why it was rejected.
    review_note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Bumped on every change, so that two people editing or deciding at once
    # cannot silently overwrite each other (SQLAlchemy raises StaleDataError).
    version: Mapped[int] = mapped_column(default=1)

    wave: Mapped[SurveyWave] = relationship()
    organization: Mapped[Organization] = relationship()
    decided_by: Mapped["User | None"] = relationship()
    partnerships: Mapped[list["PartnershipAnswer"]] = relationship(
        back_populates="submission",
        cascade="all, delete-orphan",
        order_by="PartnershipAnswer.position",
    )
    learning_interests: Mapped[list["LearningInterest"]] = relationship(
        back_populates="submission",
        cascade="all, delete-orphan",
        order_by="LearningInterest.position",
    )
    involvement: Mapped["InvolvementAnswer | None"] = relationship(
        back_populates="submission", cascade="all, delete-orphan"
    )
    involvement_choices: Mapped[list["InvolvementChoice"]] = relationship(
        back_populates="submission",
        cascade="all, delete-orphan",
        order_by="InvolvementChoice.id",
    )
    local_groups: Mapped[list["LocalGroupAnswer"]] = relationship(
        back_populates="submission",
        cascade="all, delete-orphan",
        order_by="LocalGroupAnswer.position",
    )

    __mapper_args__ = {"version_id_col": version}
    # The review queue lists one status oldest first.
    __table_args__ = (sa.Index("ix_submission_status_created_at", "status", "created_at"),)

    @property
    def token(self) -> str | None:
        """Return the private status link's token, or None when it cannot be recovered."""
        return tokens.recover(self.token_seed, self.token_digest) if self.token_digest else None

    def issue_token(self) -> None:
        """Give this submission a status link (before it is first written)."""
        self.token_seed = tokens.new_seed()
        self.token_digest = tokens.issue(self.token_seed)[1]

    def __repr__(self) -> str:
        return f"<Submission {self.id} {self.survey_kind.value} {self.status.value}>"


@sa.event.listens_for(Submission, "before_insert")
def _issue_status_link(mapper, connection, submission: Submission) -> None:
    """Give every new submission a status link, however it is created."""
    if not submission.token_digest:
        submission.issue_token()
