"""Working through the outbox after the commit that filled it: requested mail, then SMTP.

First the mail that public forms asked for is written (app/notifications/requests.py),
then waiting messages are sent. With MAIL_SERVER empty nothing is sent: messages wait in
the outbox, where moderators read them. Delivery never raises; a failure is stored on
the message and retried by the next run, up to MAX_ATTEMPTS times.
"""

import smtplib
import ssl
import threading
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import sqlalchemy as sa
from flask import Flask, current_app

from app.extensions import db
from app.i18n import in_language
from app.models import OutboxMessage
from app.models.types import utcnow
from app.notifications.links import unseal
from app.notifications.messages import one_line
from app.notifications.requests import compose_requested

MAX_ATTEMPTS = 5
SMTP_TIMEOUT = 20  # seconds to wait for the SMTP server before counting a failed attempt

# One background delivery at a time per process; a request that commits while one
# runs sets _requested so that the running worker goes round once more.
_running = threading.Lock()
_requested = threading.Event()


def mail_configured() -> bool:
    """Tell whether an SMTP server is configured."""
    return bool(current_app.config.get("MAIL_SERVER"))


def deliverable():
    """Return the condition of messages that still wait for (another) delivery attempt."""
    return sa.and_(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < MAX_ATTEMPTS)


def deliver_pending(limit: int = 50) -> tuple[int, int]:
    """Send up to `limit` waiting messages through SMTP and return (sent, failed).

    Does nothing when MAIL_SERVER is empty. Commits after every message, so call it
    only once the caller's own work is committed.
    """
    if not mail_configured():
        return 0, 0
    sent = failed = 0
    mailer = _Mailer()
    try:
        ids = db.session.scalars(
            sa.select(OutboxMessage.id).where(deliverable()).order_by(OutboxMessage.id).limit(limit)
        ).all()
        for message_id in ids:
            message = _claim(message_id)
            if message is None:
                continue  # sent, or being sent by another worker, meanwhile
            try:
                mailer.send(_to_email(message))
            except Exception as error:  # whatever went wrong, it is this message's failure
                _record_failure(message, error)
                failed += 1
            else:
                message.sent_at = utcnow()
                message.last_error = ""
                sent += 1
            db.session.commit()
    except Exception:
        current_app.logger.exception("mail delivery stopped after %s sent, %s failed", sent, failed)
        db.session.rollback()
    finally:
        mailer.close()
    if sent or failed:
        current_app.logger.info("mail delivery: %s sent, %s failed", sent, failed)
    return sent, failed


def work_through_outbox(limit: int = 50) -> tuple[int, int]:
    """Write requested mail, then send waiting messages; return (sent, failed)."""
    compose_requested(limit)
    return deliver_pending(limit)


def deliver_after_commit() -> None:
    """Work through the outbox without delaying the response; call it after committing.

    It runs in a daemon thread with its own application context, so a slow SMTP server
    (or writing a requested mail) never holds up the request. Under app.testing it runs
    at once, so that tests are deterministic, unless OUTBOX_INLINE is False.
    """
    try:
        # current_app is a LocalProxy, which Flask types as the Flask app it stands for.
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        if app.config.get("OUTBOX_INLINE", app.testing):
            work_through_outbox()
            return
        worker = threading.Thread(
            target=_deliver_in_background, args=(app,), name="outbox-delivery", daemon=True
        )
        worker.start()
    except Exception:
        current_app.logger.exception("could not start mail delivery")


def _deliver_in_background(app: Flask) -> None:
    """Deliver waiting mail in this thread, unless another thread already is doing it."""
    _requested.set()
    while _requested.is_set() and _running.acquire(blocking=False):
        try:
            while _requested.is_set():
                _requested.clear()
                with app.app_context():
                    work_through_outbox()
        except Exception:
            app.logger.exception("background mail delivery failed")
        finally:
            _running.release()


def _claim(message_id: int) -> OutboxMessage | None:
    """Lock message `message_id` for sending, or return None if it no longer waits.

    On PostgreSQL the row stays locked until the commit that records the outcome,
    and a second worker skips it rather than sending it twice.
    """
    return db.session.scalar(
        sa.select(OutboxMessage)
        .where(OutboxMessage.id == message_id, deliverable())
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )


class _Mailer:
    """One SMTP connection for a delivery run, opened when the first message goes out."""

    def __init__(self) -> None:
        """Start without a connection."""
        self.smtp: smtplib.SMTP | None = None
        # A server that could not be reached is not tried again in the same run.
        self.connect_error: Exception | None = None

    def send(self, email: EmailMessage) -> None:
        """Send `email`, connecting first if needed; raise what the server answered."""
        if self.connect_error is not None:
            raise self.connect_error
        if self.smtp is None:
            try:
                self.smtp = _connect()
            except Exception as error:
                self.connect_error = error
                raise
        try:
            self.smtp.send_message(email)
        except smtplib.SMTPServerDisconnected:
            self.smtp = None  # reconnect for the next message
            raise

    def close(self) -> None:
        """Say goodbye to the server, ignoring one that is already gone."""
        _quit(self.smtp)
        self.smtp = None


def _connect() -> smtplib.SMTP:
    """Open a connection to the configured SMTP server: STARTTLS and login as configured."""
    config = current_app.config
    smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=SMTP_TIMEOUT)
    try:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
    except BaseException:
        _quit(smtp)
        raise
    return smtp


def _quit(smtp: smtplib.SMTP | None) -> None:
    """Close an SMTP connection politely, or abruptly if the server is already gone."""
    if smtp is None:
        return
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


def body_as_sent(message: OutboxMessage) -> str:
    """Return the message's body as it goes out: its private links written in full."""
    with in_language(message.language):
        return unseal(message.body, message.site_root or "")


def _to_email(message: OutboxMessage) -> EmailMessage:
    """Turn an outbox row into a plain-text email, its links written now (never kept)."""
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to_address
    email["Subject"] = one_line(message.subject)
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    email.set_content(body_as_sent(message))
    return email


def _record_failure(message: OutboxMessage, error: Exception) -> None:
    """Count a failed attempt on `message` and keep the reason for the outbox page."""
    message.attempts = (message.attempts or 0) + 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    gave_up = message.attempts >= MAX_ATTEMPTS
    (current_app.logger.error if gave_up else current_app.logger.warning)(
        "mail %s to %s failed (attempt %s of %s): %s",
        message.id,
        message.to_address,
        message.attempts,
        MAX_ATTEMPTS,
        message.last_error,
    )
