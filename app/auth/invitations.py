"""Account invitations: an administrator opens an account and mails its owner a link.

The link lets the owner choose a password within INVITE_LIFETIME and works once; sending
it again replaces the old one. Every change is committed together with its audit event.
"""

from datetime import timedelta
from typing import cast

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from app import tokens
from app.audit import Action, record
from app.auth.passwords import hash_password
from app.auth.services import AccountError, check_password, new_account
from app.extensions import db
from app.models import Role, User
from app.models.types import utcnow
from app.models.user import new_session_token
from app.notifications.links import sealed
from app.notifications.outbox import queue_message

INVITE_LIFETIME = timedelta(days=7)


def _send_invitation(admin: User, user: User) -> None:
    """Give `user` a fresh invitation link and queue the email that carries it."""
    user.invite_token_seed = tokens.new_seed()
    user.invite_token_hash = tokens.issue(user.invite_token_seed, tokens.ACCOUNT_PURPOSE)[1]
    user.invite_expires_at = utcnow() + INVITE_LIFETIME
    # The message keeps a sealed mark; the link is written as it is sent.
    link = sealed("account", user.invite_token_hash)
    site = current_app.config["SITE_NAME"]
    # In the language of the administrator's page: they know the person they invite.
    paragraphs = [
        _("Hello %(name)s,", name=user.display_name),
        ngettext(
            "%(admin)s has opened an account for you on %(site)s, with the role %(role)s. "
            "Choose your password at this address within %(num)d day:",
            "%(admin)s has opened an account for you on %(site)s, with the role %(role)s. "
            "Choose your password at this address within %(num)d days:",
            INVITE_LIFETIME.days,
            admin=admin.display_name,
            site=site,
            role=user.role.label,
        ),
        link,
        _("The link works once. If you did not expect this message, you can ignore it."),
    ]
    queue_message(
        kind="invite",
        to_address=user.email,
        subject=_("Your %(site)s account", site=site),
        body="\n\n".join(paragraphs) + "\n",
    )


def invite_user(admin: User, email: str, name: str, role: Role) -> User:
    """Create an account without a password and email its owner a link to choose one."""
    user = new_account(email, name, role)
    _send_invitation(admin, user)
    record(Action.USER_INVITE, admin, target_user=user, note=role.value)
    db.session.commit()
    return user


def resend_invitation(admin: User, user: User) -> None:
    """Replace the invitation of an account that has no password yet; the old link stops."""
    if user.password_hash:
        raise AccountError(_("%(email)s has already chosen a password.", email=user.email))
    if not user.active:
        raise AccountError(
            _("%(email)s is deactivated; reactivate the account first.", email=user.email)
        )
    _send_invitation(admin, user)
    record(Action.USER_INVITE, admin, target_user=user, note="invitation sent again")
    db.session.commit()


class InvitationError(Exception):
    """An invitation link that cannot be used; the message says why."""


def invited_user(token: str) -> User:
    """Return the account an invitation link belongs to, or raise InvitationError."""
    user = None
    if token and len(token) <= 100:
        user = db.session.scalar(
            sa.select(User).where(User.invite_token_hash == tokens.digest(token))
        )
    if user is None or not user.active:
        raise InvitationError(
            _(
                "This invitation link does not work. It may have been used already, or "
                "replaced by a newer one. Ask an administrator to send you a new invitation."
            )
        )
    if user.invite_expires_at is None or user.invite_expires_at < utcnow():
        raise InvitationError(
            _("This invitation has expired. Ask an administrator to send you a new one.")
        )
    return user


def accept_invitation(token: str, password: str) -> User:
    """Set the invited account's password, use up the link and note the first sign-in."""
    check_password(password)
    user = invited_user(token)
    # Conditional on the token still being there, so two tabs cannot both use it.
    # A DELETE or UPDATE gives a CursorResult, with its rowcount; Session.execute says Result.
    used = cast(
        sa.CursorResult,
        db.session.execute(
            sa.update(User)
            .where(User.id == user.id, User.invite_token_hash == tokens.digest(token))
            .values(
                password_hash=hash_password(password),
                invite_token_hash=None,
                invite_token_seed=None,
                invite_expires_at=None,
                session_token=new_session_token(),
                last_login_at=utcnow(),
            )
            .execution_options(synchronize_session=False)
        ),
    )
    if used.rowcount != 1:
        db.session.rollback()
        raise InvitationError(_("This invitation link has just been used."))
    db.session.refresh(user)
    record(Action.USER_PASSWORD, user, target_user=user, note="chosen from invitation")
    record(Action.USER_LOGIN, user, target_user=user)
    db.session.commit()
    return user
