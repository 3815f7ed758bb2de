"""Lighthouse's mobile performance score of a few pages, run offline against the local server.

Lighthouse is installed apart from the app's own JavaScript (not in package.json), once:
`npm install --prefix bench/data/lighthouse lighthouse`. It drives Debian's Chromium with
its default mobile settings (a phone's screen, a slow 4G network and a 4× slower CPU,
simulated) and scores performance from 0 to 100.
"""

import json
import os
import shutil
import subprocess

from bench.browser import CHROMIUM
from bench.servers import ROOT

FOLDER = ROOT / "bench" / "data" / "lighthouse"
LIGHTHOUSE = FOLDER / "node_modules" / ".bin" / "lighthouse"
INSTALL = "npm install --prefix bench/data/lighthouse lighthouse"
PAGES = ["/map", "/", "/surveys/partnership", "/waves/bench"]  # bench/generate.py's wave


def available() -> str | None:
    """Return why Lighthouse cannot run here, or None when it can."""
    if os.environ.get("BENCH_LIGHTHOUSE", "1") == "0":
        return "BENCH_LIGHTHOUSE=0"
    if not shutil.which("node"):
        return "Node.js is not installed"
    if not LIGHTHOUSE.exists():
        return f"Lighthouse is not installed (run `{INSTALL}`)"
    if not os.path.exists(CHROMIUM):
        return f"Chromium not found at {CHROMIUM}"
    return None


def score(url: str) -> float:
    """Return Lighthouse's mobile performance score (0 to 100) of the page at `url`."""
    finished = subprocess.run(
        [str(LIGHTHOUSE), url, "--only-categories=performance", "--output=json",
         "--output-path=stdout", "--quiet", "--max-wait-for-load=120000",
         "--chrome-flags=--headless --no-sandbox --disable-gpu"],
        capture_output=True, text=True, timeout=600, env={**os.environ, "CHROME_PATH": CHROMIUM},
    )  # fmt: skip
    if finished.returncode:
        raise RuntimeError(f"Lighthouse failed on {url}: {finished.stderr[-500:]}")
    report = json.loads(finished.stdout)
    if report.get("runtimeError"):
        raise RuntimeError(f"Lighthouse could not measure {url}: {report['runtimeError']}")
    return 100 * report["categories"]["performance"]["score"]


def scores(base: str) -> dict[str, float]:
    """Return the score of each of PAGES served at `base`."""
    return {path: score(base + path) for path in PAGES}
