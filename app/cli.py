"""Command-line tasks: `flask seed-demo`."""

import click
import sqlalchemy as sa

from app.demo import load_demo_data
from app.extensions import db
from app.models import Organization


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has organizations.")
def seed_demo_command(if_empty: bool) -> None:
    """Load the 2022 Partner Constellation and open a current wave (safe to run twice)."""
    if if_empty and db.session.scalar(sa.select(Organization.id).limit(1)) is not None:
        click.echo("The database already has data; demo data not loaded.")
        return
    report = load_demo_data()
    click.echo(
        f"Demo data loaded: {report.organizations} new organizations, "
        f"{report.submissions} new submissions with {report.partnerships} partnerships, "
        f"{report.waves} new waves."
    )
