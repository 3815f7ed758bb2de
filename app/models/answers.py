"""Survey answers, stored as rows so that the network map is a query, not a parse."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.enums import (
    Answer3,
    Continuity,
    InvolvementLevel,
    InvolvementTopic,
    RelationshipStatus,
)
from app.models.organization import Organization
from app.models.submission import Submission
from app.models.theme import Theme, partnership_answer_theme
from app.models.types import enum_column


def _submission_fk() -> sa.ForeignKey:
    """Point at the submission an answer belongs to; answers go when it goes."""
    return sa.ForeignKey("submission.id", ondelete="CASCADE")


class PartnershipAnswer(Model):
    """Questions 1-3 of the partnership survey for one named partner."""

    __tablename__ = "partnership_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(_submission_fk(), index=True)
    position: Mapped[int]
    partner_id: Mapped[int] = mapped_column(sa.ForeignKey("organization.id"), index=True)
    status: Mapped[RelationshipStatus] = mapped_column(enum_column(RelationshipStatus))
    priorities: Mapped[str] = mapped_column(sa.Text, default="")
    how_built: Mapped[str] = mapped_column(sa.Text, default="")
    # Set when the answer started from an earlier wave's answers; None otherwise.
    continuity: Mapped[Continuity | None] = mapped_column(enum_column(Continuity))
    # Private: where the partner can be asked to confirm (app/partners); never published.
    partner_email: Mapped[str | None] = mapped_column(sa.String(254))
    # For moderators only (app/public.py): the whole relationship, or its words (questions
    # 2 and 3 with their themes). Marked by the submitter, or by a moderator with a reason.
    private: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    text_private: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    private_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    submission: Mapped[Submission] = relationship(back_populates="partnerships")
    partner: Mapped[Organization] = relationship()
    # Question 2's themes, beside its free text (app/themes).
    themes: Mapped[list[Theme]] = relationship(
        secondary=partnership_answer_theme, order_by=[Theme.position, Theme.id]
    )


class LearningInterest(Model):
    """Question 4: an organization or partnership the submitter wants to learn from.

    `organization` alone points at an organization; with `partner` it points at
    that organization's partnership; `note` holds free text that matched nothing.
    """

    __tablename__ = "learning_interest"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(_submission_fk(), index=True)
    position: Mapped[int]
    organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organization.id"), index=True
    )
    partner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organization.id"), index=True)
    note: Mapped[str] = mapped_column(sa.Text, default="")

    submission: Mapped[Submission] = relationship(back_populates="learning_interests")
    organization: Mapped[Organization | None] = relationship(foreign_keys=[organization_id])
    partner: Mapped[Organization | None] = relationship(foreign_keys=[partner_id])

    @property
    def label(self) -> str:
        """Name what this interest points at: 'Org — Partner', 'Org', or '' for a note."""
        if self.organization is None:
            return ""
        if self.partner is None:
            return self.organization.name
        return partnership_label(self.organization.name, self.partner.name)


def partnership_label(organization: str, partner: str) -> str:
    """Return how a partnership is named in suggestions and answers."""
    return f"{organization} — {partner}"


class InvolvementAnswer(Model):
    """The single-answer questions of the involvement survey."""

    __tablename__ = "involvement_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(_submission_fk(), unique=True)
    level: Mapped[InvolvementLevel] = mapped_column(enum_column(InvolvementLevel), index=True)
    provided_assistance: Mapped[bool]
    staff_count: Mapped[int] = mapped_column(default=0)
    wants_stronger_relationship: Mapped[Answer3] = mapped_column(enum_column(Answer3))
    comments: Mapped[str] = mapped_column(sa.Text, default="")

    submission: Mapped[Submission] = relationship(back_populates="involvement")


class InvolvementChoice(Model):
    """One box ticked in a multiple-choice question (assistance, barriers, events)."""

    __tablename__ = "involvement_choice"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(_submission_fk(), index=True)
    topic: Mapped[InvolvementTopic] = mapped_column(enum_column(InvolvementTopic))
    choice: Mapped[str] = mapped_column(sa.String(40))
    # The typed text when the choice is "other".
    detail: Mapped[str] = mapped_column(sa.String(300), default="")

    submission: Mapped[Submission] = relationship(back_populates="involvement_choices")

    __table_args__ = (sa.Index("ix_involvement_choice_topic_choice", "topic", "choice"),)


class LocalGroupAnswer(Model):
    """A local civic tech group (a brigade) that a data intermediary works with."""

    __tablename__ = "local_group_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(_submission_fk(), index=True)
    position: Mapped[int]
    organization_id: Mapped[int] = mapped_column(sa.ForeignKey("organization.id"), index=True)

    submission: Mapped[Submission] = relationship(back_populates="local_groups")
    organization: Mapped[Organization] = relationship()
