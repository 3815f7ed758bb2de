"""Delivering the outbox through SMTP, and the mail commands."""

import threading
from datetime import timedelta

from aiosmtpd.smtp import AuthResult

from app.models import OutboxMessage
from app.models.types import utcnow
from app.notifications.delivery import MAX_ATTEMPTS, deliver_after_commit, deliver_pending
from tests import factories
from tests.helpers import count
from tests.mail_helpers import (
    SITE,
    free_port,
    mail_settings,
    make_submission,
    outbox,
    queue_and_commit,
)


def test_delivery_through_a_real_smtp_server(mail_app):
    app, inbox = mail_app(MAIL_DEFAULT_SENDER="survey@example.org")
    queue_and_commit("Your answers", body="Hello Riley,\n\nApproved.")
    queue_and_commit("Digest", to="moderator@example.org")
    assert deliver_pending() == (2, 0)
    assert [rcpts for rcpts, _ in inbox.received] == [
        ["riley@example.org"],
        ["moderator@example.org"],
    ]
    first = inbox.received[0][1]
    assert first["From"] == "survey@example.org" and first["Subject"] == "Your answers"
    assert first.get_content().replace("\r\n", "\n") == "Hello Riley,\n\nApproved.\n"
    assert all(m.sent_at is not None and m.attempts == 0 and not m.last_error for m in outbox())
    assert deliver_pending() == (0, 0)  # nothing is sent twice


def test_delivery_signs_in_when_a_username_is_set(mail_app):
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        """Accept only the configured password, noting every sign-in."""
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"s3cret")

    options = {"authenticator": authenticator, "auth_require_tls": False}
    app, inbox = mail_app(options, MAIL_USERNAME="mailer", MAIL_PASSWORD="s3cret")
    queue_and_commit("Signed in")
    assert deliver_pending() == (1, 0)
    assert logins == [(b"mailer", b"s3cret")] and inbox.subjects() == ["Signed in"]


def test_unreachable_server_counts_attempts_and_gives_up(app_with):
    app = app_with(**mail_settings(free_port()))  # nothing listens there
    queue_and_commit("Stuck")
    assert deliver_pending() == (0, 1)
    [message] = outbox()
    assert message.sent_at is None and message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 1
    assert "Sent 0 message(s), 1 failed; 1 still waiting." in result.output
    for _ in range(MAX_ATTEMPTS):
        deliver_pending()
    assert outbox()[0].attempts == MAX_ATTEMPTS  # given up: no further attempt


def test_without_mail_server_messages_stay_in_the_outbox(app, runner):
    queue_and_commit("Waiting")
    assert deliver_pending() == (0, 0)
    deliver_after_commit()
    [message] = outbox()
    assert message.sent_at is None and message.attempts == 0
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0
    assert "MAIL_SERVER is not set" in result.output and "1 message(s) wait" in result.output


def test_deliver_after_commit_sends_at_once_under_testing(mail_app):
    app, inbox = mail_app()
    queue_and_commit("Right away")
    deliver_after_commit()
    assert inbox.subjects() == ["Right away"]


def test_deliver_after_commit_uses_a_background_thread_outside_tests(mail_app):
    app, inbox = mail_app(TESTING=False)
    queue_and_commit("In the background")
    deliver_after_commit()
    for worker in [t for t in threading.enumerate() if t.name == "outbox-delivery"]:
        worker.join(timeout=10)
    assert inbox.subjects() == ["In the background"]
    assert outbox()[0].sent_at is not None


# Commands ---------------------------------------------------------------------------------


def test_send_mail_sends_and_reports(mail_app):
    app, inbox = mail_app()
    queue_and_commit("From the command")
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    assert "Sent 1 message(s), 0 failed; 0 still waiting." in result.output
    assert inbox.subjects() == ["From the command"]


def test_notify_moderators_queues_and_sends_the_digest(mail_app):
    app, inbox = mail_app(
        MODERATOR_NOTICES="daily", SERVER_NAME="survey.example.org", PREFERRED_URL_SCHEME="https"
    )
    factories.make_user("moderator@example.org")
    submission = make_submission(created_at=utcnow() - timedelta(hours=1))
    result = app.test_cli_runner().invoke(args=["notify-moderators"])
    assert result.exit_code == 0, result.output
    assert "Queued the digest for 1 moderator(s)." in result.output
    assert "Sent 1 message(s)" in result.output
    assert inbox.subjects() == ["[Constellation] 1 new submission to review"]
    link = f"{SITE}/moderation/submissions/{submission.id}"  # absolute, outside any request
    assert link in inbox.received[0][1].get_content()
    again = app.test_cli_runner().invoke(args=["notify-moderators"])
    assert "No new submissions since the last digest" in again.output
    assert count(OutboxMessage) == 1


def test_notify_moderators_sends_no_digest_when_notices_are_immediate(app, runner, moderator):
    make_submission(created_at=utcnow() - timedelta(hours=1))
    result = runner.invoke(args=["notify-moderators"])
    assert result.exit_code == 0 and "no digest was queued" in result.output
    assert count(OutboxMessage) == 0
    forced = runner.invoke(args=["notify-moderators", "--force"])
    assert "Queued the digest for 1 moderator(s)." in forced.output
    assert "MAIL_SERVER is not set" in forced.output
    assert [m.kind for m in outbox()] == ["digest"]
