"""Issue 10's targets, checked against one run's numbers: met or not, and by how much."""

SURVEY_PAGE = "/surveys/partnership"
GRAPH = "/api/graph warm"
LAYOUT = "layout job (whole network)"
FIGURES = "of which: network figures (every wave)"
# Measured also against a bare Flask sending a body as large. Sending 400 KB costs the
# kernel more than a whole hello-world request, so no app, not even a bare Flask, keeps
# 0.8 of hello there: the target is read against what sending the same bytes costs.
SAME_BYTES = {GRAPH}
# Not page views a visitor's browser makes: excluded from "every public GET".
NOT_PAGES = {SURVEY_PAGE, "/api/suggest"}


# Issue 11's targets for the map in headless Chromium: (N, what, limit in ms).
MAP_TARGETS = [(2000, "tap", 3000), (10_000, "tap", 10_000), (2000, "frame", 50)]
MAP_WORDS = {"tap": "a tap opens the panel", "frame": "pan/zoom frame median"}


def map_report(timings: dict) -> list[str]:
    """Return a Markdown table of the map's targets for the sizes that were timed."""
    lines = ["\n| map target | N | reached | met |", "|---|---:|---:|---|"]
    for n, what, limit in MAP_TARGETS:
        if n in timings:
            value = timings[n][what]
            lines.append(f"| {MAP_WORDS[what]} ≤ {limit:,} ms | {n:,} | {value:.0f} ms | "
                         f"{'yes' if value <= limit else '**no**'} |")  # fmt: skip
    return lines if len(lines) > 2 else []


def report(measured: dict, posts: dict) -> list[str]:
    """Return a Markdown table of each target, the value reached and whether it is met.

    `posts` holds, per database, each size's survey POST cost with the sizes sent in turns.
    """
    lines = ["\n## Targets\n", "| target | where | reached | met |", "|---|---|---|---|"]

    def row(target: str, where: str, value: str, met: bool) -> None:
        lines.append(f"| {target} | {where} | {value} | {'yes' if met else '**no**'} |")

    for (database, n), (pages, costs) in sorted(measured.items()):
        where = f"{database}, N = {n:,}"
        public = {label: r["ratio"] for label, r in pages.items() if label not in NOT_PAGES}
        if not public or GRAPH not in pages or SURVEY_PAGE not in pages:
            continue  # BENCH_ONLY left them out
        worst = min(public, key=public.get)
        row("every public GET: CPU ratio ≥ 0.5", where, f"lowest {public[worst]:.2f} ({worst})",
            public[worst] >= 0.5)  # fmt: skip
        graph = pages[GRAPH]
        row("/api/graph warm: ratio ≥ 0.8 to a bare Flask sending as many bytes", where,
            f"{graph['same_bytes_ratio']:.2f} (to hello: {graph['ratio']:.2f}, "
            f"{graph['size'] / 1024:.0f} KB)", graph["same_bytes_ratio"] >= 0.8)  # fmt: skip
        row("survey GET: ratio ≥ 0.25", where, f"{pages[SURVEY_PAGE]['ratio']:.2f}",
            pages[SURVEY_PAGE]["ratio"] >= 0.25)  # fmt: skip
        size = pages[SURVEY_PAGE]["size"]
        row("survey page < 60 KB", where, f"{size / 1024:.0f} KB", size < 60 * 1024)
        if n >= 10_000:
            # The layout itself: the job less the network figures it also keeps.
            layout = costs[LAYOUT][0] - costs.get(FIGURES, (0, 0))[0]
            row("layout ≤ 3 s CPU", where, f"{layout / 1000:.2f} s", layout <= 3000)
            review = next(ms for label, (ms, _) in costs.items() if label.startswith("review"))
            row("review page, 25 new, ≤ 300 ms CPU", where, f"{review:.0f} ms", review <= 300)
        sent = posts.get(database, {})
        if n in sent and n > min(sent):
            post, base = sent[n], sent[min(sent)]
            growth = f"{post / base:.2f}× ({post:.0f} vs {base:.0f} ms, sizes sent in turns)"
            row("survey POST ≤ 1.5× its cost at the smallest N", where, growth, post <= 1.5 * base)
    return lines
