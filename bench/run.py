"""`make bench`: what visitors of Constellation meet, against a bare Flask, at several sizes.

For each database (SQLite, and PostgreSQL when it answers) and each size N (BENCH_SIZES,
default 100,1000,10000) it builds or reuses a synthetic network (bench/generate.py),
serves hello-world and Constellation as the README's Production section does
(bench/servers.py) and times each public page in alternation (bench/pages.py); then it
measures the work that is not a public GET in process (bench/work.py), one approval's
cold moment, a mixed load and the workers' memory on a live server (bench/live.py), the
map in Chromium on a desktop and on a slowed phone (bench/browser.py), Lighthouse's
mobile score (bench/lighthouse.py), and prints each target as met or not.
"""

import os
import subprocess
import sys
import time

from bench import browser, lighthouse, serving, targets
from bench.databases import bench_app, databases, prepare, sqlite_url
from bench.explain import explain_paths
from bench.pages import ROUNDS, bench_pages
from bench.servers import LAYOUT_RUNNER, ROOT, WORKERS, Server, constellation_env
from bench.work import measure_work, post_costs_alternated

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "100,1000,10000").split(",")]
MAP_SIZES = [int(n) for n in os.environ.get("BENCH_MAP_SIZES", "100,2000,10000").split(",") if n]
# On a phone: the largest map size unless said otherwise.
PHONE_SIZES = [int(n) for n in os.environ.get(
    "BENCH_PHONE_SIZES", str(max(MAP_SIZES)) if MAP_SIZES else "").split(",") if n]  # fmt: skip
LIVE = os.environ.get("BENCH_LIVE", "1") != "0"
EXPLAINED = ["/", "/orgs/", "/orgs/{hub}", "/api/graph", "/map/table",
             "/api/suggest?q=transit+12&for=organizations"]  # fmt: skip


def work_table(url: str) -> tuple[list[str], dict]:
    """Measure the layout job, a survey POST and a review page, in process."""
    costs = measure_work(bench_app(url), run=int(time.time()))
    lines = ["", "| work (in process) | CPU ms | queries |", "|---|---:|---:|"]
    lines += [f"| {label} | {ms:.0f} | {count} |" for label, (ms, count) in costs.items()]
    ratio = targets.publishing_ratio(costs)
    lines.append(f"| whole job ÷ layout job | {ratio:.2f}× | |")
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
# the whole map drawn at once (MAP_GROUP_VIEW_FROM=0), for comparison; then on a phone.
MAP_VIEWS = [("opening view", {}, False), ("whole map", {"MAP_GROUP_VIEW_FROM": "0"}, False)]
PHONE_VIEW = ("phone, 4× slower CPU", {}, True)


def map_table() -> list[str]:
    """Time the map in Chromium at each of MAP_SIZES (SQLite), or say why it cannot."""
    why_not = browser.available()
    if why_not or not (MAP_SIZES or PHONE_SIZES):
        return [f"\nThe map was not timed: {why_not or 'BENCH_MAP_SIZES is empty'}."]
    lines = ["\n## The map in headless Chromium (SQLite)\n",
             "| N | view | organizations drawn | until drawn, ms: median (best) | "
             "until the whole map is ready, ms | tap to panel, ms: median (best) | frame, ms |",
             "|---:|---|---:|---:|---:|---:|---:|"]  # fmt: skip
    timings, phone = {}, {}
    for n in sorted(set(MAP_SIZES) | set(PHONE_SIZES)):
        url = sqlite_url(n)
        prepare(url, n)
        views = (MAP_VIEWS if n in MAP_SIZES else []) + ([PHONE_VIEW] if n in PHONE_SIZES else [])
        for view, extra, on_phone in views:
            env, jobs = constellation_env(url)
            server = Server("wsgi:app", {**env, **extra}, f"map-{n}", jobs)
            try:
                timing = browser.time_map(server.base, ROUNDS, phone=on_phone)
            finally:
                server.stop()
            # The targets are for what a visitor first gets, and for the phone.
            (phone if on_phone else timings).setdefault(n, timing)
            lines.append(f"| {n:,} | {view} | {timing['nodes']:,} | {timing['drawn']:.0f} "
                         f"({timing['drawn_best']:.0f}) | {timing['ready']:.0f} | "
                         f"{timing['tap']:.0f} "
                         f"({timing['tap_best']:.0f}) | {timing['frame']:.0f} |")  # fmt: skip
            print(lines[-1], file=sys.stderr, flush=True)
    return lines + targets.map_report(timings, phone)


def lighthouse_rows() -> tuple[list[str], list[str]]:
    """Score a few pages with Lighthouse at the largest map size; return lines and target rows."""
    why_not = lighthouse.available()
    sizes = MAP_SIZES or SIZES
    if why_not:
        return [f"\nLighthouse was skipped: {why_not}."], []
    n = max(sizes)
    url = sqlite_url(n)
    prepare(url, n)
    env, jobs = constellation_env(url)
    server = Server("wsgi:app", env, f"lighthouse-{n}", jobs)
    try:
        scores = lighthouse.scores(server.base)
    finally:
        server.stop()
    lines = [f"\n## Lighthouse, mobile performance (SQLite, N = {n:,})\n",
             "| page | score |", "|---|---:|",
             *[f"| `{path}` | {score:.0f} |" for path, score in scores.items()]]  # fmt: skip
    return lines, targets.lighthouse_report(scores, f"SQLite, N = {n:,}")


def commit() -> str:
    """Return the commit this run measures, and whether the checkout differs from it."""

    def git(*args: str) -> str:
        """Run git in the checkout; return its output."""
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout

    changed = git("status", "--porcelain", "--untracked-files=no").strip()
    head = git("log", "-1", "--format=%h %s").strip() or "unknown"
    return head + (" (with uncommitted changes: not for the README)" if changed else "")


def main() -> None:
    """Run every measure the environment asks for and print the tables and the targets."""
    print(f"# Constellation benchmark ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, "
          f"gunicorn --config gunicorn.conf.py: {WORKERS} sync workers, access log on, "
          f"layout runner {LAYOUT_RUNNER})\n\nCommit: {commit()}")  # fmt: skip
    measured, posts = {}, {}
    for database, url_for_size in databases():
        for n in SIZES:
            url = url_for_size(n)
            hub = prepare(url, n)
            pages, medians = bench_pages(database, url, n, hub)
            print("\n".join(pages), flush=True)
            work, costs = work_table(url)
            print("\n".join(work), flush=True)
            found = {}
            if LIVE:
                rows, found = serving.live_table(url, n, hub, run=int(time.time()))
                print("\n".join(rows), flush=True)
            measured[(database, n)] = (medians, costs, found)
        apps = {n: bench_app(url_for_size(n)) for n in SIZES}
        posts[database] = post_costs_alternated(apps, ROUNDS + 1)
        if database == "PostgreSQL":
            print("\n".join(plans_table(url_for_size(max(SIZES)), max(SIZES))), flush=True)
    print("\n".join(map_table()), flush=True)
    scores, score_rows = lighthouse_rows()
    print("\n".join(scores), flush=True)
    print("\n".join(targets.report(measured, posts) + score_rows), flush=True)


if __name__ == "__main__":
    sys.exit(main())
