"""Running the publishing job after the public network changes, never in a visitor's request.

bump_revision (app/network.py) marks its session; once that session commits, the job
(app/graph/publish.py: lay out, build the public documents, publish) is requested from
the runner LAYOUT_RUNNER names:
- "thread" (development's default without JOB_QUEUE_URL): a background thread of
  this process; a process that finds the published state behind starts one too;
- "worker" (production's default without JOB_QUEUE_URL): nothing here: `flask --app
  wsgi worker` looks at the database every WORKER_POLL_SECONDS and runs the job, so web
  workers never lay out;
- "queue" (the default with JOB_QUEUE_URL): an RQ job, run by
  `flask --app wsgi worker` on any host;
- "inline": at once, in a fresh application context, after the commit (the tests);
- "off": not at all (`flask --app wsgi lay-out` does it by hand).
Whichever runs it, the job claims the revision in the database first, so one layout and
one build are made per revision across processes and hosts. Until it has published,
visitors get the previous state's pages.
"""

import signal
import threading
from contextlib import contextmanager

import click
from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.extensions import db
from app.graph.publish import publish_network
from app.network import LAYOUT_REQUESTED, network_state
from app.pagecache import STATE_BEHIND

QUEUE_NAME = "constellation"
JOB_NAME = "app.graph.jobs.layout_job"
JOB_TIMEOUT = 600  # seconds; below the claim's expiry (app/network.CLAIM_EXPIRY)

_running = threading.Lock()
_requested = threading.Event()


def register(app: Flask) -> None:
    """Have a thread-runner process that finds the public state behind start the job."""
    app.extensions[STATE_BEHIND] = _state_behind


def runner(app: Flask) -> str:
    """Return how `app` runs the job: "thread", "worker", "queue", "inline" or "off"."""
    configured = app.config.get("LAYOUT_RUNNER") or ""
    if configured:
        return configured
    if app.config.get("JOB_QUEUE_URL"):
        return "queue"
    return app.config.get("LAYOUT_RUNNER_WITHOUT_QUEUE") or "thread"


def request_layout() -> None:
    """Have the network laid out and published for its latest revision, by the runner."""
    # current_app is a LocalProxy, which Flask types as the Flask app it stands for.
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    how = runner(app)
    if how == "thread":
        _requested.set()
        threading.Thread(target=_run_in_thread, args=(app,), name="layout", daemon=True).start()
    elif how == "queue":
        _enqueue(app)
    elif how == "inline":
        with app.app_context():
            publish_network()


def _enqueue(app: Flask) -> None:
    """Put a job on the queue.

    Not one per revision by job id: a queue shared by two databases (or a worker that
    died with a job marked started) would then swallow a revision's job. The job's claim
    in the database (app/network.py) is what keeps a revision from being done twice; an
    extra job finds it claimed or published and ends at once.
    """
    job_queue(app).enqueue(JOB_NAME, job_timeout=JOB_TIMEOUT)


def _state_behind(state) -> None:
    """With the thread runner, start the job a restart or a failure left undone.

    Called while a request reads the state: it only starts a thread; the request writes
    nothing, and the job's claim keeps processes from doing the work twice.
    """
    if runner(current_app) == "thread" and not _requested.is_set():
        request_layout()


def job_queue(app: Flask):
    """Return the RQ queue on the Redis that JOB_QUEUE_URL names."""
    from redis import Redis
    from rq import Queue

    name = app.config.get("JOB_QUEUE_NAME") or QUEUE_NAME
    return Queue(name, connection=Redis.from_url(app.config["JOB_QUEUE_URL"]))


def layout_job() -> bool:
    """The queued job: lay out, build and publish (run by `flask worker` inside the app)."""
    for publication in publish_network():
        click.echo(str(publication))  # the worker's output: what each job did
    return True


def poll(app: Flask, burst: bool = False) -> None:
    """Run the job whenever the database says the published state is behind (`flask worker`).

    The worker for one server without Redis: looking costs one small query a poll. Asked
    to stop (SIGTERM, as a process manager or a deploy does), it finishes the job it runs
    first, as RQ's worker does: killed in the middle, it would leave its claim on the
    revision standing, and no other job would publish for CLAIM_EXPIRY.
    """
    pause = app.config["WORKER_POLL_SECONDS"]
    stopping = threading.Event()
    with _stopped_by_sigterm(stopping):
        while not stopping.is_set():
            _publish_if_behind(app)
            if burst:
                return
            stopping.wait(pause)


@contextmanager
def _stopped_by_sigterm(stopping: threading.Event):
    """Have SIGTERM set `stopping` instead of ending the process, while the block runs."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may handle signals; stopped as before
        return
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: stopping.set())
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _publish_if_behind(app: Flask) -> None:
    """Publish every revision not yet published, if the database says there is one."""
    state = network_state()
    db.session.rollback()  # end the read: the next poll sees what committed since
    if state.published >= state.revision:
        return
    try:
        for publication in publish_network():
            click.echo(str(publication))  # the worker's output: what it did
    except Exception:
        app.logger.exception("publishing the network failed")
        db.session.rollback()


def _run_in_thread(app: Flask) -> None:
    """Run the job in this thread, unless another thread already is; go round while asked."""
    while _requested.is_set() and _running.acquire(blocking=False):
        try:
            while _requested.is_set():
                _requested.clear()
                with app.app_context():
                    publish_network()
        except Exception:
            app.logger.exception("publishing the network failed")
        finally:
            _running.release()


def wait_for_thread(timeout: float = 30) -> bool:
    """Wait until no layout thread runs or is asked for (for the tests); True if idle."""
    idle = _running.acquire(timeout=timeout)
    if idle:
        _running.release()
    return idle and not _requested.is_set()


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    """Request the job once a transaction that bumped the revision has committed."""
    if session.info.pop(LAYOUT_REQUESTED, None):
        try:
            request_layout()
        except Exception:
            current_app.logger.exception("could not request a layout of the network")


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    """Forget a bump that was rolled back."""
    session.info.pop(LAYOUT_REQUESTED, None)
