"""`make bench`: Constellation's public pages against a bare Flask, at several network sizes.

For each database (SQLite, and PostgreSQL when it answers) and each size N (BENCH_SIZES,
default 100,1000,10000) it builds or reuses a synthetic network (bench/generate.py),
starts hello-world and Constellation under the same gunicorn settings, and times each
endpoint in alternation (hello, Constellation, hello, Constellation), printing a
Markdown table: CPU milliseconds per request read from the workers, requests a second,
p50 and p99 latency, response size, queries per request, and the CPU ratio to hello
(hello's CPU per request divided by the endpoint's: 1.0 is as cheap as hello).
"""

import os
import statistics
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from bench import browser, targets
from bench.databases import bench_app, databases, prepare, sqlite_url
from bench.explain import explain_paths
from bench.servers import WORKERS, Server
from bench.work import measure_work, post_costs_alternated

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "100,1000,10000").split(",")]
MAP_SIZES = [int(n) for n in os.environ.get("BENCH_MAP_SIZES", "100,2000,10000").split(",") if n]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
SECRET = "bench-only-secret-key-0123456789abcdef0123456789"
# Requests per measure. CPU is read in clock ticks of 10 ms: a thousand requests of about
# 1 ms make a hundred ticks, so one tick more or less moves a ratio by 1 %.
REQUESTS = 1000
ENDPOINTS = [  # (label, path)
    ("/", "/"),
    ("/map", "/map"),
    ("/waves/", "/waves/"),
    ("/orgs/", "/orgs/"),
    ("/orgs/<hub>", "/orgs/{hub}"),
    ("/api/graph warm", "/api/graph"),
    ("/api/suggest", "/api/suggest?q=code+for&for=partnerships"),
    ("/surveys/partnership", "/surveys/partnership"),
    ("/map/table", "/map/table"),
    ("/downloads/partnerships.csv", "/downloads/partnerships.csv"),
    ("/downloads/graph.graphml", "/downloads/graph.graphml"),
]
if os.environ.get("BENCH_ONLY"):  # e.g. BENCH_ONLY="/,/map" while working on those
    ENDPOINTS = [e for e in ENDPOINTS if e[0] in os.environ["BENCH_ONLY"].split(",")]
EXPLAINED = ["/", "/orgs/", "/orgs/{hub}", "/api/graph", "/map/table",
             "/api/suggest?q=transit+12&for=organizations"]  # fmt: skip


def measure(server: Server, path: str, count: int = REQUESTS) -> dict:
    """Request `path` `count` times; return CPU ms per request, req/s, latencies, size."""
    # Warm: every worker builds and keeps the page. The requests are sent WORKERS at a
    # time, so that a worker busy building one cannot leave another cold: a worker that
    # first met the page among the measured requests would add its build to them.
    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(_fetch, [server.base + path] * (3 * WORKERS)))
    cpu = server.cpu_seconds()
    latencies, size = [], 0
    started = time.perf_counter()
    for _ in range(count):
        begin = time.perf_counter()
        size = len(_fetch(server.base + path))
        latencies.append(time.perf_counter() - begin)
    wall = time.perf_counter() - started
    used = server.cpu_seconds() - cpu
    latencies.sort()
    return {
        "cpu_ms": 1000 * used / count,
        "rps": count / wall,
        "p50": 1000 * statistics.median(latencies),
        "p99": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
        "size": size,
    }


def _fetch(url: str) -> bytes:
    try:
        # As a browser asks: large pages come compressed (the size column is what is sent).
        request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"{url} answered {error.code}") from None


def queries_per_request(url: str, paths: list[str]) -> dict[str, int]:
    """Count the SQL statements of one warm request to each path, in process."""
    from app.extensions import db

    app = bench_app(url)
    counts = {}
    with app.app_context():
        client = app.test_client()
        statements = []

        def note(*args) -> None:
            """Count one statement."""
            statements.append(args[2])

        for path in paths:
            # Twice: a slow first build outlasts PUBLIC_STATE_MAX_AGE, and the second
            # request asks for the network state again; the third is the warm one.
            client.get(path)
            client.get(path)
            statements.clear()
            sa.event.listen(db.engine, "before_cursor_execute", note)
            client.get(path)
            sa.event.remove(db.engine, "before_cursor_execute", note)
            counts[path] = len(statements)
        db.session.remove()
        db.engine.dispose()
    return counts


def server_env(url: str) -> dict[str, str]:
    """Return the environment Constellation's gunicorn runs with."""
    return {"DATABASE_URL": url, "SECRET_KEY": SECRET, "CONSTELLATION_ENV": "production",
            "LAYOUT_RUNNER": "off", "SESSION_COOKIE_SECURE": "0",
            "SUGGEST_RATE_LIMIT": "100000 per minute"}  # one client asks for all  # fmt: skip


