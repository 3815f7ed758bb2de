"""`flask users ...`: account management from the command line."""

import os

import click
from flask.cli import AppGroup

from app.auth import services
from app.extensions import db
from app.models import Role

users_command = AppGroup("users", help="Manage moderator and admin accounts.")

PASSWORD_VARIABLE = "CONSTELLATION_PASSWORD"


def read_password() -> str:
    """Return the password from CONSTELLATION_PASSWORD, or ask for it twice without echo."""
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is not None:
        return password
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users_command.command("create")
@click.argument("email")
@click.option(
    "--role", required=True, type=click.Choice([role.value for role in Role]), help="What they do."
)
@click.option("--name", default="", help="Shown in the audit log next to what they do.")
def create_user_command(email: str, role: str, name: str) -> None:
    """Create an account that can sign in at once (password from CONSTELLATION_PASSWORD)."""
    password = read_password()
    try:
        user = services.create_user(email, Role(role), password, name=name)
    except services.AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    click.echo(f"Created the account {user.email} with the role {user.role.label}.")


@users_command.command("set-password")
@click.argument("email")
def set_password_command(email: str) -> None:
    """Replace an account's password and sign it out everywhere (for a forgotten password)."""
    password = read_password()
    try:
        user = services.set_password_from_command_line(email, password)
    except services.AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    click.echo(f"New password set for {user.email}; their other sessions have ended.")


@users_command.command("list")
def list_users_command() -> None:
    """Print every account with its role, state and last sign-in."""
    users = services.all_users()
    if not users:
        click.echo("No accounts yet. Create one with `flask users create EMAIL --role admin`.")
        return
    width = max(len(user.email) for user in users)
    for user in users:
        if not user.active:
            state = "deactivated"
        elif not user.password_hash:
            state = "invited"
        else:
            state = "active"
        last = user.last_login_at.strftime("%Y-%m-%d %H:%M UTC") if user.last_login_at else "never"
        click.echo(
            f"{user.email:<{width}}  {user.role.value:<9}  {state:<11}  "
            f"last sign-in {last}  {user.name}".rstrip()
        )
