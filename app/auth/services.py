"""Account operations: creating, signing in, deactivating and changing roles.

Every change is committed together with its audit event. Inviting people to an account
is in app.auth.invitations.
"""

import secrets
from functools import cache

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _

from app.audit import Action, record
from app.auth.passwords import MIN_PASSWORD_LENGTH, hash_password, needs_rehash, verify_password
from app.extensions import db
from app.i18n import N_
from app.models import Role, User
from app.models.types import utcnow
from app.models.user import new_session_token

MAX_PASSWORD_LENGTH = 256
COMMAND_LINE = "command line"


class AccountError(Exception):
    """An account change that cannot be made; the message says why, for people to read.

    In the page's language on the site; in English on the command line (no request).
    """


def normalize_email(email: str) -> str:
    """Return `email` the way it is stored: trimmed and lowercased."""
    return email.strip().lower()


def check_password(password: str) -> None:
    """Refuse a password that is too short or absurdly long."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            _("Use a password of at least %(num)d characters.", num=MIN_PASSWORD_LENGTH)
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(
            _("Use a password of at most %(num)d characters.", num=MAX_PASSWORD_LENGTH)
        )


def user_by_email(email: str) -> User | None:
    """Return the account with `email`, whatever its case or surrounding spaces."""
    return db.session.scalar(sa.select(User).where(User.email == normalize_email(email)))


def all_users() -> list[User]:
    """Return every account, administrators first, then by email."""
    return list(db.session.scalars(sa.select(User).order_by(User.role, User.email)))


def new_account(email: str, name: str, role: Role) -> User:
    """Add an account after checking the address; the caller sets the password and commits."""
    email = normalize_email(email)
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise AccountError(
            # The validator's own reason stays in English.
            _(
                "%(email)s is not a valid email address: %(reason)s",
                email=repr(email),
                reason=error,
            )
        ) from None
    if user_by_email(email) is not None:
        raise AccountError(_("There is already an account for %(email)s.", email=email))
    user = User(email=email, name=name.strip(), role=role, active=True)
    db.session.add(user)
    db.session.flush()
    return user


def create_user(email: str, role: Role, password: str, name: str = "") -> User:
    """Create an active account with a password, as the command line does."""
    check_password(password)
    user = new_account(email, name, role)
    user.password_hash = hash_password(password)
    record(Action.USER_CREATE, None, actor_label=COMMAND_LINE, target_user=user, note=role.value)
    db.session.commit()
    return user


def set_password_from_command_line(email: str, password: str) -> User:
    """Replace an account's password and end its sessions (recovery when it is forgotten)."""
    check_password(password)
    user = user_by_email(email)
    if user is None:
        raise AccountError(f"There is no account for {normalize_email(email)}.")
    user.password_hash = hash_password(password)
    user.session_token = new_session_token()
    record(Action.USER_PASSWORD, None, actor_label=COMMAND_LINE, target_user=user)
    db.session.commit()
    return user


@cache
def _decoy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    """Return a hash of a random password made at the given cost, made once per cost."""
    return hash_password(secrets.token_urlsafe(16))


def authenticate(email: str, password: str) -> User | None:
    """Return the active account `email` and `password` sign in to, or None.

    An unknown address is checked against a decoy hash, so that it takes as long
    as a wrong password and the timing does not tell which addresses have accounts.
    """
    user = user_by_email(email)
    if user is None or not user.password_hash:
        config = current_app.config
        costs = (
            config["ARGON2_TIME_COST"],
            config["ARGON2_MEMORY_COST"],
            config["ARGON2_PARALLELISM"],
        )
        verify_password(_decoy_hash(*costs), password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    return user


def record_login(user: User, password: str) -> None:
    """Note a successful sign-in, and store a stronger hash if the configured cost rose."""
    note = ""
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        note = "password rehashed at the current cost"
    user.last_login_at = utcnow()
    record(Action.USER_LOGIN, user, target_user=user, note=note)
    db.session.commit()


# Why a change is refused to the last active administrator (N_: translated when raised).
LAST_ADMIN_DEACTIVATED = N_(
    "%(email)s is the last active administrator, so they cannot be deactivated. "
    "Make another account an administrator first."
)
LAST_ADMIN_DEMOTED = N_(
    "%(email)s is the last active administrator, so they cannot be made a moderator. "
    "Make another account an administrator first."
)


def _refuse_if_last_admin(user: User, refusal: str) -> None:
    """Refuse a change (`refusal` says why) when `user` is the only active administrator left.

    The rows are locked (on PostgreSQL) so that two admins removing each other at
    the same moment cannot both succeed.
    """
    if user.role is not Role.ADMIN or not user.active:
        return
    admins = db.session.scalars(
        sa.select(User.id).where(User.role == Role.ADMIN, User.active.is_(True)).with_for_update()
    ).all()
    if not [admin_id for admin_id in admins if admin_id != user.id]:
        raise AccountError(_(refusal, email=user.email))


def deactivate_user(admin: User, user: User) -> None:
    """Deactivate an account and end its sessions at their next request."""
    if user.id == admin.id:
        raise AccountError(_("You cannot deactivate your own account."))
    if not user.active:
        raise AccountError(_("%(email)s is already deactivated.", email=user.email))
    _refuse_if_last_admin(user, LAST_ADMIN_DEACTIVATED)
    user.active = False
    user.session_token = new_session_token()
    record(Action.USER_DEACTIVATE, admin, target_user=user)
    db.session.commit()


def reactivate_user(admin: User, user: User) -> None:
    """Let a deactivated account sign in again."""
    if user.active:
        raise AccountError(_("%(email)s is already active.", email=user.email))
    user.active = True
    record(Action.USER_REACTIVATE, admin, target_user=user)
    db.session.commit()


def change_role(admin: User, user: User, role: Role) -> None:
    """Give an account another role."""
    if user.role is role:
        raise AccountError(
            _("%(email)s already has the role %(role)s.", email=user.email, role=role.label)
        )
    if user.id == admin.id:
        raise AccountError(_("You cannot change your own role."))
    _refuse_if_last_admin(user, LAST_ADMIN_DEMOTED)
    before = user.role
    user.role = role
    record(
        Action.USER_ROLE, admin, target_user=user, from_status=before.value, to_status=role.value
    )
    db.session.commit()
