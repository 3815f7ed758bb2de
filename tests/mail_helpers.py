"""Mail test helpers: submissions with contacts, the outbox, and a real local SMTP server.

Loaded as a pytest plugin by tests/conftest.py, so its fixtures are available everywhere.
"""

import contextlib
import email
import email.policy
import socket

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from app.extensions import db
from app.models import OutboxMessage, Submission, SubmissionStatus, SurveyKind
from app.notifications.delivery import body_as_sent
from app.notifications.outbox import queue_message
from tests import factories
from tests.conftest import empty_all_tables, make_app

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


def sent_body(message: OutboxMessage) -> str:
    """Return a kept message's body as its recipient gets it, private links written in full."""
    return body_as_sent(message)


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
