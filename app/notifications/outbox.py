"""Queueing mail: every message is first a row in the outbox, in the caller's transaction."""

from app.extensions import db
from app.models import OutboxMessage, Submission


def queue_message(
    kind: str, to_address: str, subject: str, body: str, submission: Submission | None = None
) -> OutboxMessage:
    """Add a message to the outbox; it is sent (if SMTP is configured) after the commit."""
    message = OutboxMessage(
        kind=kind,
        to_address=to_address,
        subject=subject[:200],
        body=body,
        submission_id=submission.id if submission else None,
    )
    db.session.add(message)
    return message
