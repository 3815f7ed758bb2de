"""How Flask-Login finds the signed-in user, and what it does for anonymous visitors."""

import hashlib

import sqlalchemy as sa
from flask import request
from flask_babel import gettext
from flask_login import LoginManager

from app.audit import Action, record
from app.extensions import db
from app.i18n import N_
from app.inputs import parse_id
from app.models import User
from app.models.user import new_session_token


def load_user(session_id: str) -> User | None:
    """Return the active user a session names, or None to sign the session out.

    The id carries the account's session token, so a changed password or a
    deactivation ends every existing session at its next request.
    """
    user_id, _, token = session_id.partition(":")
    account_id = parse_id(user_id)
    if account_id is None or not token:
        return None
    user = db.session.scalar(sa.select(User).where(User.id == account_id))
    if user is None or not user.active or user.session_token != token:
        return None
    return user


def session_identifier() -> str:
    """Fingerprint the client by address and browser for Flask-Login's session protection.

    Flask-Login's own version reads X-Forwarded-For straight from the request, which
    any client can set. request.remote_addr is the socket's address, or the proxy's
    forwarded address only when ProxyFix is configured to trust it.
    """
    agent = request.headers.get("User-Agent", "")
    return hashlib.sha512(f"{request.remote_addr}|{agent}".encode()).hexdigest()


def configure_login_manager(manager: LoginManager) -> None:
    """Install the user loader, the sign-in page and session protection."""
    manager.user_loader(load_user)
    manager.login_view = "auth.login"
    manager.login_message = N_("Sign in to continue.")
    manager.localize_callback = gettext  # the message is flashed in the visitor's language
    manager.session_protection = "basic"
    manager._session_identifier_generator = session_identifier


def sign_out(user: User) -> None:
    """End every session of `user`, this one included, as signing out does.

    The session cookie carries the account's session token; a new token makes every
    copy of an old cookie, wherever it is, sign nobody in.
    """
    user.session_token = new_session_token()
    record(Action.USER_LOGOUT, user, target_user=user)
    db.session.commit()


def sign_out_everywhere(admin: User, user: User) -> None:
    """End every session of `user` on every device, as an administrator's action."""
    user.session_token = new_session_token()
    record(Action.USER_SIGN_OUT_EVERYWHERE, admin, target_user=user)
    db.session.commit()
