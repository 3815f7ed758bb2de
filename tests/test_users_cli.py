"""`flask users create`, `flask users set-password` and `flask users list`."""

import pytest
import sqlalchemy as sa

from app.audit import Action
from app.auth.passwords import verify_password
from app.extensions import db
from app.models import AuditEvent, Role, User
from tests.factories import PASSWORD, make_user
from tests.helpers import count

NEW_PASSWORD = "twelve chars or more"


@pytest.fixture(autouse=True)
def no_password_in_environment(monkeypatch):
    """Start every test without CONSTELLATION_PASSWORD, whatever the shell has."""
    monkeypatch.delenv("CONSTELLATION_PASSWORD", raising=False)


def create(runner, *args, password: str | None = NEW_PASSWORD, prompt_input: str | None = None):
    """Run `flask users create` with the password in the environment (or typed)."""
    env = {"CONSTELLATION_PASSWORD": password} if password is not None else {}
    return runner.invoke(args=["users", "create", *args], env=env, input=prompt_input)


def stored(email: str) -> User | None:
    """Return the account for `email` as the database now has it."""
    db.session.expire_all()
    return db.session.scalar(sa.select(User).where(User.email == email))


def test_create_takes_the_password_from_the_environment(runner):
    result = create(runner, "  Chair@Example.ORG ", "--role", "admin", "--name", "Pat Chair")
    assert result.exit_code == 0, result.output
    assert "Created the account chair@example.org with the role Administrator." in result.output
    user = stored("chair@example.org")
    assert user.role is Role.ADMIN and user.name == "Pat Chair" and user.active
    assert verify_password(user.password_hash, NEW_PASSWORD)
    [event] = db.session.scalars(sa.select(AuditEvent)).all()
    assert event.action == Action.USER_CREATE.value
    assert event.actor_id is None and event.actor_label == "command line"
    assert event.target_user_id == user.id


def test_created_account_can_sign_in(runner, auth):
    create(runner, "mod@example.org", "--role", "moderator")
    assert auth.login("mod@example.org", NEW_PASSWORD).status_code == 303


def test_create_prompts_twice_without_echo(runner):
    typed = f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n"
    result = create(
        runner, "mod@example.org", "--role", "moderator", password=None, prompt_input=typed
    )
    assert result.exit_code == 0, result.output
    assert NEW_PASSWORD not in result.output
    assert "Repeat for confirmation" in result.output
    assert verify_password(stored("mod@example.org").password_hash, NEW_PASSWORD)


def test_create_asks_again_when_the_two_entries_differ(runner):
    typed = f"{NEW_PASSWORD}\nsomething different\n{NEW_PASSWORD}\n{NEW_PASSWORD}\n"
    result = create(
        runner, "mod@example.org", "--role", "moderator", password=None, prompt_input=typed
    )
    assert result.exit_code == 0, result.output
    assert "do not match" in result.output
    assert stored("mod@example.org") is not None


@pytest.mark.parametrize("password", ["", "elevenchars"])
def test_create_refuses_a_short_password(runner, password):
    result = create(runner, "mod@example.org", "--role", "moderator", password=password)
    assert result.exit_code != 0
    assert "Use a password of at least 12 characters." in result.output
    assert count(User) == 0 and count(AuditEvent) == 0


def test_create_refuses_an_existing_email_whatever_its_case(runner, moderator):
    result = create(runner, " MODERATOR@example.org", "--role", "admin")
    assert result.exit_code != 0
    assert "There is already an account for moderator@example.org." in result.output
    assert count(User) == 1 and stored("moderator@example.org").role is Role.MODERATOR


def test_create_refuses_an_invalid_email(runner):
    result = create(runner, "not-an-address", "--role", "admin")
    assert result.exit_code != 0
    assert "is not a valid email address" in result.output
    assert count(User) == 0


def test_create_needs_a_known_role(runner):
    assert create(runner, "mod@example.org").exit_code != 0
    result = create(runner, "mod@example.org", "--role", "owner")
    assert result.exit_code != 0
    assert "'owner' is not one of 'moderator', 'admin'" in result.output
    assert count(User) == 0


def test_set_password_replaces_it_and_ends_sessions(runner, moderator):
    token_before = moderator.session_token
    result = runner.invoke(
        args=["users", "set-password", "Moderator@example.org"],
        env={"CONSTELLATION_PASSWORD": NEW_PASSWORD},
    )
    assert result.exit_code == 0, result.output
    user = stored("moderator@example.org")
    assert verify_password(user.password_hash, NEW_PASSWORD)
    assert not verify_password(user.password_hash, PASSWORD)
    assert user.session_token != token_before
    [event] = db.session.scalars(sa.select(AuditEvent)).all()
    assert event.action == Action.USER_PASSWORD.value and event.actor_label == "command line"


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("nobody@example.org", NEW_PASSWORD, "There is no account for nobody@example.org."),
        ("moderator@example.org", "short", "Use a password of at least 12 characters."),
    ],
)
def test_set_password_refusals(runner, moderator, email, password, message):
    result = runner.invoke(
        args=["users", "set-password", email], env={"CONSTELLATION_PASSWORD": password}
    )
    assert result.exit_code != 0
    assert message in result.output
    assert verify_password(stored("moderator@example.org").password_hash, PASSWORD)


def test_list_shows_each_account(runner, admin):
    make_user("gone@example.org", active=False)
    result = runner.invoke(args=["users", "list"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == 2
    assert lines[0].split()[:3] == ["admin@example.org", "admin", "active"]
    assert "last sign-in never" in lines[0] and lines[0].endswith("Admin")
    assert lines[1].split()[:3] == ["gone@example.org", "moderator", "deactivated"]


def test_list_with_no_accounts_says_how_to_create_one(runner):
    result = runner.invoke(args=["users", "list"])
    assert result.exit_code == 0
    assert "flask users create EMAIL --role admin" in result.output
