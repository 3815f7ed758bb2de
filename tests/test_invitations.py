"""Invitations: an admin invites, the invitee chooses a password once."""

import hashlib
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.audit import Action
from app.auth.passwords import verify_password
from app.extensions import db
from app.models import OutboxMessage, Role, User
from app.models.types import utcnow
from tests.helpers import count
from tests.test_admin_users import (
    NEW_PASSWORD,
    choose_password,
    events,
    fresh,
    invitation_token,
    invite,
    post,
)


def test_invitation_creates_an_account_without_password_and_queues_the_link(
    client, signed_in_admin
):
    response = invite(client, email="  New@Example.org ")
    user = db.session.scalar(sa.select(User).where(User.email == "new@example.org"))
    assert response.status_code == 303
    assert response.headers["Location"] == f"/admin/users/{user.id}"
    assert user.password_hash is None and user.active and user.role is Role.MODERATOR
    assert user.name == "New Person"
    [message] = db.session.scalars(sa.select(OutboxMessage)).all()
    assert message.kind == "invite" and message.to_address == "new@example.org"
    token = invitation_token("new@example.org")
    assert user.invite_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in (user.invite_token_hash or "")
    lifetime = user.invite_expires_at - utcnow()
    assert timedelta(days=6, hours=23) < lifetime <= timedelta(days=7)
    [event] = events(Action.USER_INVITE)
    assert event.actor_id == signed_in_admin.id and event.target_user_id == user.id


def test_invitation_to_an_existing_address_is_refused(client, signed_in_admin, moderator):
    response = invite(client, email="MODERATOR@example.org")
    assert response.status_code == 422
    assert "There is already an account for moderator@example.org." in response.get_data(
        as_text=True
    )
    assert count(User) == 2 and count(OutboxMessage) == 0


@pytest.mark.parametrize(("email", "role"), [("not an address", "moderator"), ("a@b.org", "boss")])
def test_invitation_with_bad_values_is_refused(client, signed_in_admin, email, role):
    response = invite(client, email=email, role=role)
    assert response.status_code == 422
    assert count(User) == 1 and events(Action.USER_INVITE) == []


def test_invitee_chooses_a_password_once_and_is_signed_in(app, client, auth, signed_in_admin):
    invite(client, role="admin")
    token = invitation_token("new@example.org")
    auth.logout()
    page = client.get(f"/invite/{token}")
    assert page.status_code == 200 and "Choose your password" in page.get_data(as_text=True)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    response = choose_password(client, token)
    assert response.status_code == 303
    user = fresh(db.session.scalar(sa.select(User).where(User.email == "new@example.org")))
    assert verify_password(user.password_hash, NEW_PASSWORD)
    assert user.invite_token_hash is None and user.invite_expires_at is None
    assert user.last_login_at is not None
    with client.session_transaction() as session:
        assert session["_user_id"] == user.get_id()
    assert client.get("/admin/users").status_code == 200
    [event] = events(Action.USER_PASSWORD)
    assert event.actor_id == user.id and event.target_user_id == user.id
    again = client.get(f"/invite/{token}")
    assert again.status_code == 404
    assert "does not work" in again.get_data(as_text=True)


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("short", "short", "Use between 12 and 256 characters."),
        (NEW_PASSWORD, "something else entirely", "The two passwords are not the same."),
    ],
)
def test_invitee_password_must_be_long_and_typed_twice(
    client, auth, signed_in_admin, password, confirm, message
):
    invite(client)
    token = invitation_token("new@example.org")
    auth.logout()
    response = choose_password(client, token, password, confirm)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    user = db.session.scalar(sa.select(User).where(User.email == "new@example.org"))
    assert fresh(user).password_hash is None


def test_expired_invitation_says_so(client, auth, signed_in_admin):
    invite(client)
    token = invitation_token("new@example.org")
    user = db.session.scalar(sa.select(User).where(User.email == "new@example.org"))
    user.invite_expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    auth.logout()
    for response in (client.get(f"/invite/{token}"), choose_password(client, token)):
        assert response.status_code == 404
        assert "This invitation has expired." in response.get_data(as_text=True)
    assert fresh(user).password_hash is None


def test_unknown_invitation_says_so(client):
    response = client.get("/invite/no-such-token")
    assert response.status_code == 404
    assert "This invitation link does not work." in response.get_data(as_text=True)


def test_new_invitation_replaces_the_old_link(client, auth, signed_in_admin):
    invite(client)
    old = invitation_token("new@example.org")
    user = db.session.scalar(sa.select(User).where(User.email == "new@example.org"))
    assert post(client, f"/admin/users/{user.id}/resend-invite").status_code == 303
    new = invitation_token("new@example.org")
    assert new != old and count(OutboxMessage) == 2
    assert [e.note for e in events(Action.USER_INVITE)] == ["moderator", "invitation sent again"]
    auth.logout()
    assert client.get(f"/invite/{old}").status_code == 404
    assert choose_password(client, new).status_code == 303


def test_no_new_invitation_for_an_account_with_a_password(client, signed_in_admin, moderator):
    response = post(client, f"/admin/users/{moderator.id}/resend-invite", follow_redirects=True)
    assert "moderator@example.org has already chosen a password." in response.get_data(as_text=True)
    assert count(OutboxMessage) == 0


def test_deactivated_invitee_cannot_use_the_link(client, auth, signed_in_admin):
    invite(client)
    token = invitation_token("new@example.org")
    user = db.session.scalar(sa.select(User).where(User.email == "new@example.org"))
    post(client, f"/admin/users/{user.id}/deactivate")
    auth.logout()
    assert client.get(f"/invite/{token}").status_code == 404
