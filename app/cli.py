"""Command-line tasks: `flask seed-demo`, `flask lay-out`, `flask worker`."""

import click
import sqlalchemy as sa

from app.demo import load_demo_data
from app.extensions import db
from app.graph.layout import lay_out
from app.models import Organization


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has organizations.")
def seed_demo_command(if_empty: bool) -> None:
    """Load the 2022 Partner Constellation and open a current wave (safe to run twice)."""
    if if_empty and db.session.scalar(sa.select(Organization.id).limit(1)) is not None:
        click.echo("The database already has data; demo data not loaded.")
        return
    report = load_demo_data()
    lay_out()  # here, so the first visitor does not wait for the map's layout
    click.echo(
        f"Demo data loaded: {report.organizations} new organizations, "
        f"{report.submissions} new submissions with {report.partnerships} partnerships, "
        f"{report.waves} new waves."
    )


@click.command("lay-out")
def lay_out_command() -> None:
    """Lay the public map out for the network's current revision, if it is not already."""
    click.echo("Laid out." if lay_out() else "The layout was already up to date.")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
def worker_command(burst: bool) -> None:
    """Run the background job worker on the queue JOB_QUEUE_URL names (layout jobs)."""
    from flask import current_app
    from rq import SimpleWorker

    from app.graph.jobs import job_queue

    if not current_app.config.get("JOB_QUEUE_URL"):
        raise click.ClickException("Set JOB_QUEUE_URL to a Redis URL to run a worker.")
    queue = job_queue(current_app)
    # SimpleWorker runs each job in this process, inside this command's app context.
    SimpleWorker([queue], connection=queue.connection).work(burst=burst)
