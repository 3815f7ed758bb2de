"""Signing out ends the session on the server: a copied cookie opens nothing afterwards."""

import pytest

from app.audit import Action
from tests.conftest import AuthActions, SurveyClient, make_app
from tests.factories import Role, make_user
from tests.test_auth import events


@pytest.fixture
def other_app(database_url, app):
    """Return a second app on the same database, as another browser on another server."""
    return make_app(database_url)


def session_cookie(client) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None, "no session cookie"
    return cookie.value


def browser_with(app, cookie: str):
    """Return a client that sends a copied session cookie, as a stranger's browser would."""
    client = app.test_client()
    client.set_cookie("session", cookie)
    return client


def test_a_cookie_copied_before_sign_out_opens_nothing_after(client, auth, moderator, other_app):
    auth.login()
    copied = session_cookie(client)
    stranger = browser_with(other_app, copied)
    assert stranger.get("/moderation/").status_code == 200  # the copy works while signed in
    assert auth.logout().status_code == 303
    response = stranger.get("/moderation/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert [e.target_user_id for e in events(Action.USER_LOGOUT)] == [moderator.id]


def test_signing_out_on_one_device_ends_the_others(app, moderator, other_app):
    laptop, phone = app.test_client(), other_app.test_client()
    AuthActions(laptop).login()
    AuthActions(phone).login()
    assert phone.get("/moderation/").status_code == 200
    AuthActions(laptop).logout()
    assert phone.get("/moderation/").status_code == 302


def test_an_admin_signs_an_account_out_everywhere(client, auth, admin, other_app):
    colleague = make_user("colleague@example.org", Role.MODERATOR)
    their_browser = other_app.test_client()
    AuthActions(their_browser).login("colleague@example.org")
    assert their_browser.get("/moderation/").status_code == 200
    auth.login("admin@example.org")
    url = f"/admin/users/{colleague.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Sign out everywhere" in page
    token = SurveyClient(client).csrf_token(url)
    response = client.post(f"{url}/sign-out-everywhere", data={"csrf_token": token},
                           follow_redirects=True)  # fmt: skip
    assert "is signed out on every device" in response.get_data(as_text=True)
    assert their_browser.get("/moderation/").status_code == 302
    [event] = events(Action.USER_SIGN_OUT_EVERYWHERE)
    assert (event.actor_id, event.target_user_id) == (admin.id, colleague.id)
    assert client.get("/admin/users").status_code == 200  # the admin stays signed in
    assert AuthActions(their_browser).login("colleague@example.org").status_code == 303