def bench_pages(database: str, url: str, n: int, hub: str) -> tuple[list[str], dict]:
    """Measure every endpoint at size `n` on one database; return the table and the results."""
    paths = [(label, path.format(hub=hub)) for label, path in ENDPOINTS]
    hello = Server("bench.hello:app", {})
    app = Server("wsgi:app", server_env(url))
    try:
        results = {label: [] for label, _ in paths}
        hellos = []
        for _ in range(ROUNDS):  # A B A B: the machine's noise falls on both alike
            for label, path in paths:
                hellos.append(measure(hello, "/")["cpu_ms"])
                result = measure(app, path)
                # Paired with the hello measured just before it, under the same load.
                result["ratio"] = _ratio(hellos[-1], result)
                if label in targets.SAME_BYTES:
                    # And to a bare Flask sending as many bytes, measured just after it.
                    same = measure(hello, f"/bytes/{result['size']}")["cpu_ms"]
                    result["same_bytes_ratio"] = _ratio(same, result)
                results[label].append(result)
    finally:
        hello.stop()
        app.stop()
    queries = queries_per_request(url, [path for _, path in paths])
    hello_cpu = statistics.median(hellos)
    lines = [
        f"\n### {database}, N = {n:,} (hello-world: {hello_cpu:.2f} ms CPU per request, median)\n",
        "| request | CPU ms/req | req/s | p50 ms | p99 ms | size | queries | CPU ratio to hello "
        "| to hello sending as many bytes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    best = {}
    for label, path in paths:
        # The round the machine disturbed least: the best ratio to its own hello.
        best[label] = max(results[label], key=lambda r: r["ratio"])
        row = best[label]
        lines.append(
            f"| `{label}` | {row['cpu_ms']:.2f} | {row['rps']:.0f} | {row['p50']:.1f} | "
            f"{row['p99']:.1f} | {_size(row['size'])} | {queries[path]} | {row['ratio']:.2f} | "
            + (f"{row['same_bytes_ratio']:.2f} |" if "same_bytes_ratio" in row else "– |")
        )
    return lines, best


def work_table(url: str, n: int) -> tuple[list[str], dict]:
    """Measure the layout job, a survey POST and a review page at size `n`, in process."""
    costs = measure_work(bench_app(url), run=int(time.time()))
    lines = ["", "| work (in process) | CPU ms | queries |", "|---|---:|---:|"]
    lines += [f"| {label} | {ms:.0f} | {count} |" for label, (ms, count) in costs.items()]
    return lines, costs


def plans_table(url: str, n: int) -> list[str]:
    """Explain the queries of the main public pages on PostgreSQL at size `n`."""
    hub = prepare(url, n)
    paths = [path.format(hub=hub) for path in EXPLAINED]
    return [
        f"\n### PostgreSQL query plans at N = {n:,} (EXPLAIN ANALYZE)\n",
        "| request | statements | SQL ms | slowest ms | slowest plan: scans, joins, rows |",
        "|---|---:|---:|---:|---|",
        *explain_paths(bench_app(url), paths),
    ]


# The map as a visitor first sees it (a large network opens on its largest group), and
# the whole map drawn at once (MAP_GROUP_VIEW_FROM=0), for comparison.
MAP_VIEWS = [("opening view", {}), ("whole map", {"MAP_GROUP_VIEW_FROM": "0"})]


def map_table() -> list[str]:
    """Time the map in Chromium at each of MAP_SIZES (SQLite), or say why it cannot."""
    why_not = browser.available()
    if why_not or not MAP_SIZES:
        return [f"\nThe map was not timed: {why_not or 'BENCH_MAP_SIZES is empty'}."]
    lines = ["\n## The map in headless Chromium (SQLite)\n",
             "| N | view | organizations drawn | until drawn, ms | tap to panel, ms | frame, ms |",
             "|---:|---|---:|---:|---:|---:|"]  # fmt: skip
    timings = {}
    for n in MAP_SIZES:
        url = sqlite_url(n)
        prepare(url, n)
        for view, env in MAP_VIEWS:
            server = Server("wsgi:app", {**server_env(url), **env})
            try:
                timing = browser.time_map(server.base, ROUNDS)
            finally:
                server.stop()
            timings.setdefault(n, timing)  # the targets are for what a visitor first gets
            lines.append(f"| {n:,} | {view} | {timing['nodes']:,} | {timing['drawn']:.0f} | "
                         f"{timing['tap']:.0f} | {timing['frame']:.0f} |")  # fmt: skip
            print(lines[-1], file=sys.stderr, flush=True)
    return lines + targets.map_report(timings)


def _ratio(yardstick_ms: float, result: dict) -> float:
    """Return a yardstick's CPU per request divided by the page's (99 for a free page)."""
    return yardstick_ms / result["cpu_ms"] if result["cpu_ms"] else 99.0


def _size(count: int) -> str:
    """Return a byte count as people read it."""
    if count >= 1024 * 1024:
        return f"{count / 1024 / 1024:.1f} MB"
    return f"{count / 1024:.0f} KB" if count >= 10 * 1024 else f"{count:,} B"


def main() -> None:
    print(f"# Constellation benchmark ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, "
          f"gunicorn {WORKERS} sync workers)")  # fmt: skip
    measured, posts = {}, {}
    for database, url_for_size in databases():
        for n in SIZES:
            url = url_for_size(n)
            hub = prepare(url, n)
            pages, best = bench_pages(database, url, n, hub)
            work, costs = work_table(url, n)
            measured[(database, n)] = (best, costs)
            print("\n".join(pages + work), flush=True)
        apps = {n: bench_app(url_for_size(n)) for n in SIZES}
        posts[database] = post_costs_alternated(apps, ROUNDS + 1)
        if database == "PostgreSQL":
            print("\n".join(plans_table(url_for_size(max(SIZES)), max(SIZES))), flush=True)
    print("\n".join(map_table()), flush=True)
    print("\n".join(targets.report(measured, posts)), flush=True)


if __name__ == "__main__":
    sys.exit(main())
