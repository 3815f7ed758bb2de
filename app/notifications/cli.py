"""`flask notify-moderators` and `flask send-mail`."""

import click


@click.command("notify-moderators")
def notify_moderators_command() -> None:
    """Send moderators the daily digest of new submissions."""
    raise click.ClickException("not built yet")


@click.command("send-mail")
def send_mail_command() -> None:
    """Send outbox messages that are still waiting."""
    raise click.ClickException("not built yet")
