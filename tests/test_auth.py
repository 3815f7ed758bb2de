"""Signing in and out: messages, sessions, safe redirects, rehashing and the throttle."""

from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
from flask import url_for

from app.audit import Action
from app.auth import services
from app.auth.passwords import needs_rehash, verify_password
from app.extensions import db
from app.models import AuditEvent, Role
from tests.conftest import CSRF_INPUT, make_app
from tests.factories import PASSWORD, make_user

FAILED = "Email or password is not right."


def login(client, email: str, password: str = PASSWORD, next_url: str | None = None):
    """Post the sign-in form the way a browser does, optionally with a `next` address."""
    query = {"next": next_url} if next_url is not None else {}
    page = client.get("/login", query_string=query)
    token = CSRF_INPUT.search(page.get_data(as_text=True)).group(1)
    data = {"csrf_token": token, "email": email, "password": password}
    return client.post("/login", query_string=query, data=data)


def signed_in(client) -> bool:
    """Tell whether the client's session names a user."""
    with client.session_transaction() as session:
        return "_user_id" in session


def default_landing(app) -> str:
    """Return where a sign-in without `next` should land: the queue once it exists."""
    with app.test_request_context():
        if "moderation.queue" in app.view_functions:
            return url_for("moderation.queue")
        return url_for("main.index")


def events(action: Action) -> list[AuditEvent]:
    """Return the audit events of one kind, oldest first."""
    db.session.expire_all()
    query = sa.select(AuditEvent).where(AuditEvent.action == action.value)
    return list(db.session.scalars(query.order_by(AuditEvent.id)))


@pytest.fixture
def fresh_client(app, database_url):
    """Return a client of a second app whose requests each get their own app context.

    The `app` fixture keeps one context pushed, and Flask reuses it for every test
    request, so the user Flask-Login cached in `g` would outlive a request. This
    client loads the user afresh on every request, as production does.
    """
    other = make_app(database_url)
    yield other.test_client()
    with other.app_context():
        db.engine.dispose()


def test_login_page_shows_the_form(client):
    page = client.get("/login")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'name="email"' in html and 'name="password"' in html and CSRF_INPUT.search(html)
    assert 'autocomplete="current-password"' in html


def test_login_signs_in_records_the_time_and_lands_on_the_default_page(app, client, moderator):
    hash_before = moderator.password_hash
    response = login(client, " Moderator@Example.ORG ")
    assert response.status_code == 303
    assert response.headers["Location"] == default_landing(app)
    assert signed_in(client)
    db.session.refresh(moderator)
    assert moderator.last_login_at is not None
    assert moderator.password_hash == hash_before  # made at the current cost already
    [event] = events(Action.USER_LOGIN)
    assert event.actor_id == moderator.id and event.actor_label == "moderator@example.org"


def test_login_starts_a_new_session_so_planted_values_are_gone(client, moderator):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    assert login(client, "moderator@example.org").status_code == 303
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == moderator.get_id()


def test_session_cookie_is_http_only_and_same_site_lax(client, moderator):
    response = login(client, "moderator@example.org")
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


@pytest.mark.parametrize("case", ["unknown email", "wrong password", "deactivated", "invited"])
def test_every_failed_login_gets_the_same_message(client, app, case):
    make_user("gone@example.org", active=False)
    invited = make_user("invited@example.org")
    invited.password_hash = None
    db.session.commit()
    make_user("someone@example.org")
    email, password = {
        "unknown email": ("nobody@example.org", PASSWORD),
        "wrong password": ("someone@example.org", "not the password at all"),
        "deactivated": ("gone@example.org", PASSWORD),
        "invited": ("invited@example.org", PASSWORD),
    }[case]
    response = login(client, email, password)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert FAILED in html
    assert "deactivated" not in html.lower() and "no account" not in html.lower()
    assert not signed_in(client)
    assert events(Action.USER_LOGIN) == []


def test_empty_form_is_refused_with_field_errors(client):
    token = CSRF_INPUT.search(client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"csrf_token": token, "email": "", "password": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter your email." in html and "Enter your password." in html


def test_login_without_csrf_token_is_refused(client, moderator):
    data = {"email": "moderator@example.org", "password": PASSWORD}
    response = client.post("/login", data=data)
    assert response.status_code == 400
    assert not signed_in(client)


def test_login_upgrades_a_hash_made_at_a_lower_cost(app, client, moderator):
    old_hash = moderator.password_hash
    app.config.update(ARGON2_TIME_COST=2, ARGON2_MEMORY_COST=2048)
    assert needs_rehash(old_hash)
    assert login(client, "moderator@example.org").status_code == 303
    db.session.refresh(moderator)
    assert moderator.password_hash != old_hash
    assert "m=2048,t=2" in moderator.password_hash
    assert not needs_rehash(moderator.password_hash)
    assert verify_password(moderator.password_hash, PASSWORD)
    [event] = events(Action.USER_LOGIN)
    assert "rehashed" in event.note


@pytest.mark.parametrize("target", ["/admin/users", "/admin/users?page=2", "/admin/users/1"])
def test_login_goes_on_to_a_same_site_next_address(client, admin, target):
    response = login(client, "admin@example.org", next_url=target)
    assert response.status_code == 303
    assert response.headers["Location"] == target


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/path",
        "http://evil.example/",
        "https://evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "evil.example",
        "/\r\nSet-Cookie:x=y",
        "/login",
        "",
    ],
)
def test_login_ignores_a_next_address_off_this_site(app, client, admin, target):
    response = login(client, "admin@example.org", next_url=target)
    assert response.status_code == 303
    assert response.headers["Location"] == default_landing(app)


def test_login_page_keeps_only_a_safe_next_in_its_form(client):
    html = client.get("/login?next=/admin/users").get_data(as_text=True)
    assert 'action="/login?next=/admin/users"' in html
    html = client.get("/login?next=//evil.example").get_data(as_text=True)
    assert 'action="/login"' in html and "evil" not in html


def test_logout_needs_post_and_a_csrf_token(client, auth, admin):
    auth.login("admin@example.org")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert signed_in(client)
    response = auth.logout()
    assert response.status_code == 303
    assert not signed_in(client)
    assert client.get("/admin/users").status_code == 302


def test_navigation_shows_sign_in_or_sign_out(client, auth, admin):
    assert ">Sign in</a>" in client.get("/").get_data(as_text=True)
    auth.login("admin@example.org")
    html = client.get("/").get_data(as_text=True)
    assert 'action="/logout"' in html and ">Sign out</button>" in html
    assert 'href="/admin/users">Admin</a>' in html


def test_navigation_shows_no_admin_link_to_a_moderator(client, auth, moderator):
    auth.login()
    html = client.get("/").get_data(as_text=True)
    assert ">Sign out</button>" in html
    assert ">Admin</a>" not in html


def test_deactivated_user_is_signed_out_at_the_next_request(fresh_client, admin):
    colleague = make_user("colleague@example.org", Role.ADMIN)
    assert login(fresh_client, "colleague@example.org").status_code == 303
    assert fresh_client.get("/admin/users").status_code == 200
    services.deactivate_user(admin, colleague)
    response = fresh_client.get("/admin/users")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == ["/admin/users"]
