"""Emails to submitters and moderators: what is queued, and delivery through a real SMTP server."""

import contextlib
import email
import email.policy
import logging
import socket
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from app.extensions import db
from app.models import OutboxMessage, Role, Submission, SubmissionStatus, SurveyKind
from app.models.types import utcnow
from app.notifications.delivery import MAX_ATTEMPTS, deliver_after_commit, deliver_pending
from app.notifications.outbox import queue_message
from app.notifications.services import (
    notify_moderators_of_submission,
    notify_submitter,
    queue_daily_digest,
)
from tests import factories
from tests.conftest import empty_all_tables, make_app
from tests.helpers import count

SITE = "https://survey.example.org"


def make_submission(
    name="Code for Testville",
    *,
    kind=SurveyKind.PARTNERSHIP,
    created_at=None,
    contact_email="riley@example.org",
) -> Submission:
    """Store a submission from `name`, with a contact, in the "current" wave."""
    wave = db.session.scalar(sa.select(factories.SurveyWave).filter_by(slug="current"))
    submission = Submission(
        wave=wave or factories.make_wave(),
        survey_kind=kind,
        organization=factories.make_org(name),
        status=SubmissionStatus.PENDING,
        contact_name="Riley Organizer",
        contact_email=contact_email,
        review_note="Looks like spam from a rival group",
    )
    if created_at is not None:
        submission.created_at = created_at
    db.session.add(submission)
    db.session.commit()
    return submission


def outbox(kind=None) -> list[OutboxMessage]:
    """Return the outbox's messages (of `kind`), oldest first, fresh from the database."""
    db.session.expire_all()
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(query))


