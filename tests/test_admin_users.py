"""Managing accounts under /admin/users, and accepting an invitation."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from app.audit import Action
from app.auth import services
from app.extensions import db
from app.models import AuditEvent, OutboxMessage, Role, User
from tests.conftest import CSRF_INPUT
from tests.factories import make_user
from tests.helpers import count
from tests.mail_helpers import sent_body

NEW_PASSWORD = "a brand new passphrase"
INVITE_LINK = re.compile(r"http://localhost/invite/(\S+)")

# Every admin address, with its method; a test below checks none is missing.
ADMIN_URLS = [
    ("GET", "/admin/users"),
    ("GET", "/admin/users/invite"),
    ("POST", "/admin/users/invite"),
    ("GET", "/admin/users/{id}"),
    ("POST", "/admin/users/{id}/role"),
    ("POST", "/admin/users/{id}/deactivate"),
    ("POST", "/admin/users/{id}/reactivate"),
    ("POST", "/admin/users/{id}/resend-invite"),
    ("POST", "/admin/users/{id}/sign-out-everywhere"),
    ("GET", "/admin/themes"),
    ("POST", "/admin/themes"),
    ("POST", "/admin/themes/{id}/rename"),
    ("POST", "/admin/themes/{id}/retire"),
    ("POST", "/admin/themes/{id}/restore"),
    ("GET", "/admin/contacts"),
    ("POST", "/admin/contacts"),
    ("GET", "/admin/orgs/{id}/contacts"),
    ("POST", "/admin/orgs/{id}/contacts"),
    ("POST", "/admin/contacts/{id}/retire"),
    ("GET", "/admin/contacts/{id}/erase"),
    ("POST", "/admin/contacts/{id}/erase"),
]
# The parts of admin URL rules that stand for a value above.
RULE_PARTS = {"<id:user_id>": "{id}", "<id:theme_id>": "{id}", "<id:org_id>": "{id}",
              "<id:contact_id>": "{id}", "<move>": "retire"}  # fmt: skip


def csrf_token(client, url: str = "/login") -> str:
    """Return the CSRF token of the form on `url` for the client's session."""
    return CSRF_INPUT.search(client.get(url).get_data(as_text=True)).group(1)


def post(client, url: str, data: dict | None = None, **kwargs):
    """Post `data` with a valid CSRF token, as the buttons on the admin pages do."""
    return client.post(url, data={"csrf_token": csrf_token(client), **(data or {})}, **kwargs)


def fresh(user: User) -> User:
    """Return `user` as the database now has it."""
    db.session.expire_all()
    return db.session.get(User, user.id)


def events(action: Action) -> list[AuditEvent]:
    """Return the audit events of one kind, oldest first."""
    db.session.expire_all()
    query = sa.select(AuditEvent).where(AuditEvent.action == action.value)
    return list(db.session.scalars(query.order_by(AuditEvent.id)))


def invite(client, email="new@example.org", name="New Person", role="moderator"):
    """Send the invitation form."""
    data = {"email": email, "name": name, "role": role}
    return post(client, "/admin/users/invite", data)


def invitation_token(email: str) -> str:
    """Return the token in the newest invitation mailed to `email`."""
    query = sa.select(OutboxMessage).where(OutboxMessage.to_address == email)
    message = db.session.scalars(query.order_by(OutboxMessage.id.desc())).first()
    return INVITE_LINK.search(sent_body(message)).group(1)


def choose_password(client, token: str, password=NEW_PASSWORD, confirm=None):
    """Send the form on an invitation page."""
    url = f"/invite/{token}"
    data = {"password": password, "confirm": confirm if confirm is not None else password}
    return client.post(url, data={"csrf_token": csrf_token(client), **data})


# Who may use the admin pages ---------------------------------------------------


