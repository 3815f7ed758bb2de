"""The outbox, where moderators read mail that was not sent through SMTP."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.models import OutboxMessage
from app.notifications import outbox
from app.notifications.delivery import MAX_ATTEMPTS, deliver_after_commit, mail_configured
from app.notifications.links import redacted
from app.pagination import read_page


def outbox_helpers() -> dict:
    """Give the outbox templates their helpers, and which moderation pages exist to link to."""
    views = current_app.view_functions
    return {
        "delivery_state": outbox.delivery_state,
        "kind_label": outbox.kind_label,
        "max_attempts": MAX_ATTEMPTS,
        "mail_configured": mail_configured(),
        "can_link_submissions": "moderation.submission" in views,
        "moderation_nav": "moderation.queue" in views and "moderation.log" in views,
    }


def index():
    """List the outbox's messages, newest first, fifty to a page."""
    page = outbox.outbox_page(read_page(request.args.get("page"))[0])
    return render_template("notifications/outbox.html", page=page)


def message(message_id: int):
    """Show one message, its private links named but not given (only the recipient gets them)."""
    message = db.get_or_404(OutboxMessage, message_id)
    return render_template(
        "notifications/message.html", message=message, body=redacted(message.body)
    )


def retry(message_id: int):
    """Send a message that gave up once more, with a fresh set of attempts."""
    message = db.get_or_404(OutboxMessage, message_id)
    try:
        outbox.retry_message(message, current_user)
    except outbox.RetryRefused as refused:
        flash(str(refused), "error")
    else:
        deliver_after_commit()
        flash(_("The message will be sent again; this page shows how it went."), "ok")
    return redirect(url_for("outbox.message", message_id=message_id), 303)
