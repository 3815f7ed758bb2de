"""The public pages timed against hello-world: CPU per request read from the workers.

Each endpoint is measured in alternation with hello (hello, Constellation, hello, …,
BENCH_ROUNDS times). Rows marked "(session)" send the cookie of an anonymous visitor who
opened the survey first; a path with `{i}` gets a number never asked before in each
request (an unknown parameter, a page past the end), so no cache can have kept it.
"""

import itertools
import os
import statistics
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from bench import targets
from bench.client import Visitor
from bench.databases import bench_app
from bench.servers import WORKERS, Server, constellation_env

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
# Requests per measure. CPU is read in clock ticks of 10 ms: a thousand requests of about
# 1 ms make a hundred ticks, so one tick more or less moves a ratio by 1 %.
REQUESTS = 1000
# A measure stops after this many seconds (a row that builds a page per request).
ROW_SECONDS = float(os.environ.get("BENCH_ROW_SECONDS", "30"))
SESSION = " (session)"
ENDPOINTS = [  # (label, path)
    ("/", "/"),
    ("/map", "/map"),
    ("/waves/", "/waves/"),
    ("/orgs/", "/orgs/"),
    ("/orgs/<hub>", "/orgs/{hub}"),
    (targets.GRAPH, "/api/graph"),
    ("/api/suggest", "/api/suggest?q=code+for&for=partnerships"),
    (targets.SURVEY_PAGE, "/surveys/partnership"),
    ("/map/table", "/map/table"),
    ("/downloads/partnerships.csv", "/downloads/partnerships.csv"),
    ("/downloads/graph.graphml", "/downloads/graph.graphml"),
    *[(label + SESSION, path) for label, path in [
        ("/", "/"), ("/map", "/map"), ("/waves/", "/waves/"), ("/orgs/", "/orgs/"),
        ("/orgs/<hub>", "/orgs/{hub}"), (targets.GRAPH, "/api/graph"),
        ("/map/table", "/map/table"), ("/downloads/partnerships.csv",
                                       "/downloads/partnerships.csv")]],
    *[(label, path) for label, (path, _) in targets.NEVER_ASKED.items()],
]  # fmt: skip
if os.environ.get("BENCH_ONLY"):  # e.g. BENCH_ONLY="/,/map" while working on those
    ENDPOINTS = [e for e in ENDPOINTS if e[0] in os.environ["BENCH_ONLY"].split(",")]
NUMBERS = itertools.count(1_000_000)  # a page number past any list's end, below 2**31


def measure(server: Server, path: str, cookie: str = "", count: int = REQUESTS) -> dict:
    """Request `path` up to `count` times; return CPU ms per request, req/s, latencies, size."""
    # Warm: every worker builds and keeps the page. The requests are sent WORKERS at a
    # time, so that a worker busy building one cannot leave another cold: a worker that
    # first met the page among the measured requests would add its build to them.
    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(lambda _: _fetch(server.base + _numbered(path), cookie), range(3 * WORKERS)))
    cpu = server.cpu_seconds()
    latencies, size = [], 0
    started = time.perf_counter()
    while len(latencies) < count and time.perf_counter() - started < ROW_SECONDS:
        begin = time.perf_counter()
        size = len(_fetch(server.base + _numbered(path), cookie))
        latencies.append(time.perf_counter() - begin)
    wall = time.perf_counter() - started
    used = server.cpu_seconds() - cpu
    latencies.sort()
    return {
        "cpu_ms": 1000 * used / len(latencies),
        "rps": len(latencies) / wall,
        "p50": 1000 * statistics.median(latencies),
        "p99": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
        "size": size,
        "count": len(latencies),
    }


def _numbered(path: str) -> str:
    """Put a number never used before where the path has `{i}`."""
    return path.replace("{i}", str(next(NUMBERS))) if "{i}" in path else path


class _NotFollowed(urllib.request.HTTPRedirectHandler):
    """Leave redirects to the caller: a 303 (a page past a list's end) is timed alone."""

    def redirect_request(self, *args, **kwargs) -> None:
        """Follow nothing."""
        return None


OPENER = urllib.request.build_opener(_NotFollowed)


def _fetch(url: str, cookie: str = "") -> bytes:
    """GET `url` as a browser asks (compressed, with `cookie`); return the body as sent.

    A 303 is an answer too (a page number past the end); any other error stops the row.
    """
    headers = {"Accept-Encoding": "gzip"} | ({"Cookie": cookie} if cookie else {})
    try:
        with OPENER.open(urllib.request.Request(url, headers=headers), timeout=300) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        if error.code == 303:
            return error.read()
        raise RuntimeError(f"{url} answered {error.code}") from None


