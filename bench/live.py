"""What visitors meet while the site is used: one approval's cold moment, a mixed load, memory.

Constellation runs as in production (bench/servers.py). The moderator approves through the
real review page and its form, signed in through the real sign-in form; survey answers
are real form POSTs with their tokens. Everything is sent to 127.0.0.1 and bounded in time.
"""

import os
import random
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from app.models import SubmissionStatus
from bench.client import Visitor, approve, send_survey
from bench.servers import WORKERS

COLD_SECONDS = float(os.environ.get("BENCH_COLD_SECONDS", "60"))
MIXED_SECONDS = float(os.environ.get("BENCH_MIXED_SECONDS", "60"))
VISITORS = int(os.environ.get("BENCH_MIXED_VISITORS", "50"))
POSTS_PER_SECOND = 5
APPROVAL_EVERY = 5.0
THINK = 1.0  # mean seconds a visitor reads a page before the next (uniform 0 to 2×)
POLL = 0.1  # seconds between two looks at the pages that should show an approval
QUIET_MS = 20  # workers using less than this in QUIET seconds are done with a change
QUIET = 2.0
PENDING = SubmissionStatus.PENDING.value  # as the status column stores it
FRESH_PAGES = ["/api/graph", "/map/table", "/downloads/partnerships.csv"]


def public_paths(hub: str) -> list[str]:
    """Return the public pages a visitor of the mixed load picks from."""
    return ["/", "/map", "/waves/", "/orgs/", f"/orgs/{hub}", "/api/graph", "/map/table",
            "/downloads/partnerships.csv", "/surveys/partnership",
            "/api/suggest?q=code+for&for=partnerships"]  # fmt: skip


def submission_ids(url: str, prefix: str) -> list[int]:
    """Return the pending submissions from organizations named `prefix`…, oldest first."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(sa.text(
                "SELECT s.id FROM submission s JOIN organization o ON o.id = s.organization_id "
                "WHERE o.name LIKE :prefix AND s.status = :pending ORDER BY s.id"),
                {"prefix": prefix + "%", "pending": PENDING}).scalars())  # fmt: skip
    finally:
        engine.dispose()


def laid_out(url: str) -> bool:
    """Tell whether the stored layout is that of the network's revision."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            row = connection.execute(sa.text("SELECT revision, laid_out FROM network_revision"))
            revision, done = row.one()
            return done >= revision
    finally:
        engine.dispose()


def cold_moment(
    server, url: str, hub: str, moderator: Visitor, run: int, limit: float = COLD_SECONDS
) -> dict:
    """Approve one new answer with the pages warm; time until each page shows it, and the CPU.

    A page shows it once 2 × WORKERS answers in a row (from any worker) carry the change.
    The CPU is that of every worker and job runner from just before the approval until
    the pages show it, the layout is stored, every public page has been asked of every
    worker again (so each is rebuilt once, where it is kept) and the processes are quiet,
    at most `limit` seconds.
    """
    name, partner = f"Code for Coldville {run}", f"Coldville Library {run}"
    send_survey(server.base, name, [partner, "Biblioteca Pública 8"])
    (submission,) = submission_ids(url, name)
    looker = Visitor(server.base)
    before = {path: looker.get(path) for path in FRESH_PAGES}
    _wait_quiet(server)
    stable = 2 * len(server.workers())
    shown, streak = {}, dict.fromkeys(FRESH_PAGES, 0)
    cpu, started = server.cpu_seconds(jobs=True), time.perf_counter()
    approve(moderator, submission)
    layout_at, rebuilt = None, False
    while time.perf_counter() - started < limit:
        for path in FRESH_PAGES:
            if streak[path] < stable:
                _look(looker, path, partner, before[path], streak, shown, started)
        if layout_at is None and laid_out(url):
            layout_at = time.perf_counter() - started
        if layout_at is not None and all(s >= stable for s in streak.values()):
            if not rebuilt:
                warm(server, hub)
                rebuilt = True
            elif _quiet(server):
                break
        time.sleep(POLL)
    used = server.cpu_seconds(jobs=True) - cpu
    missing = [path for path in FRESH_PAGES if streak[path] < stable]
    return {"shown": shown, "layout": layout_at, "cpu_ms": 1000 * used, "missing": missing,
            "window": time.perf_counter() - started, "rebuilt": rebuilt}  # fmt: skip


