"""Telling an account's owner about attempts on their account."""

from flask import current_app
from flask_babel import gettext as _

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
    limit = current_app.config["LOGIN_PAIR_LIMIT"]  # like "5 per 15 minutes": not translated
    # In the language of the sign-in page that was used (most often the owner's own).
    paragraphs = [
        _("Hello %(name)s,", name=user.display_name),
        _(
            "Wrong passwords were entered for your %(site)s account from the address "
            "%(address)s (%(limit)s are allowed). Signing in to your account from that "
            "address is paused for a while. You can still sign in from the places you "
            "usually sign in from.",
            site=site,
            address=address or _("unknown"),
            limit=limit,
        ),
        _(
            "If this was you, wait a few minutes and try again, or ask an administrator to "
            "set a new password. If it was not you, your password was not found; nothing "
            "else needs doing, but a long password you use nowhere else keeps it so."
        ),
        _("The %(site)s team", site=site),
    ]
    queue_message(
        kind="sign_in_notice",
        to_address=user.email,
        subject=_("Wrong passwords for your %(site)s account", site=site),
        body="\n\n".join(paragraphs) + "\n",
    )
    record(Action.USER_SIGN_IN_PAUSED, None, target_user=user, note=f"from {address}")
    db.session.commit()
    deliver_after_commit()
