"""Telling an account's owner about attempts on their account."""

from flask import current_app

from app.audit import Action, record
from app.auth.services import user_by_email
from app.extensions import db
from app.notifications.delivery import deliver_after_commit
from app.notifications.outbox import queue_message


def notify_sign_in_paused(email: str, address: str) -> None:
    """Tell an account's owner that guesses from one address were stopped (and audit it)."""
    user = user_by_email(email)
    if user is None or not user.active:
        return
    site = current_app.config["SITE_NAME"]
    limit = current_app.config["LOGIN_PAIR_LIMIT"]
    queue_message(
        kind="sign_in_notice",
        to_address=user.email,
        subject=f"Wrong passwords for your {site} account",
        body=(
            f"Hello {user.display_name},\n\n"
            f"Wrong passwords were entered for your {site} account from the address "
            f"{address or 'unknown'} ({limit} are allowed). Signing in to your account from "
            "that address is paused for a while. You can still sign in from the places you "
            "usually sign in from.\n\n"
            "If this was you, wait a few minutes and try again, or ask an administrator to "
            "set a new password. If it was not you, your password was not found; nothing "
            "else needs doing, but a long password you use nowhere else keeps it so.\n\n"
            f"The {site} team\n"
        ),
    )
    record(Action.USER_SIGN_IN_PAUSED, None, target_user=user, note=f"from {address}")
    db.session.commit()
    deliver_after_commit()