def test_every_admin_url_is_in_the_permission_tests(app):
    def written(rule: str) -> str:
        """Return a rule as the list above writes it."""
        for part, value in RULE_PARTS.items():
            rule = rule.replace(part, value)
        return rule

    rules = {
        (method, written(rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("admin.") and not rule.rule.startswith("/admin/waves")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert rules == set(ADMIN_URLS)


@pytest.mark.parametrize(("method", "url"), ADMIN_URLS)
def test_anonymous_visitor_is_sent_to_sign_in(client, admin, method, url):
    url = url.format(id=admin.id)
    data = {"csrf_token": csrf_token(client), "role": "moderator"}
    response = client.open(url, method=method, data=data if method == "POST" else None)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    # Only a page can be come back to; a form post starts again from the landing page.
    expected_next = [url] if method == "GET" else None
    assert parse_qs(location.query).get("next") == expected_next
    assert fresh(admin).active and fresh(admin).role is Role.ADMIN


@pytest.mark.parametrize(("method", "url"), ADMIN_URLS)
def test_anonymous_json_client_gets_401(client, admin, method, url):
    url = url.format(id=admin.id)
    data = {"csrf_token": csrf_token(client)} if method == "POST" else None
    response = client.open(url, method=method, data=data, headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert response.get_json() == {"error": "Sign in first."}


@pytest.mark.parametrize(("method", "url"), ADMIN_URLS)
def test_moderator_is_forbidden(client, auth, moderator, admin, method, url):
    auth.login()
    url = url.format(id=admin.id)
    data = {"csrf_token": csrf_token(client), "role": "moderator", "email": "x@example.org"}
    response = client.open(url, method=method, data=data if method == "POST" else None)
    assert response.status_code == 403
    assert fresh(admin).active and fresh(admin).role is Role.ADMIN
    assert count(User) == 2


# The list ----------------------------------------------------------------------


def test_list_shows_every_account_with_role_state_and_last_sign_in(client, signed_in_admin):
    make_user("off@example.org", active=False)
    invited = make_user("invited@example.org")
    invited.password_hash = None
    db.session.commit()
    html = client.get("/admin/users").get_data(as_text=True)
    for text in ("admin@example.org", "Admin", "Administrator", "off@example.org", "Moderator"):
        assert text in html
    assert "Deactivated" in html and "Invited, no password yet" in html and "Active" in html
    assert f'<time datetime="{fresh(signed_in_admin).last_login_at.isoformat()}Z">' in html
    assert "Never" in html


def test_unknown_account_is_404(client, signed_in_admin):
    assert client.get("/admin/users/9999").status_code == 404
    assert post(client, "/admin/users/9999/deactivate").status_code == 404


def test_admin_action_without_csrf_token_is_refused(client, signed_in_admin, moderator):
    response = client.post(f"/admin/users/{moderator.id}/deactivate")
    assert response.status_code == 400
    assert fresh(moderator).active


# Deactivating, reactivating, roles --------------------------------------------


def test_deactivate_and_reactivate(client, auth, signed_in_admin, moderator):
    token_before = moderator.session_token
    response = post(client, f"/admin/users/{moderator.id}/deactivate", follow_redirects=True)
    assert "moderator@example.org is deactivated." in response.get_data(as_text=True)
    user = fresh(moderator)
    assert not user.active and user.session_token != token_before
    [event] = events(Action.USER_DEACTIVATE)
    assert event.actor_id == signed_in_admin.id and event.target_user_id == moderator.id
    response = post(client, f"/admin/users/{moderator.id}/reactivate", follow_redirects=True)
    assert "moderator@example.org can sign in again." in response.get_data(as_text=True)
    assert fresh(moderator).active
    [event] = events(Action.USER_REACTIVATE)
    assert event.actor_id == signed_in_admin.id and event.target_user_id == moderator.id
    auth.logout()
    assert auth.login().status_code == 303


def test_role_change_is_recorded(client, signed_in_admin, moderator):
    url = f"/admin/users/{moderator.id}/role"
    response = post(client, url, {"role": "admin"}, follow_redirects=True)
    assert "moderator@example.org now has the role Administrator." in response.get_data(
        as_text=True
    )
    assert fresh(moderator).role is Role.ADMIN
    [event] = events(Action.USER_ROLE)
    assert (event.from_status, event.to_status) == ("moderator", "admin")
    assert event.actor_id == signed_in_admin.id and event.target_user_id == moderator.id
    # Now an admin too, so the signed-in admin is not the last one: demoting works.
    assert post(client, url, {"role": "moderator"}).status_code == 303
    assert fresh(moderator).role is Role.MODERATOR


def test_unknown_role_is_refused(client, signed_in_admin, moderator):
    url = f"/admin/users/{moderator.id}/role"
    response = post(client, url, {"role": "owner"}, follow_redirects=True)
    assert "Choose one of the roles listed." in response.get_data(as_text=True)
    assert fresh(moderator).role is Role.MODERATOR and events(Action.USER_ROLE) == []


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        ("deactivate", {}, "You cannot deactivate your own account."),
        ("role", {"role": "moderator"}, "You cannot change your own role."),
    ],
)
def test_admin_cannot_deactivate_or_demote_themself(client, signed_in_admin, action, data, message):
    make_user("other-admin@example.org", Role.ADMIN)
    url = f"/admin/users/{signed_in_admin.id}/{action}"
    response = post(client, url, data, follow_redirects=True)
    assert message in response.get_data(as_text=True)
    admin = fresh(signed_in_admin)
    assert admin.active and admin.role is Role.ADMIN
    assert events(Action.USER_DEACTIVATE) == [] and events(Action.USER_ROLE) == []


def test_last_active_admin_is_kept_even_against_a_racing_request(admin):
    other = make_user("other-admin@example.org", Role.ADMIN)
    services.deactivate_user(admin, other)
    # `other` had passed the permission check before the line above committed.
    with pytest.raises(services.AccountError, match="last active administrator"):
        services.deactivate_user(other, admin)
    with pytest.raises(services.AccountError, match="last active administrator"):
        services.change_role(other, admin, Role.MODERATOR)
    assert fresh(admin).active and fresh(admin).role is Role.ADMIN


def test_own_page_offers_no_changes(client, signed_in_admin):
    html = client.get(f"/admin/users/{signed_in_admin.id}").get_data(as_text=True)
    assert "This is your own account." in html
    assert "/deactivate" not in html and "/role" not in html
