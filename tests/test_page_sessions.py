"""A session that holds nothing personal gets the kept public pages, before Flask.

A visitor who opened a survey has a session for its form token, and the public pages
they read next are the ones any visitor gets (app/cookies.py): they are served as to a
visitor without a session. A signed-in user, a message waiting to be shown and a
cookie that does not verify go to Flask.
"""

import flask
import pytest
from flask.sessions import SecureCookieSessionInterface

from tests.test_graph_api import small_network


@pytest.fixture(autouse=True)
def network(app, open_wave):
    """A small network, with kept pages answered before Flask for 30 seconds."""
    app.config["PUBLIC_STATE_MAX_AGE"] = 30
    return small_network(open_wave)


def session_cookie(app, client) -> str:
    """Return the value of the session cookie `client` holds."""
    return client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value


@pytest.mark.parametrize("path", ["/", "/orgs/?zz=1", "/map/table", "/api/graph"])
def test_a_session_holding_only_a_form_token_gets_the_kept_page_before_flask(
    app, client, path, flask_requests
):
    anonymous = app.test_client()
    built = anonymous.get(path, headers={"Accept-Encoding": "gzip"})
    client.get("/surveys/partnership")  # its form token starts a session
    assert session_cookie(app, client)
    flask_requests.clear()
    mine = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert flask_requests == []  # answered without entering Flask
    assert mine.get_data() == built.get_data()
    assert sorted(mine.headers.items()) == sorted(built.headers.items())  # Vary, Cache-Control


def test_a_signed_in_user_gets_their_own_page_from_flask(
    app, client, auth, moderator, flask_requests
):
    app.test_client().get("/")
    auth.login()
    flask_requests.clear()
    page = client.get("/").get_data(as_text=True)
    assert flask_requests == ["/"] and "Sign out" in page


def test_a_waiting_message_is_shown_by_flask_then_the_kept_page_is_back(
    app, client, flask_requests
):
    app.test_client().get("/")
    client.get("/surveys/partnership")
    with client.session_transaction() as session:
        session["_flashes"] = [("message", "Thanks: your answers are in.")]
    flask_requests.clear()
    assert "Thanks: your answers are in." in client.get("/").get_data(as_text=True)
    assert "Thanks: your answers are in." not in client.get("/").get_data(as_text=True)
    assert flask_requests == ["/"]  # once shown, the session holds nothing personal again


def altered(app, client) -> str:
    """Return the client's session cookie with its signature changed."""
    signed, signature = session_cookie(app, client).rsplit(".", 1)
    # Its first character: the last one may differ only in bits that base64 drops.
    return f"{signed}.{'B' if signature[0] == 'A' else 'A'}{signature[1:]}"


def signed_elsewhere(app, client) -> str:
    """Return a session cookie holding only a form token, signed with another key."""
    elsewhere = flask.Flask("elsewhere")
    elsewhere.secret_key = "another key, not this site's"
    signer = SecureCookieSessionInterface().get_signing_serializer(elsewhere)
    return signer.dumps({"csrf_token": "0" * 40})


@pytest.mark.parametrize("cookie", [altered, signed_elsewhere])
def test_a_session_cookie_that_does_not_verify_is_left_to_flask(
    app, client, flask_requests, cookie
):
    app.test_client().get("/")
    client.get("/surveys/partnership")
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie(app, client))
    flask_requests.clear()
    response = client.get("/")
    assert flask_requests == ["/"] and response.status_code == 200
