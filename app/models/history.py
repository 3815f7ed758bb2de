"""Kept versions of submissions, organization aliases, and the mail outbox."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.types import utcnow
from app.models.user import User


class SubmissionVersion(Model):
    """A snapshot of a submission's answers, taken each time they change.

    The answer rows stay the single source of truth; a snapshot is history, kept
    so that a moderator can see what an edit changed.
    """

    __tablename__ = "submission_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        sa.ForeignKey("submission.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # None when the submitter made this version.
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    snapshot: Mapped[dict] = mapped_column(sa.JSON)

    author: Mapped[User | None] = relationship()

    __table_args__ = (sa.UniqueConstraint("submission_id", "number"),)


class OrganizationAlias(Model):
    """A former name of an organization (after a merge), so new answers still match it."""

    __tablename__ = "organization_alias"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    name_key: Mapped[str] = mapped_column(sa.String(200), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboxMessage(Model):
    """An email to send, or that was sent. Without SMTP it stays here for moderators to read.

    Its body never holds a private link: only a sealed mark, written out as the message is
    sent (app/notifications/links.py).
    """

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    to_address: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)
    # The language it is written in (a link that stopped working is explained in it), and
    # the site's address when it was written, which its private links are written under.
    language: Mapped[str] = mapped_column(sa.String(8), default="en", server_default="en")
    site_root: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    submission_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("submission.id", ondelete="SET NULL"), index=True
    )
    sent_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
