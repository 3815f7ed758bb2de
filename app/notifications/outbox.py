"""Queueing mail: every message is first a row in the outbox, in the caller's transaction."""

import sqlalchemy as sa
from flask_babel import get_locale
from flask_babel import gettext as _

from app.audit import Action, record
from app.extensions import db
from app.i18n import N_
from app.models import OutboxMessage, Submission, User
from app.notifications.delivery import MAX_ATTEMPTS
from app.notifications.links import site_root
from app.pagination import paginate


def queue_message(
    kind: str, to_address: str, subject: str, body: str, submission: Submission | None = None
) -> OutboxMessage:
    """Add a message to the outbox; it is sent (if SMTP is configured) after the commit.

    `body` holds private links as sealed marks (app/notifications/links.py); it is written
    in the language in force, which the message keeps.
    """
    message = OutboxMessage(
        kind=kind,
        to_address=to_address,
        subject=subject[:200],
        body=body,
        language=str(get_locale() or "en"),
        site_root=site_root(),
        submission_id=submission.id if submission else None,
    )
    db.session.add(message)
    return message


# Every kind of message, as moderators read it (N_: translated when shown).
KIND_LABELS = {
    "decision": N_("Decision"),
    "new_submission": N_("New submission"),
    "digest": N_("Daily digest"),
    "sign_in_notice": N_("Sign-in notice"),
    "receipt": N_("Receipt"),
    "lost_links": N_("Lost links"),
    "invite": N_("Account invitation"),
    "invitation": N_("Invitation"),
    "reminder": N_("Reminder"),
    "partner_question": N_("Partner question"),
    "partner_links": N_("Partner links"),
}


def kind_label(kind: str) -> str:
    """Return the label moderators see for a message's kind."""
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind.replace("_", " ").capitalize()


def outbox_page(page: int = 1):
    """Return one page of the outbox, newest first, in two queries (count and rows)."""
    newest_first = (OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    return paginate(sa.select(OutboxMessage).order_by(*newest_first), page)


def delivery_state(message: OutboxMessage) -> str:
    """Name where `message` stands: "sent", "failed" (given up), "retrying" or "not sent"."""
    if message.sent_at is not None:
        return "sent"
    if message.attempts >= MAX_ATTEMPTS:
        return "failed"
    if message.last_error:
        return "retrying"
    return "not sent"


class RetryRefused(Exception):
    """The message is not one that gave up, so there is nothing to try again."""


def retry_message(message: OutboxMessage, actor: User) -> None:
    """Give a message that gave up a fresh set of attempts, and record who asked; commits."""
    if delivery_state(message) != "failed":
        raise RetryRefused("Only a message that failed and was given up can be sent again.")
    # The last error goes to the audit line, so the outbox shows the message as waiting.
    record(
        Action.MAIL_RETRY,
        actor,
        note=f"message {message.id}, after: {message.last_error}",
    )
    message.attempts = 0
    message.last_error = ""
    db.session.commit()
