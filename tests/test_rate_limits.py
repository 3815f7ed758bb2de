"""The lost-link and new-link forms' limits hold however many workers and hosts answer.

A new partner link cancels the old ones, so an address asked for more than 5 times an
hour must get no more mail whichever worker takes the request: the counts are kept in
the database by default (app/ratelimits.py). Suggestions, asked for with a GET, are
counted without writing to it.
"""

import os
import re
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import ThrottleEvent
from app.ratelimits import digest
from tests.conftest import CSRF_INPUT, SurveyClient, make_app
from tests.helpers import count
from tests.mail_helpers import outbox
from tests.partner_helpers import PARTNER_EMAIL
from tests.test_production import (  # noqa: F401  (production_database is a fixture)
    ROOT,
    adapt,
    free_port,
    production_database,
    readme_block,
    session_cookie,
)

LIMIT = 5  # LOST_LINK_RATE_LIMIT's default, "5 per hour", which the README promises


@dataclass(frozen=True)
class Form:
    """One of the two forms that mail links to an address, and what its counts are called."""

    url: str
    mail: str  # the kind of outbox message it sends
    email: str  # an address it sends that mail to
    purpose: str  # within_rate's name for the connection's count; "-address" for the address's


FORMS = {
    "lost-link": Form("/status/lost", "lost_links", "riley@example.org", "lost-link"),
    "new-link": Form("/partners/new-link", "partner_links", PARTNER_EMAIL, "partner-link"),
}


@pytest.fixture(params=sorted(FORMS))
def form(request, app):
    """Return each form in turn, with an address that the form sends mail to."""
    if request.param == "lost-link":
        request.getfixturevalue("open_wave")
        request.getfixturevalue("surveys").partnership()  # its contact is riley@example.org
    else:
        request.getfixturevalue("asked")  # a partner asked at PARTNER_EMAIL
    return FORMS[request.param]


def ask(app, url: str, email: str, connection: str):
    """Post the form at `url` for `email` as a new visitor from `connection`."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = connection
    token = SurveyClient(client).csrf_token(url)
    return client.post(url, data={"csrf_token": token, "email": email})


def without_token(response) -> str:
    """Return the page with its per-visitor form token blanked."""
    return re.sub(r'value="[^"]*"', 'value=""', response.get_data(as_text=True))


def test_the_sixth_request_for_one_address_in_an_hour_sends_nothing(app, form):
    pages = []
    for number in range(LIMIT + 1):  # each from its own connection: only the address counts
        email = form.email.upper() if number == LIMIT else form.email  # any case, one address
        response = ask(app, form.url, email, f"192.0.2.{number + 1}")
        assert response.status_code == 200
        pages.append(without_token(response).replace(form.email.upper(), form.email))
        assert len(outbox(form.mail)) == min(number + 1, LIMIT)
    assert pages[LIMIT] == pages[LIMIT - 1]  # the page does not tell that nothing was sent


def test_a_connection_is_refused_past_five_requests_an_hour(app, form):
    for number in range(LIMIT):
        assert ask(app, form.url, f"asker{number}@example.org", "192.0.2.9").status_code == 200
    refused = ask(app, form.url, form.email, "192.0.2.9")
    assert refused.status_code == 429
    assert "Too many requests from your connection" in refused.get_data(as_text=True)
    assert outbox(form.mail) == []
    assert ask(app, form.url, form.email, "192.0.2.10").status_code == 200  # another is not
    assert len(outbox(form.mail)) == 1


def test_two_workers_share_the_counts_through_the_database(database_url, app, form):
    # Two apps on one database stand for two gunicorn workers (or two hosts).
    workers = [make_app(database_url) for _ in range(2)]
    try:
        for number in range(2 * LIMIT):
            worker = workers[number % 2]
            assert ask(worker, form.url, form.email, f"198.51.100.{number}").status_code == 200
        assert len(outbox(form.mail)) == LIMIT
    finally:
        for worker in workers:
            with worker.app_context():
                db.engine.dispose()


def test_the_counts_keep_digests_not_addresses(app, form):
    assert ask(app, form.url, form.email, "192.0.2.77").status_code == 200
    keys = set(db.session.scalars(sa.select(ThrottleEvent.key)))
    assert {key for key in keys if key.startswith(form.purpose)} == {
        f"{form.purpose}:{digest('192.0.2.77')}",
        f"{form.purpose}-address:{digest(form.email)}",
    }
    assert not [key for key in keys if form.email in key or "192.0.2.77" in key]


def test_an_unreachable_count_refuses_with_a_clear_page_and_sends_nothing(database_url, app, form):
    down = make_app(database_url, RATELIMIT_STORAGE_URL="redis://127.0.0.1:1/0")
    try:
        response = ask(down, form.url, form.email, "192.0.2.1")
        page = response.get_data(as_text=True)
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "60"
        assert "Briefly unavailable" in page and "did nothing with your request" in page
        assert outbox(form.mail) == []
    finally:
        with down.app_context():
            db.engine.dispose()


def test_suggestions_are_counted_without_writing_to_the_database(app, client, open_wave):
    app.config["SUGGEST_RATE_LIMIT"] = "3 per minute"
    statuses = [client.get("/api/suggest?q=code").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert count(ThrottleEvent) == 0


# The test: real gunicorn, 3 workers, no Redis.


def fetch(url: str, data: bytes | None = None, headers: dict | None = None):
    """Fetch `url` on a connection of its own; return (status, headers, body)."""
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, data, headers or {}), timeout=20
        ) as r:
            return r.status, r.headers, r.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@contextmanager
def production_server(database_url: str, log: Path):
    """Run the README's production commands, counting in the database; yield the site's address.

    The access log names the worker (process id) that answered each request. The proxy
    header is trusted, so that each request can say which client it comes from.
    """
    port = free_port()
    *prepare, serve = adapt(readme_block("Production"), database_url, port).splitlines()
    assert "gunicorn" in serve
    serve += """ --access-logformat '%(p)s "%(r)s" %(s)s'"""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("SECRET_KEY", "DATABASE_URL", "RATELIMIT_STORAGE_URL", "CACHE_URL")
        and not name.endswith("_RATE_LIMIT")
    }
    env.update(WEB_CONCURRENCY="3", PROXY_FIX_X_FOR="1")
    with log.open("w") as output:
        server = subprocess.Popen(
            ["bash", "-euc", "\n".join([*prepare, f"exec {serve}"])],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(900):  # 180 s at most: a loaded machine starts and lays out slowly
            if server.poll() is not None:
                pytest.fail(f"the production server stopped:\n{log.read_text()}")
            try:
                if fetch(f"{base}/")[0] == 200:
                    break
            except OSError:
                pass  # not listening yet
            time.sleep(0.2)
        else:
            pytest.fail(f"the production server never answered:\n{log.read_text()}")
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def post_at_once(url: str, posts: list[tuple[str, str]]) -> list[int]:
    """Send the form at `url` for each (email, client) at once, each as a new visitor.

    Every request has its form token from a GET, its own session cookie and its own
    connection; sent together, they are taken by whichever workers are free.
    """
    visitors = []
    for _ in posts:
        status, headers, body = fetch(url)
        assert status == 200
        visitors.append((session_cookie(headers), CSRF_INPUT.search(body).group(1)))
    start = threading.Barrier(len(posts))

    def send(number: int) -> int:
        """Post one request when every other is ready; return its status."""
        (email, client), (cookie, token) = posts[number], visitors[number]
        data = urllib.parse.urlencode({"csrf_token": token, "email": email}).encode()
        start.wait(timeout=30)
        return fetch(url, data, {"Cookie": cookie, "X-Forwarded-For": client})[0]

    with ThreadPoolExecutor(len(posts)) as pool:
        return list(pool.map(send, range(len(posts))))


def counted(database_url: str, key: str) -> int:
    """Return how many hits the database holds for `key`."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.scalar(
                sa.select(sa.func.count())
                .select_from(ThrottleEvent)
                .where(ThrottleEvent.key == key)
            )
    finally:
        engine.dispose()


