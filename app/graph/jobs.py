"""Running the layout job after the public network changes, never in a visitor's request.

bump_revision (app/network.py) marks its session; once that session commits, the
layout is requested from the runner LAYOUT_RUNNER names:
- "thread" (the default, for one app server): a background thread of this process;
- "queue" (when JOB_QUEUE_URL names a Redis): an RQ job, run by
  `flask --app wsgi worker` on any host, so several app servers lay out once;
- "inline": at once, in a fresh application context, after the commit (the tests);
- "off": not at all (`flask --app wsgi lay-out` does it by hand).
Until the job has run, the map shows the last stored positions, with newcomers placed
provisionally (app.graph.layout.positions_for).
"""

import threading

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.graph.layout import lay_out
from app.network import LAYOUT_REQUESTED

QUEUE_NAME = "constellation"
JOB_NAME = "app.graph.jobs.layout_job"

_running = threading.Lock()
_requested = threading.Event()


def runner(app: Flask) -> str:
    """Return how `app` runs layout jobs: "thread", "queue", "inline" or "off"."""
    configured = app.config.get("LAYOUT_RUNNER") or ""
    if configured:
        return configured
    return "queue" if app.config.get("JOB_QUEUE_URL") else "thread"


def request_layout() -> None:
    """Have the network laid out for its latest revision, by this app's runner."""
    app = current_app._get_current_object()
    how = runner(app)
    if how == "thread":
        _requested.set()
        threading.Thread(target=_run_in_thread, args=(app,), name="layout", daemon=True).start()
    elif how == "queue":
        job_queue(app).enqueue(JOB_NAME, job_timeout=600)
    elif how == "inline":
        with app.app_context():
            lay_out()


def layout_behind() -> None:
    """Note that a request found the stored layout behind the revision.

    With the thread runner, a layout asked for before the process restarted would
    otherwise wait for the next change: start it. The request itself writes nothing.
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
    """The queued job: lay out the network (run by `flask worker` inside the app)."""
    return lay_out()


def _run_in_thread(app: Flask) -> None:
    """Lay out in this thread, unless another thread already is; go round while asked."""
    while _requested.is_set() and _running.acquire(blocking=False):
        try:
            while _requested.is_set():
                _requested.clear()
                with app.app_context():
                    lay_out()
        except Exception:
            app.logger.exception("laying out the network failed")
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
    """Request a layout once a transaction that bumped the revision has committed."""
    if session.info.pop(LAYOUT_REQUESTED, False):
        try:
            request_layout()
        except Exception:
            current_app.logger.exception("could not request a layout of the network")


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    """Forget a bump that was rolled back."""
    session.info.pop(LAYOUT_REQUESTED, None)