def free_port() -> int:
    """Return a local TCP port that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        """Start empty."""
        self.received = []  # (recipients, parsed message)

    async def handle_DATA(self, server, session, envelope):
        """Keep the message and accept it."""
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((envelope.rcpt_tos, message))
        return "250 Message accepted"

    def subjects(self) -> list[str]:
        """Return the subjects received so far, in order."""
        return [message["Subject"] for _, message in self.received]


@pytest.fixture
def app_with(database_url, schema):
    """Return a builder of the app with config overrides, its context pushed until the end."""
    with contextlib.ExitStack() as stack:
        built = []

        def build(**overrides):
            """Build the app with `overrides` and push its context."""
            built.append(make_app(database_url, **overrides))
            stack.enter_context(built[-1].app_context())
            return built[-1]

        yield build
        if built:
            db.session.remove()
            empty_all_tables()
            db.engine.dispose()


@pytest.fixture
def mail_app(app_with):
    """Return a builder of (app, inbox): the app sends through a real local SMTP server."""
    with contextlib.ExitStack() as stack:

        def build(server_options=None, **overrides):
            """Start an SMTP server (with `server_options`) and build an app that uses it."""
            inbox = Inbox()
            server = Controller(
                inbox, hostname="127.0.0.1", port=free_port(), **(server_options or {})
            )
            server.start()
            stack.callback(server.stop)
            return app_with(**mail_settings(server.port), **overrides), inbox

        yield build


def mail_settings(port: int) -> dict:
    """Return the config that sends mail to 127.0.0.1:`port`, without STARTTLS."""
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_USE_TLS": False}


def queue_and_commit(subject="Your answers", to="riley@example.org", body="Body") -> None:
    """Queue a decision email and commit it, as a request would."""
    queue_message("decision", to, subject, body)
    db.session.commit()


# What the submitter is told -------------------------------------------------------------


@pytest.mark.parametrize(
    "action, subject_words, body_words",
    [
        ("approved", "are published", "approved them"),
        ("rejected", "were not published", "decided not to publish"),
        ("changes_requested", "need a change", "change something"),
        ("unpublished", "were withdrawn from the map", "withdrawn your answers"),
    ],
)
def test_submitter_hears_each_outcome_with_the_status_link(app, action, subject_words, body_words):
    submission = make_submission()
    with app.test_request_context(base_url=SITE):
        queued = notify_submitter(submission, action)
    db.session.commit()
    [message] = outbox()
    assert queued is not None and message.id == queued.id
    assert (message.kind, message.to_address) == ("decision", "riley@example.org")
    assert message.submission_id == submission.id
    assert message.subject == f"Your answers for Code for Testville {subject_words}"
    assert body_words in message.body
    assert "Hello Riley Organizer," in message.body
    assert "Wave current" in message.body and "partnership survey" in message.body
    assert f"{SITE}/status/{submission.token}" in message.body


def test_changes_requested_email_quotes_the_moderators_message(app):
    submission, other = make_submission(), make_submission("Other Group")
    other.message_to_submitter = "Name the library's branch."
    with app.test_request_context(base_url=SITE):
        notify_submitter(submission, "changes_requested", "Add your partner's city.\nThanks!")
        notify_submitter(other, "changes_requested")  # the message stored on the submission
    quoted, stored = outbox()
    assert "    Add your partner's city.\n    Thanks!" in quoted.body
    assert "You can change your answers at your private link" in quoted.body
    assert "    Name the library's branch." in stored.body


def test_rejection_email_never_carries_the_private_reason(app):
    submission = make_submission()
    with app.test_request_context(base_url=SITE):
        notify_submitter(submission, "rejected", message="Looks like spam from a rival group")
    [message] = outbox()
    assert "spam" not in message.body.lower() and "rival" not in message.body
    assert "spam" not in message.subject.lower()


def test_no_email_without_a_contact_address(app):
    submission = make_submission(contact_email=None)
    with app.test_request_context(base_url=SITE):
        assert notify_submitter(submission, "approved") is None
    assert count(OutboxMessage) == 0


def test_bad_input_is_logged_not_raised(app, caplog):
    make_submission()
    broken = Submission(contact_email="someone@example.org")  # no wave, no organization
    with caplog.at_level(logging.INFO), app.test_request_context(base_url=SITE):
        assert notify_submitter(broken, "approved") is None
        assert notify_submitter(make_submission("Other Group"), "archived") is None
    db.session.commit()
    assert count(OutboxMessage) == 0
    assert "could not write the 'approved' email" in caplog.text
    assert "unknown decision 'archived'" in caplog.text


# What moderators are told ---------------------------------------------------------------


def test_immediate_notice_goes_to_every_active_account(app, moderator, admin):
    factories.make_user("former@example.org", Role.MODERATOR, active=False)
    submission = make_submission(kind=SurveyKind.INVOLVEMENT)
    with app.test_request_context(base_url=SITE):
        queued = notify_moderators_of_submission(submission)
    db.session.commit()
    messages = outbox("new_submission")
    assert [m.id for m in queued] == [m.id for m in messages]
    assert {m.to_address for m in messages} == {"moderator@example.org", "admin@example.org"}
    for message in messages:
        assert message.submission_id == submission.id
        assert message.subject == (
            "[Constellation] To review: civic tech involvement survey from Code for Testville"
        )
        assert "They wait for review" in message.body
        assert f"{SITE}/moderation/submissions/{submission.id}" in message.body
        assert "riley@example.org" not in message.body  # contact details stay on the site


def test_daily_setting_sends_no_immediate_notice(app_with):
    app = app_with(MODERATOR_NOTICES="daily")
    factories.make_user("moderator@example.org")
    with app.test_request_context(base_url=SITE):
        assert notify_moderators_of_submission(make_submission()) == []
    assert count(OutboxMessage) == 0


def test_digest_lists_new_submissions_per_survey(app, moderator, admin):
    now = utcnow()
    make_submission("Too Old Group", created_at=now - timedelta(days=2))
    first = make_submission("Code for Testville", created_at=now - timedelta(hours=3))
    make_submission(
        "Data Collaborative", kind=SurveyKind.INVOLVEMENT, created_at=now - timedelta(hours=1)
    )
    make_submission("Imported Group", contact_email=None, created_at=now - timedelta(hours=1))
    with app.test_request_context(base_url=SITE):
        queued = queue_daily_digest(now=now)
    db.session.commit()
    messages = outbox("digest")
    assert len(queued) == 2
    assert {m.to_address for m in messages} == {"moderator@example.org", "admin@example.org"}
    body = messages[0].body
    assert messages[0].subject == "[Constellation] 2 new submissions to review"
    assert "Partnership survey: 1" in body and "Civic tech involvement survey: 1" in body
    assert "Code for Testville (waiting for review)" in body and "Data Collaborative" in body
    assert f"{SITE}/moderation/submissions/{first.id}" in body
    assert "Too Old Group" not in body and "Imported Group" not in body


def test_next_digest_starts_where_the_last_one_stopped(app, moderator):
    now = utcnow()
    assert queue_daily_digest(now=now) == []  # no submissions: no digest
    make_submission("Code for Testville", created_at=now - timedelta(hours=2))
    assert len(queue_daily_digest(now=now - timedelta(hours=1))) == 1
    db.session.commit()
    assert queue_daily_digest(now=now) == []  # nothing new since
    make_submission("Latecomer Group", created_at=now + timedelta(minutes=5))
    [second] = queue_daily_digest(now=now + timedelta(hours=1))
    db.session.commit()
    assert "Latecomer Group" in second.body and "Code for Testville" not in second.body
    assert second.subject == "[Constellation] 1 new submission to review"
    assert count(OutboxMessage) == 2


# Delivery ---------------------------------------------------------------------------------


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