def survey_cookie(base: str) -> str:
    """Return the cookies an anonymous visitor holds after opening the survey."""
    visitor = Visitor(base)
    visitor.get("/surveys/partnership")
    if not visitor.cookies:
        return ""
    return "; ".join(f"{k}={v}" for k, v in visitor.cookies.items())


def queries_per_request(url: str, paths: list[tuple[str, bool]]) -> dict:
    """Count the SQL statements of one warm request to each (path, with session), in process."""
    from app.extensions import db

    app = bench_app(url)
    counts = {}
    with app.app_context():
        plain, session = app.test_client(), app.test_client()
        session.get("/surveys/partnership")  # an anonymous visitor who opened the survey
        statements = []

        def note(*args) -> None:
            """Count one statement."""
            statements.append(args[2])

        for path, with_session in paths:
            client, asked = (session if with_session else plain), path.replace("{i}", "0")
            # Twice: a slow first build outlasts PUBLIC_STATE_MAX_AGE, and the second
            # request asks for the network state again; the third is the warm one.
            client.get(asked)
            client.get(asked)
            statements.clear()
            sa.event.listen(db.engine, "before_cursor_execute", note)
            client.get(path.replace("{i}", "1"))
            sa.event.remove(db.engine, "before_cursor_execute", note)
            counts[(path, with_session)] = len(statements)
        db.session.remove()
        db.engine.dispose()
    return counts


def bench_pages(database: str, url: str, n: int, hub: str) -> tuple[list[str], dict]:
    """Measure every endpoint at size `n` on one database; return the table and the medians."""
    paths = [(label, path.format(hub=hub, i="{i}")) for label, path in ENDPOINTS]
    hello = Server("bench.hello:app", {}, "hello")
    env, jobs = constellation_env(url)
    app = Server("wsgi:app", env, f"constellation-{n}", jobs)
    try:
        cookie = survey_cookie(app.base)
        results = {label: [] for label, _ in paths}
        hellos = []
        for _ in range(ROUNDS):  # A B A B: the machine's noise falls on both alike
            for label, path in paths:
                hellos.append(measure(hello, "/")["cpu_ms"])
                result = measure(app, path, cookie if label.endswith(SESSION) else "")
                # Paired with the hello measured just before it, under the same load.
                result["ratio"] = _ratio(hellos[-1], result)
                if label in targets.SAME_BYTES:
                    # And to a bare Flask sending as many bytes, measured just after it.
                    same = measure(hello, f"/bytes/{result['size']}")["cpu_ms"]
                    result["same_bytes_ratio"] = _ratio(same, result)
                results[label].append(result)
        memory = ", ".join(f"{mb:.0f}" for mb in app.worker_rss_mb())
    finally:
        hello.stop()
        app.stop()
    queries = queries_per_request(url, [(p, label.endswith(SESSION)) for label, p in paths])
    lines = [
        f"\n### {database}, N = {n:,} (hello-world: {statistics.median(hellos):.2f} ms CPU "
        f"per request, median; {ROUNDS} rounds: the median of each column, and the best ratio)\n",
        "| request | CPU ms/req | req/s | p50 ms | p99 ms | size | queries | CPU ratio to hello "
        "| best ratio | to hello sending as many bytes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    medians = {}
    for label, path in paths:
        rounds = results[label]
        row = medians[label] = {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
        row["best_ratio"] = max(r["ratio"] for r in rounds)
        same = f"{row['same_bytes_ratio']:.2f} |" if "same_bytes_ratio" in row else "– |"
        sent = "" if row["count"] >= REQUESTS else f" ({row['count']:.0f} sent)"
        lines.append(
            f"| `{label}`{sent} | {row['cpu_ms']:.2f} | {row['rps']:.0f} | {row['p50']:.1f} | "
            f"{row['p99']:.1f} | {_size(row['size'])} | "
            f"{queries[(path, label.endswith(SESSION))]} | {row['ratio']:.2f} | "
            f"{row['best_ratio']:.2f} | " + same
        )
    lines.append(f"\nWorker memory (RSS) after these rows: {memory} MB.")
    return lines, medians


def _ratio(yardstick_ms: float, result: dict) -> float:
    """Return a yardstick's CPU per request divided by the page's (99 for a free page)."""
    return yardstick_ms / result["cpu_ms"] if result["cpu_ms"] else 99.0


def _size(count: float) -> str:
    """Return a byte count as people read it."""
    if count >= 1024 * 1024:
        return f"{count / 1024 / 1024:.1f} MB"
    return f"{count / 1024:.0f} KB" if count >= 10 * 1024 else f"{count:,.0f} B"
