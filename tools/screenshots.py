"""Make the screenshots the README shows: `make screenshots` (or `python -m tools.screenshots`).

The demo data is loaded into a throwaway SQLite database and published as `make run`
does, served on a free port of 127.0.0.1, and photographed by headless Chromium
(Debian's, through Playwright: no browser download) into docs/. Each picture waits for
the page to be finished: the map marks itself loaded (data-loaded) once Cytoscape.js holds
it all, and its first picture (map-picture.js) is gone once the map is drawn; motion is
reduced, so that nothing glides while the picture is taken.
"""

import logging
import os
import shutil
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars"]
HASH_SEED = "0"
TIMEOUT = 120_000  # ms: the geography view's outlines on a slow, shared machine
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "device_scale_factor": 1}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}  # fmt: skip
# A map may still be redrawn after it marks itself drawn (names placed, a late resize).
STEADY_TRIES = 10
STEADY_PAUSE = 300  # ms between two pictures compared
MARGIN = 20  # pixels of the page kept below the element a picture ends at
PAINTED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


class Shot(NamedTuple):
    """One picture: the file in docs/, the page's address, and how it is looked at."""

    name: str
    address: str
    phone: bool = False
    language: str = "en"
    chosen: str = ""  # the organization the address opens the map on (?org=)
    until: str = ""  # the element whose bottom ends the picture, past the window; "": the window


MAP_BOX = "#map-canvas"
SHOTS = (
    Shot("map-network.png", "/map", until=MAP_BOX),
    Shot("map-groups-panel.png", "/map?org=code-for-utah&color=community", chosen="code-for-utah"),
    Shot("map-phone.png", "/map", phone=True),
    Shot("map-phone-es.png", "/map", phone=True, language="es"),
    Shot(
        "insights.png",
        "/waves/2022-partner-constellation/insights",
        until="section[aria-labelledby=leaders-heading]",
    ),
    Shot("map-geography.png", "/map?layout=geography", until=MAP_BOX),
    Shot("map-geography-phone.png", "/map?layout=geography", phone=True),
)


def demo_app(database_path: Path):
    """Return the app on a new SQLite file at `database_path`, migrated, seeded and published."""
    import flask_migrate

    from app import create_app
    from config import Config

    settings = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database_path}",
        "CACHE_URL": "memory://",  # nothing is written to the instance folder
        "LAYOUT_RUNNER": "off",  # seed-demo publishes the network itself
        "RATELIMIT_STORAGE_URL": "memory://",
        "MAIL_SERVER": "",
    }
    app = create_app(type("ScreenshotConfig", (Config,), settings))
    with app.app_context():
        flask_migrate.upgrade()
        result = app.test_cli_runner().invoke(args=["seed-demo"])
    if result.exit_code != 0:
        raise RuntimeError(f"flask seed-demo failed: {result.output}")
    return app


@contextmanager
def serving(app):
    """Serve `app` on a free port of 127.0.0.1 while the block runs; yield its base URL."""
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def wait_until_finished(page, shot: Shot) -> None:
    """Wait until the page `shot` shows is fully drawn and nothing on it still moves."""
    page.wait_for_load_state("networkidle", timeout=TIMEOUT)
    if shot.address.startswith("/map"):
        page.wait_for_selector("#map-app[data-loaded]", state="attached", timeout=TIMEOUT)
        page.wait_for_function(
            "() => !document.querySelector('#map-canvas .map-picture')", timeout=TIMEOUT
        )
    if "layout=geography" in shot.address:
        page.wait_for_selector("svg.geo-outlines", timeout=TIMEOUT)
    if shot.chosen:
        page.wait_for_selector(
            f'#map-app[data-marked="{shot.chosen}"]', state="attached", timeout=TIMEOUT
        )
        page.locator("#map-panel-body h3").first.wait_for(timeout=TIMEOUT)
    page.wait_for_load_state("networkidle", timeout=TIMEOUT)  # the panel's details, the outlines
    page.evaluate("() => document.fonts.ready")
    page.evaluate(PAINTED)


def picture_box(page, until: str) -> dict:
    """Return the part of the page from its top to a margin below the element `until`."""
    box = page.locator(until).first.bounding_box()
    scrolled = page.evaluate("() => window.scrollY")  # the box is measured from the window
    bottom = box["y"] + box["height"] + scrolled + MARGIN
    return {"x": 0, "y": 0, "width": page.viewport_size["width"], "height": bottom}


def steady_picture(page, **options) -> bytes:
    """Return a picture of the page once two taken in a row are the same (or the last tried)."""
    picture = page.screenshot(**options)
    for _ in range(STEADY_TRIES):
        page.wait_for_timeout(STEADY_PAUSE)
        again = page.screenshot(**options)
        if again == picture:
            break
        picture = again
    return picture


def take(browser, base_url: str, shot: Shot, folder: Path) -> Path:
    """Photograph `shot` from the site at `base_url` into `folder`; return the file written."""
    context = browser.new_context(
        **(PHONE if shot.phone else DESKTOP), locale=shot.language, reduced_motion="reduce"
    )
    context.add_cookies([{"name": "lang", "value": shot.language, "url": base_url}])
    try:
        page = context.new_page()
        page.goto(base_url + shot.address, timeout=TIMEOUT)
        wait_until_finished(page, shot)
        path = folder / shot.name
        path.write_bytes(
            steady_picture(
                page,
                full_page=bool(shot.until),
                clip=picture_box(page, shot.until) if shot.until else None,
                animations="disabled",
                caret="hide",
            )
        )
        return path
    finally:
        context.close()


def take_all(base_url: str, shots=SHOTS, folder: Path = DOCS) -> list[Path]:
    """Photograph every one of `shots` from the site at `base_url`; return the files written."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return [take(browser, base_url, shot, folder) for shot in shots]
        finally:
            browser.close()


def main() -> int:
    """Build the demo site, photograph it into docs/, and say what was written."""
    if os.environ.get("PYTHONHASHSEED") != HASH_SEED:
        # The layout job iterates over sets of names: one hash seed, the same layout.
        environment = {**os.environ, "PYTHONHASHSEED": HASH_SEED}
        os.chdir(ROOT)  # where `-m tools.screenshots` finds it, and the app beside it
        os.execve(sys.executable, [sys.executable, "-m", "tools.screenshots"], environment)
    if not os.path.exists(CHROMIUM):
        print(f"Chromium not found at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="constellation-screenshots-") as scratch:
        app = demo_app(Path(scratch) / "demo.db")
        with serving(app) as base_url:
            for path in take_all(base_url):
                print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
