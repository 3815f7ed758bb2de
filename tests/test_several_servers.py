"""Two app servers sharing PostgreSQL, Redis and one job worker: an approval made on one
is on both, laid out and built once.

Each server is the README's production commands (gunicorn, 3 workers) with the README's
settings for several app servers (JOB_QUEUE_URL, CACHE_URL), both on this test process's
own Redis database (tests/redis_helpers.py); the worker is `flask --app wsgi worker`.
"""

import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa

from app.cache import REDIS_PREFIX
from app.extensions import db
from app.models import Submission
from app.network import network_state
from tests import factories
from tests.conftest import make_app
from tests.test_production import (  # noqa: F401  (production_database is a fixture)
    ROOT,
    cookies,
    fetch,
    open_a_wave,
    production_database,
    served,
)

MODERATOR = "moderator@example.org"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def signed_in(base: str) -> str:
    """Sign the moderator in on the server at `base`; return the session cookie to send."""
    _, answer, page = fetch(f"{base}/login")
    session = f"session={cookies(answer)['session'].value}"
    form = {"csrf_token": CSRF.search(page).group(1), "email": MODERATOR,
            "password": factories.PASSWORD}  # fmt: skip
    status, answer, _ = fetch(f"{base}/login", form, {"Cookie": session})
    assert status == 303, "signing in failed"
    return f"session={cookies(answer)['session'].value}"


def take_the_survey(base: str) -> None:
    """Send the partnership survey to the server at `base`, as a visitor does."""
    _, answer, page = fetch(f"{base}/surveys/partnership")
    session = f"session={cookies(answer)['session'].value}"
    form = {"csrf_token": CSRF.search(page).group(1), **factories.partnership_form()}
    status, _, _ = fetch(f"{base}/surveys/partnership", form, {"Cookie": session})
    assert status == 303, "the survey was not taken"


def approve(base: str, cookie: str, submission: int, version: int) -> None:
    """Approve the submission through its review page's form on the server at `base`."""
    url = f"{base}/moderation/submissions/{submission}"
    status, answer, page = fetch(url, headers={"Cookie": cookie})
    assert status == 200
    if "session" in cookies(answer):  # the page may renew the session
        cookie = f"session={cookies(answer)['session'].value}"
    form = {"csrf_token": CSRF.search(page).group(1), "decision": "approve",
            "version": version, "confirmed": "yes"}  # fmt: skip
    status, _, page = fetch(f"{url}/decide", form, {"Cookie": cookie})
    assert status == 303, page


def clean_redis(url: str) -> None:
    """Remove the job queue's and the documents' keys from this process's Redis database."""
    connection = redis.Redis.from_url(url)
    for pattern in ("rq:*", f"{REDIS_PREFIX}*"):
        for key in connection.scan_iter(pattern):
            connection.delete(key)


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="shares PostgreSQL")
def test_an_approval_on_one_server_is_on_both_built_once(production_database, redis_url):  # noqa: F811
    clean_redis(redis_url)
    shared = {"JOB_QUEUE_URL": redis_url, "CACHE_URL": redis_url}
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)} | shared
    environment |= {"CONSTELLATION_ENV": "production", "DATABASE_URL": production_database,
                    "SECRET_KEY": secrets.token_hex(32)}  # fmt: skip
    flask = str(Path(sys.executable).parent / "flask")
    worker = None
    try:
        with (
            served(production_database, **shared) as one,
            served(production_database, **shared) as two,
        ):
            app = make_app(production_database)
            with app.app_context():
                factories.make_user(MODERATOR)
                db.session.remove()
            open_a_wave(production_database)
            worker = subprocess.Popen([flask, "--app", "wsgi", "worker"], cwd=ROOT,
                                      env=environment, stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, text=True)  # fmt: skip
            take_the_survey(two)
            with app.app_context():
                submission = db.session.scalars(sa.select(Submission)).one()
                ids = (submission.id, submission.version)
                db.session.remove()
            approve(one, signed_in(one), *ids)
            with app.app_context():
                for _ in range(900):  # 180 s at most: a loaded machine starts and lays out slowly
                    state = network_state()
                    db.session.rollback()
                    if state.published == state.revision > 1:
                        break
                    assert worker.poll() is None, worker.stdout.read()
                    time.sleep(0.2)
                db.session.remove()
                db.engine.dispose()
            assert state.published == state.revision > 1, "the approval was never published"
            answers = [fetch(f"{base}/api/graph") for base in (one, two)]
            assert all("Code for Testville" in body for _, _, body in answers)
            (_, first, body_one), (_, second, body_two) = answers
            assert first["ETag"] == second["ETag"] and body_one == body_two  # one build
            kept = redis.Redis.from_url(redis_url)
            pattern = f"{REDIS_PREFIX}{'.'.join(map(str, state.key))}:*"
            before = sorted(kept.scan_iter(pattern))
            for base in (one, two):  # the job's documents, served by both: nothing built
                for path in ("/api/graph", "/map", "/downloads/graph.graphml"):
                    assert fetch(f"{base}{path}")[0] == 200
            assert sorted(kept.scan_iter(pattern)) == before and before
    finally:
        output = ""
        if worker is not None:
            worker.terminate()  # a warm shut down: the job it runs, if any, ends first
            try:
                output = worker.communicate(timeout=60)[0]
            except subprocess.TimeoutExpired:
                worker.kill()
                output = worker.communicate()[0]
        clean_redis(redis_url)
    published = re.findall(r"^Published network revision (\d+): (.*)$", output, re.M)
    assert [int(r) for r, _ in published] == [state.revision], output  # laid out, built once
    assert all(what.startswith("laid out") for _, what in published), output
