"""Browser fixtures: the app served on a local port, driven by headless Chromium."""

import os
import shutil
import threading
from contextlib import contextmanager

import pytest
from werkzeug.serving import make_server

from bench.browser import MAP_MODULES

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


# Milliseconds a page's waits (for an element, a navigation, a function) may take: far
# more than a quiet machine needs, so that a loaded one slows the suite but fails nothing.
WAIT_MS = 60_000


class Chromium:
    """One headless Chromium per test process, launched again only if it went away."""

    def __init__(self, playwright):
        self.playwright = playwright
        self.browser = None

    def connected(self):
        """Return the running browser, launching it first if none is or it crashed."""
        if self.browser is None or not self.browser.is_connected():
            self.browser = self.playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS
            )
        return self.browser

    def close(self) -> None:
        """Close the browser if it still runs."""
        if self.browser is not None and self.browser.is_connected():
            self.browser.close()


@pytest.fixture(scope="session")
def chromium():
    """Start Playwright once per test process, or skip the browser tests with the reason."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(
            f"browser tests skipped: Chromium not found at {CHROMIUM} "
            "(install it with `apt-get install chromium`)"
        )
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = Chromium(playwright)
        yield launched
        launched.close()


@pytest.fixture
def browser(chromium):
    """Return headless Chromium: one launch per test process, each test in contexts of its own."""
    return chromium.connected()


@contextmanager
def serving(app):
    """Serve `app` on a free local port while the block runs; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def mailed(mail_app):
    """Return (app, inbox): the app sends its mail to a real local SMTP server.

    A test that asks for it is served this app (see live_server), so what its pages send
    reaches the inbox, links and all; the outbox page only names private links.
    """
    return mail_app()


@pytest.fixture
def live_server(request, app):
    """Serve the test app on a free local port and return its base URL (the app that mails
    to a real SMTP server, for a test that asks for `mailed`)."""
    served = request.getfixturevalue("mailed")[0] if "mailed" in request.fixturenames else app
    with serving(served) as base_url:
        yield base_url


@pytest.fixture
def page(browser, live_server):
    """Open a fresh browser page that fails the test on any script error or CSP violation."""
    context = browser.new_context()
    context.set_default_timeout(WAIT_MS)
    context.add_init_script(MAP_MODULES)
    page = context.new_page()
    errors: list[str] = []

    def record_console_error(message) -> None:
        """Keep console errors, except the HTTP statuses (a refused form's 422) logged there."""
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", record_console_error)
    page.base_url = live_server
    yield page
    context.close()
    assert errors == [], f"the page reported script errors: {errors}"
