"""The live part of the benchmark: Constellation served as in production, then put back.

The moderator's password is set in process, the server is started with the README's
production setup, warmed, and measured by bench/live.py: one approval's cold moment, the
mixed load, each worker's memory. What the run approved is unpublished afterwards, so that
the next run measures the network bench/generate.py built.
"""

from pathlib import Path

import sqlalchemy as sa

from bench.client import signed_in
from bench.databases import bench_app
from bench.live import COLD_SECONDS, FRESH_PAGES, MIXED_SECONDS, cold_moment, mixed_load, warm
from bench.servers import LOGS, Server, constellation_env


def live_table(
    url: str, n: int, hub: str, run: int,
    cold_seconds: float = COLD_SECONDS, mixed_seconds: float = MIXED_SECONDS,
    logs: Path = LOGS,
) -> tuple[list[str], dict]:  # fmt: skip
    """Serve Constellation as in production; measure the cold moment, the load and memory.

    The server's log goes to `logs` (bench/data/logs/ for `make bench`).
    """
    from bench.work import MODERATOR, PASSWORD

    _in_process(url, _set_password)
    env, jobs = constellation_env(url)
    server = Server("wsgi:app", env, f"constellation-live-{n}", jobs, logs)
    found = {}
    try:
        warm(server, hub)
        found["rss_warm"] = server.worker_rss_mb()
        moderator = signed_in(server.base, MODERATOR, PASSWORD)
        if cold_seconds > 0:
            found["cold"] = cold_moment(server, url, hub, moderator, run, cold_seconds)
        if mixed_seconds > 0:
            found["mixed"] = mixed_load(server, url, hub, moderator, run, mixed_seconds)
        found["rss_after"] = server.worker_rss_mb()
    finally:
        server.stop()
        _in_process(url, lambda: _unpublish(run))  # the next run finds the network it built
    return live_lines(found), found


def live_lines(found: dict) -> list[str]:
    """Return the Markdown rows of what the live servers met."""
    lines = ["", "| live, as in production | reached |", "|---|---|"]
    cold = found.get("cold")
    if cold:
        for path in FRESH_PAGES:
            seconds = cold["shown"].get(path)
            lines.append(
                f"| one approval: on `{path}` after | "
                + (f"{seconds:.1f} s |" if path not in cold["missing"] else "never |")
            )
        layout = f"{cold['layout']:.1f} s" if cold["layout"] is not None else "never"
        lines += [f"| one approval: layout stored after | {layout} |",
                  "| one approval: CPU of workers and job runners, every page rebuilt, until quiet "
                  f"({cold['window']:.0f} s) | {cold['cpu_ms']:.0f} ms |"]  # fmt: skip
    mixed = found.get("mixed")
    if mixed:
        for key, words in [("gets", "GET"), ("posts", "survey POST"), ("approvals", "approval")]:
            got = mixed[key]
            lines.append(f"| mixed load: {words} p50 / p99 ({got['count']} sent) | "
                         f"{got['p50']:.0f} / {got['p99']:.0f} ms |")  # fmt: skip
        errors = mixed["errors"]
        lines.append(f"| mixed load: errors | {len(errors)}"
                     + (f" (first: {errors[0]})" if errors else "") + " |")  # fmt: skip
        lines.append(f"| mixed load: the clients' own CPU (this process) | "
                     f"{100 * mixed['client_cpu']:.0f} % of a core |")  # fmt: skip
    for key, words in [("rss_warm", "warm"), ("rss_after", "after the approvals")]:
        if key in found:
            sizes = ", ".join(f"{mb:.0f}" for mb in found[key])
            lines.append(f"| worker memory (RSS), {words} | {sizes} MB |")
    return lines


def _in_process(url: str, action) -> None:
    """Run `action()` in the app on the database at `url`, in this process."""
    from app.extensions import db

    with bench_app(url).app_context():
        action()
        db.session.remove()
        db.engine.dispose()


def _set_password() -> None:
    """Let the benchmark's moderator sign in with a known password."""
    from bench.work import set_moderator_password

    set_moderator_password()


def _unpublish(run: int) -> None:
    """Unpublish what this run approved and publish the network again, as before the run."""
    from app.extensions import db
    from app.graph.publish import publish_network
    from app.models import Organization, Submission, SubmissionStatus, User
    from app.moderation.services import decide
    from app.submissions.workflow import Transition
    from bench.work import MODERATOR

    moderator = db.session.scalar(sa.select(User).where(User.email == MODERATOR))
    names = sa.or_(Organization.name.like(f"Code for Loadville {run}-%"),
                   Organization.name == f"Code for Coldville {run}")  # fmt: skip
    approved = db.session.scalars(
        sa.select(Submission).join(Organization, Organization.id == Submission.organization_id)
        .where(names, Submission.status == SubmissionStatus.APPROVED)
    ).all()  # fmt: skip
    for submission in approved:
        decide(submission, Transition.UNPUBLISH, moderator, submission.version, "bench run over")
    publish_network()
