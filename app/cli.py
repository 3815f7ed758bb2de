"""Command-line tasks: `flask seed-demo`, `flask lay-out`, `flask worker`."""

import os
import signal

import click
import sqlalchemy as sa

from app.demo import load_demo_data
from app.extensions import db
from app.graph.publish import publish_network
from app.models import Organization


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has organizations.")
def seed_demo_command(if_empty: bool) -> None:
    """Load the 2022 Partner Constellation and open a current wave (safe to run twice)."""
    if if_empty and db.session.scalar(sa.select(Organization.id).limit(1)) is not None:
        click.echo("The database already has data; demo data not loaded.")
        return
    report = load_demo_data()
    publish_network()  # here, so the first visitor does not wait for the map or its pages
    click.echo(
        f"Demo data loaded: {report.organizations} new organizations, "
        f"{report.submissions} new submissions with {report.partnerships} partnerships, "
        f"{report.waves} new waves."
    )


@click.command("lay-out")
def lay_out_command() -> None:
    """Lay out, build and publish the network's current revision, if it is not already."""
    if publish_network():
        click.echo("Laid out and published.")
    else:
        click.echo("Already published, or another job is publishing it.")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop once there is nothing to do.")
def worker_command(burst: bool) -> None:
    """Run the background jobs: from the queue JOB_QUEUE_URL names, else by polling the database."""
    from flask import current_app
    from rq import SimpleWorker

    from app.graph.jobs import job_queue, poll
    from app.graph.places import read_cities

    os.nice(current_app.config["WORKER_NICENESS"])
    read_cities()  # most of a first job's CPU: read once, before any job waits on it
    if not current_app.config.get("JOB_QUEUE_URL"):
        # current_app is a LocalProxy, which Flask types as the Flask app it stands for.
        poll(current_app._get_current_object(), burst=burst)  # type: ignore[attr-defined]
        return
    queue = job_queue(current_app)
    # RQ answers SIGINT and SIGTERM with its own handlers and leaves them in place: put
    # back, a process that ran the command in itself (the tests) stops as before after it.
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        # SimpleWorker runs each job in this process, inside this command's app context.
        SimpleWorker([queue], connection=queue.connection).work(burst=burst)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
