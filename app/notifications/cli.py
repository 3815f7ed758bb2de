"""`flask notify-moderators` and `flask send-mail`, for cron or by hand, and `flask show-mail`."""

import click
import sqlalchemy as sa

from app.extensions import db
from app.models import OutboxMessage
from app.notifications.delivery import (
    body_as_sent,
    deliver_pending,
    deliverable,
    mail_configured,
)
from app.notifications.requests import compose_requested
from app.notifications.services import notice_setting, queue_daily_digest


def _waiting() -> int:
    """Count the messages that still wait for a delivery attempt."""
    return db.session.execute(
        sa.select(sa.func.count(OutboxMessage.id)).where(deliverable())
    ).scalar_one()


def _deliver(limit: int) -> int:
    """Send up to `limit` waiting messages, report the outcome, and return how many failed."""
    compose_requested(limit)  # mail the public forms asked for, written first
    if not mail_configured():
        click.echo(
            f"MAIL_SERVER is not set, so nothing was sent: {_waiting()} message(s) wait in "
            "the outbox, where moderators can read them at /moderation/outbox/."
        )
        return 0
    sent, failed = deliver_pending(limit=limit)
    click.echo(f"Sent {sent} message(s), {failed} failed; {_waiting()} still waiting.")
    return failed


@click.command("notify-moderators")
@click.option(
    "--force", is_flag=True, help='Send the digest even when MODERATOR_NOTICES is "immediate".'
)
def notify_moderators_command(force: bool) -> None:
    """Send moderators the daily digest of new submissions (run it once a day)."""
    if notice_setting() != "daily" and not force:
        click.echo(
            'MODERATOR_NOTICES is "immediate": moderators already had a notice for each new '
            "submission, so no digest was queued. Use --force to send one anyway."
        )
        return
    queued = queue_daily_digest()
    db.session.commit()
    if not queued:
        click.echo("No new submissions since the last digest; nothing queued.")
        return
    click.echo(f"Queued the digest for {len(queued)} moderator(s).")
    if _deliver(limit=max(50, len(queued))):
        click.get_current_context().exit(1)


@click.command("send-mail")
@click.option("--limit", default=50, show_default=True, help="Most messages to send in this run.")
def send_mail_command(limit: int) -> None:
    """Send outbox messages that are still waiting (exit status 1 if any failed)."""
    if _deliver(limit=limit):
        click.get_current_context().exit(1)


@click.command("show-mail")
@click.argument("message_id", type=int)
def show_mail_command(message_id: int) -> None:
    """Print one outbox message as it would be sent, its private links written in full.

    For a site without SMTP: whoever runs this holds the server's SECRET_KEY already,
    so it opens nothing that the outbox page (which names the links, never gives them)
    would not. Pass the links on only to the message's own recipient.
    """
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        click.echo(f"No message {message_id} in the outbox.", err=True)
        click.get_current_context().exit(1)
    click.echo(f"To: {message.to_address}\nSubject: {message.subject}\n")
    click.echo(body_as_sent(message))
