"""`flask notify-moderators` and `flask send-mail`, for cron or by hand."""

import click
import sqlalchemy as sa

from app.extensions import db
from app.models import OutboxMessage
from app.notifications.delivery import deliver_pending, deliverable, mail_configured
from app.notifications.services import notice_setting, queue_daily_digest


def _waiting() -> int:
    """Count the messages that still wait for a delivery attempt."""
    return db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(deliverable()))


def _deliver(limit: int) -> int:
    """Send up to `limit` waiting messages, report the outcome, and return how many failed."""
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
