"""A moderator sends a message that gave up once more, from its outbox page."""

import sqlalchemy as sa

from app.audit import Action
from app.extensions import db
from app.models import AuditEvent, OutboxMessage
from app.notifications.delivery import MAX_ATTEMPTS
from tests import factories
from tests.conftest import AuthActions
from tests.mail_helpers import outbox, queue_and_commit
from tests.moderation_helpers import csrf_from

GAVE_UP = {"attempts": MAX_ATTEMPTS, "last_error": "ConnectionRefusedError: [Errno 111]"}


def given_up_message() -> OutboxMessage:
    """Queue a message and mark it as given up after every attempt failed."""
    queue_and_commit("Your answers were approved")
    [message] = outbox()
    for name, value in GAVE_UP.items():
        setattr(message, name, value)
    db.session.commit()
    return message


def signed_in_client(app):
    """Return a client of `app` with a moderator signed in through the real form."""
    factories.make_user("moderator@example.org")
    client = app.test_client()
    assert AuthActions(client).login().status_code == 303
    return client


def retry(client, message_id: int, token_from: str | None = None):
    """Press "Try sending again" on the message's page (or post with another page's token)."""
    url = f"/moderation/outbox/{message_id}"
    token = csrf_from(client, token_from or url)
    return client.post(f"{url}/retry", data={"csrf_token": token})


def test_a_given_up_message_is_sent_again(mail_app):
    app, inbox = mail_app()
    message = given_up_message()
    client = signed_in_client(app)
    page = client.get(f"/moderation/outbox/{message.id}").get_data(as_text=True)
    assert "Failed, given up after 5 attempts" in page and "Try sending again" in page
    response = retry(client, message.id)
    assert response.status_code == 303
    assert inbox.subjects() == ["Your answers were approved"]
    db.session.expire_all()
    assert outbox()[0].sent_at is not None
    [event] = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == Action.MAIL_RETRY.value)
    ).all()
    assert event.actor_label == "moderator@example.org"
    assert "ConnectionRefusedError" in event.note
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "will be sent again" in page and "Try sending again" not in page


def test_only_a_given_up_message_can_be_retried(mail_app):
    app, inbox = mail_app()
    queue_and_commit("Still trying")
    [message] = outbox()
    message.attempts, message.last_error = 2, "TimeoutError"
    db.session.commit()
    client = signed_in_client(app)
    # No button on its page: a hand-made post with the session's token is refused.
    response = retry(client, message.id, token_from="/login")
    assert "Only a message that failed" in client.get(response.headers["Location"]).text
    db.session.expire_all()
    assert outbox()[0].attempts == 2 and inbox.received == []
    assert retry(client, 999999, token_from="/login").status_code == 404


def test_without_smtp_there_is_no_retry_button(client, auth, moderator):
    message = given_up_message()
    assert auth.login().status_code == 303
    page = client.get(f"/moderation/outbox/{message.id}").get_data(as_text=True)
    assert "Failed, given up" in page and "Try sending again" not in page


def test_retry_needs_a_csrf_token_and_a_moderator(client, auth, moderator):
    message = given_up_message()
    assert client.post(f"/moderation/outbox/{message.id}/retry").status_code in (302, 400)
    auth.login()
    assert client.post(f"/moderation/outbox/{message.id}/retry").status_code == 400
    db.session.expire_all()
    assert outbox()[0].attempts == MAX_ATTEMPTS