def workers_per_batch(log: str) -> dict[str, set[str]]:
    """Return the workers (process ids) that answered each batch of posts, marked `?batch=`."""
    workers = defaultdict(set)
    for pid, batch in re.findall(r'^<?(\d+)>? "POST \S+\?batch=(\S+) HTTP/1\.1" \d+$', log, re.M):
        workers[batch].add(pid)
    return workers


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash to run the README")
def test_three_gunicorn_workers_let_exactly_five_an_hour_through(
    production_database,  # noqa: F811  (the fixture imported above)
    tmp_path,
):
    log = tmp_path / "gunicorn.log"
    address = "partner@library.example"
    with production_server(production_database, log) as base:
        for path, purpose in (
            ("/status/lost", "lost-link"),
            ("/partners/new-link", "partner-link"),
        ):
            # One address, asked for from twelve clients: only the address's limit applies.
            url = f"{base}{path}?batch={purpose}-address"
            statuses = post_at_once(url, [(address, f"198.51.100.{n}") for n in range(12)])
            assert statuses == [200] * 12, statuses  # the page says the same, mail or not
            key = f"{purpose}-address:{digest(address)}"
            assert counted(production_database, key) == LIMIT, log.read_text()[-4000:]

            # One client asking for twelve addresses: only the connection's limit applies.
            url = f"{base}{path}?batch={purpose}"
            statuses = post_at_once(
                url, [(f"asker{n}@example.org", "203.0.113.5") for n in range(12)]
            )
            assert sorted(statuses) == [200] * LIMIT + [429] * (12 - LIMIT), statuses
            key = f"{purpose}:{digest('203.0.113.5')}"
            assert counted(production_database, key) == LIMIT, log.read_text()[-4000:]
    # Counted per worker, two workers sharing twelve requests would let more than 5 through.
    workers = workers_per_batch(log.read_text())
    assert sorted(workers) == sorted(["lost-link", "lost-link-address", "partner-link",
                                      "partner-link-address"])  # fmt: skip
    for batch, pids in workers.items():
        assert len(pids) >= 2, f"one worker took every post of {batch}:\n{log.read_text()}"
