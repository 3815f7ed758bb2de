"""Who speaks for an organization: the addresses it can be written to, and how each is known."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.enums import ContactSource, ContactState
from app.models.organization import Organization
from app.models.types import enum_column, utcnow


class OrganizationContact(Model):
    """One address of one organization, with where it came from and whether it is verified.

    Private: never on a public page. Only a verified address (app/audience.py) gets
    invitations, reminders and an organization's answers kept for moderators only.
    """

    __tablename__ = "organization_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    # Kept in lower case; None once erased (the row stays, saying that a contact was erased).
    email: Mapped[str | None] = mapped_column(sa.String(254), index=True)
    name: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    # The language its mail is written in: the one it last answered in.
    language: Mapped[str] = mapped_column(sa.String(8), default="en", server_default="en")
    source: Mapped[ContactSource] = mapped_column(enum_column(ContactSource))
    state: Mapped[ContactState] = mapped_column(
        enum_column(ContactState), default=ContactState.UNVERIFIED, index=True
    )
    # The answers that gave it, when it came from answers.
    submission_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("submission.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    verified_at: Mapped[datetime | None]
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when its owner asked, from a status page, to be erased; an admin erases it.
    erasure_requested_at: Mapped[datetime | None]

    organization: Mapped[Organization] = relationship()

    __table_args__ = (sa.UniqueConstraint("organization_id", "email"),)

    def __repr__(self) -> str:
        return f"<OrganizationContact {self.id} {self.state.value}>"


class MailRequest(Model):
    """A request, from a public form, for links to be mailed to an address.

    The form only stores this row, the same work whether or not the address is known;
    the mail is written afterwards, away from the request (app/notifications/requests.py),
    and the row is deleted once it is.
    """

    __tablename__ = "mail_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    email: Mapped[str] = mapped_column(sa.String(254))
    language: Mapped[str] = mapped_column(sa.String(8), default="en")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
