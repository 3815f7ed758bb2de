"""Moderator and administrator accounts. There is no public sign-up."""

import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.enums import Role
from app.models.types import enum_column, utcnow


def new_session_token() -> str:
    """Return a random value that ties browser sessions to the account's current state."""
    return secrets.token_urlsafe(16)


class User(UserMixin, Model):
    """A moderator or admin who signs in to review submissions."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    # None until an invited user chooses a password.
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.MODERATOR)
    active: Mapped[bool] = mapped_column(default=True)
    # Part of the session identifier: changing it (password change, deactivation)
    # signs the account out everywhere.
    session_token: Mapped[str] = mapped_column(sa.String(32), default=new_session_token)
    # A pending invitation's link: the digest of its token and the seed it is derived
    # from with SECRET_KEY (app/tokens.py), so that its mail is written when it is sent.
    invite_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    invite_token_seed: Mapped[str | None] = mapped_column(sa.String(64))
    invite_expires_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    @property
    def is_active(self) -> bool:
        """Deactivated accounts cannot sign in, and their sessions end."""
        return self.active

    def get_id(self) -> str:
        """Identify the session by account and session token (see session_token)."""
        return f"{self.id}:{self.session_token}"

    @property
    def display_name(self) -> str:
        return self.name or self.email

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"
