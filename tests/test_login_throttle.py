"""Failed sign-ins are counted per account and address, per address and per account."""

import time
import uuid

import sqlalchemy as sa

from app.audit import Action
from app.extensions import db
from app.models import OutboxMessage
from tests.conftest import make_app
from tests.factories import make_user
from tests.mail_helpers import sent_body
from tests.test_auth import events, login, signed_in


def fail(client, email: str, times: int) -> None:
    """Make `times` failed sign-ins for `email`."""
    for _ in range(times):
        assert login(client, email, "a wrong password!").status_code == 422


def test_an_address_is_stopped_after_five_failures_even_with_the_right_password(client, moderator):
    fail(client, "moderator@example.org", 5)
    response = login(client, "moderator@example.org")
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Try again later" in html
    assert 0 < int(response.headers["Retry-After"]) <= 15 * 60
    assert not signed_in(client)
    db.session.refresh(moderator)
    assert moderator.last_login_at is None
    assert events(Action.USER_LOGIN) == []


def test_a_stranger_cannot_lock_the_moderator_out(client, moderator):
    client.environ_base["REMOTE_ADDR"] = "192.0.2.1"
    fail(client, "MODERATOR@example.org", 5)
    assert login(client, "moderator@example.org").status_code == 429  # that address is stopped
    client.environ_base["REMOTE_ADDR"] = "192.0.2.2"
    assert login(client, "moderator@example.org").status_code == 303  # the owner is not


def test_the_owner_is_told_when_an_address_is_stopped(client, moderator):
    client.environ_base["REMOTE_ADDR"] = "192.0.2.1"
    fail(client, "moderator@example.org", 5)
    assert login(client, "moderator@example.org", "wrong again!").status_code == 429
    notices = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == "sign_in_notice")
    ).all()
    assert [n.to_address for n in notices] == ["moderator@example.org"]
    assert "192.0.2.1" in sent_body(notices[0]) and "still sign in" in sent_body(notices[0])
    [event] = events(Action.USER_SIGN_IN_PAUSED)
    assert event.target_user_id == moderator.id
    fail(client, "nobody@example.org", 5)  # no account: nobody to tell
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 1


def test_guesses_from_many_addresses_stop_new_addresses_not_known_ones(
    database_url, app, moderator
):
    tight = make_app(database_url, LOGIN_ACCOUNT_LIMIT="6 per 15 minutes")
    try:
        client = tight.test_client()
        client.environ_base["REMOTE_ADDR"] = "203.0.113.10"  # where the moderator works
        assert login(client, "moderator@example.org").status_code == 303
        client = tight.test_client()
        for number in range(3):
            client.environ_base["REMOTE_ADDR"] = f"198.51.100.{number}"
            fail(client, "moderator@example.org", 2)
        client.environ_base["REMOTE_ADDR"] = "198.51.100.99"  # a new address: stopped
        assert login(client, "moderator@example.org").status_code == 429
        client.environ_base["REMOTE_ADDR"] = "203.0.113.10"  # signed in from before: open
        assert login(client, "moderator@example.org").status_code == 303
    finally:
        with tight.app_context():
            db.engine.dispose()


def test_address_is_blocked_after_twenty_failures_on_any_accounts(client, moderator):
    client.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    for number in range(20):
        fail(client, f"guess{number}@example.org", 1)
    assert login(client, "moderator@example.org").status_code == 429
    client.environ_base["REMOTE_ADDR"] = "198.51.100.8"
    assert login(client, "moderator@example.org").status_code == 303


def test_successful_login_clears_the_address_count(client, auth, moderator):
    fail(client, "moderator@example.org", 4)
    assert login(client, "moderator@example.org").status_code == 303
    auth.logout()
    fail(client, "moderator@example.org", 4)
    assert login(client, "moderator@example.org").status_code == 303


def test_block_ends_when_the_window_passes(database_url, app, moderator):
    quick = make_app(database_url, LOGIN_PAIR_LIMIT="2 per 1 second")
    try:
        client = quick.test_client()
        fail(client, "moderator@example.org", 2)
        assert login(client, "moderator@example.org").status_code == 429
        time.sleep(1.2)
        assert login(client, "moderator@example.org").status_code == 303
    finally:
        with quick.app_context():
            db.engine.dispose()


def test_workers_share_the_count_through_the_database_by_default(database_url, app, moderator):
    # Two apps on one database stand for two gunicorn workers (or two hosts).
    workers = [make_app(database_url) for _ in range(2)]
    try:
        first, second = (worker.test_client() for worker in workers)
        fail(first, "moderator@example.org", 3)
        fail(second, "moderator@example.org", 2)
        assert login(first, "moderator@example.org").status_code == 429
        assert login(second, "moderator@example.org").status_code == 429
    finally:
        for worker in workers:
            with worker.app_context():
                db.engine.dispose()


def test_an_unreachable_count_refuses_sign_in_with_a_503(database_url, app, moderator):
    down = make_app(database_url, RATELIMIT_STORAGE_URL="redis://127.0.0.1:1/0")
    try:
        response = login(down.test_client(), "moderator@example.org")
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "60"
    finally:
        with down.app_context():
            db.engine.dispose()


def test_two_app_servers_share_the_count_through_redis(database_url, app, redis_url):
    # Names unique to this run, so parallel runs on one Redis never share a count.
    email = f"shared-{uuid.uuid4().hex[:12]}@example.org"
    address = f"test-{uuid.uuid4().hex}"
    make_user(email)
    servers = [make_app(database_url, RATELIMIT_STORAGE_URL=redis_url) for _ in range(2)]
    try:
        first, second = (server.test_client() for server in servers)
        for client in (first, second):
            client.environ_base["REMOTE_ADDR"] = address
        fail(first, email, 3)
        fail(second, email, 2)
        assert login(second, email).status_code == 429
        assert login(first, email).status_code == 429
    finally:
        for server in servers:
            with server.app_context():
                server.extensions["login_throttle"].succeeded(email, address)
                db.engine.dispose()