def _look(looker, path: str, partner: str, before: bytes, streak, shown, started) -> None:
    """Ask for `path` once: a look that carries the change counts, one that does not resets."""
    body = looker.get(path)
    carries = partner.encode() in body if path != "/map/table" else body != before
    if not carries:
        streak[path] = 0
        shown.pop(path, None)
        return
    streak[path] += 1
    shown.setdefault(path, time.perf_counter() - started)


def warm(server, hub: str) -> None:
    """Ask every public page 3 × WORKERS times, WORKERS at a time: each worker builds each."""
    paths = public_paths(hub) * 3 * WORKERS
    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(lambda path: Visitor(server.base).get(path), paths))


def mixed_load(
    server, url: str, hub: str, moderator: Visitor, run: int, seconds: float = MIXED_SECONDS
) -> dict:
    """VISITORS reading pages, POSTS_PER_SECOND survey answers, an approval every 5 s."""
    deadline = time.monotonic() + seconds
    paths = public_paths(hub)
    gets, posts, approvals, errors = [], [], [], []
    prefix = f"Code for Loadville {run}-"

    def visit(number: int) -> None:
        """Read pages until the deadline; half the visitors opened the survey first."""
        rng = random.Random(number)
        visitor = Visitor(server.base)
        paths_now = ["/surveys/partnership"] if number % 2 else []
        while time.monotonic() < deadline:
            path = paths_now.pop() if paths_now else rng.choice(paths)
            began = time.perf_counter()
            try:
                status, _, _ = visitor.request("GET", path)
                if status != 200:
                    errors.append(f"GET {path}: {status}")
            except Exception as error:  # noqa: BLE001 - any failure is an error to count
                errors.append(f"GET {path}: {error!r}")
            gets.append(time.perf_counter() - began)
            time.sleep(rng.uniform(0, 2 * THINK))

    def answer(number: int) -> None:
        """Send one survey answer."""
        try:
            posts.append(send_survey(server.base, f"{prefix}{number}"))
        except Exception as error:  # noqa: BLE001 - any failure is an error to count
            errors.append(f"survey POST: {error!r}")

    def moderate() -> None:
        """Approve the oldest pending answer of this load every APPROVAL_EVERY seconds."""
        due = deadline - seconds + APPROVAL_EVERY  # every 5 s from the load's start
        while due <= deadline:
            time.sleep(max(0, due - time.monotonic()))
            due += APPROVAL_EVERY
            waiting = submission_ids(url, prefix)
            if not waiting:
                continue
            try:
                approvals.append(approve(moderator, waiting[0]))
            except Exception as error:  # noqa: BLE001 - any failure is an error to count
                errors.append(f"approval: {error!r}")

    client_cpu, began = time.process_time(), time.monotonic()
    threads = [threading.Thread(target=visit, args=(i,)) for i in range(VISITORS)]
    threads.append(threading.Thread(target=moderate))
    for thread in threads:
        thread.start()
    with ThreadPoolExecutor(2 * POSTS_PER_SECOND) as pool:  # a slow POST delays no other
        number, begun = 0, time.monotonic()
        while time.monotonic() < deadline:
            pool.submit(answer, number)
            number += 1
            time.sleep(max(0, begun + number / POSTS_PER_SECOND - time.monotonic()))
    for thread in threads:
        thread.join()
    client = (time.process_time() - client_cpu) / (time.monotonic() - began)
    return {"gets": _ms(gets), "posts": _ms(posts), "approvals": _ms(approvals),
            "errors": errors, "client_cpu": client}  # fmt: skip


def _ms(seconds: list[float]) -> dict:
    """Return the count, p50 and p99 of durations, in ms."""
    if not seconds:
        return {"count": 0, "p50": float("nan"), "p99": float("nan")}
    ordered = sorted(seconds)
    return {"count": len(ordered), "p50": 1000 * statistics.median(ordered),
            "p99": 1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]}  # fmt: skip


def _quiet(server) -> bool:
    """Tell whether the workers and job runners use (almost) no CPU for QUIET seconds."""
    before = server.cpu_seconds(jobs=True)
    time.sleep(QUIET)
    return 1000 * (server.cpu_seconds(jobs=True) - before) < QUIET_MS


def _wait_quiet(server, limit: float = 120) -> None:
    """Wait until the servers are quiet (a layout asked for earlier has finished)."""
    ends = time.monotonic() + limit
    while not _quiet(server) and time.monotonic() < ends:
        pass
