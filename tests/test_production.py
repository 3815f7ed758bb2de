"""The README's production commands, run as written: migrate, then gunicorn, then sign in.

The commands are read from the README itself, so a README that drifts from what works
fails here. Only the database address and the port are changed, to a throwaway
database and a free local port. Served so, X-Forwarded-* is trusted only through
PROXY_FIX_X_FOR.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import NodePosition
from app.network import bump_revision, network_state
from config import _database_url
from tests import factories
from tests.conftest import make_app, postgres_schema

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
PASSWORD = "correct horse battery staple"


def readme_block(heading: str) -> str:
    """Return the first ```sh block under the README heading `heading`."""
    text = README.read_text()
    section = text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"```sh\n(.*?)```", section, re.S)
    assert match, f"no sh block under '## {heading}' in the README"
    return match.group(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def production_database(tmp_path):
    """Return a DATABASE_URL for an empty database: a SQLite file, or a fresh PostgreSQL schema."""
    url = _database_url(os.environ.get("TEST_DATABASE_URL"))
    if not url:
        yield f"sqlite:///{tmp_path / 'production.db'}"
        return
    with postgres_schema(url, f"production_{os.getpid()}") as scoped:
        yield scoped


def adapt(commands: str, database_url: str, port: int) -> str:
    """Point the README's commands at the test database, a free port and this interpreter."""
    assert "export DATABASE_URL=" in commands and "127.0.0.1:8000" in commands
    commands = re.sub(r"export DATABASE_URL=\S+", f"export DATABASE_URL='{database_url}'", commands)
    commands = commands.replace("127.0.0.1:8000", f"127.0.0.1:{port}")
    return commands.replace(".venv/bin/", f"{Path(sys.executable).parent}/")


def request(url: str, data: bytes | None = None, cookie: str = ""):
    """Fetch `url` without following redirects; return (status, headers, body)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    headers = {"Cookie": cookie} if cookie else {}
    try:
        with opener.open(urllib.request.Request(url, data=data, headers=headers), timeout=10) as r:
            return r.status, r.headers, r.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def session_cookie(headers) -> str:
    """Return the session cookie a response set, as a Cookie header value.

    Production marks it Secure (served behind HTTPS), so a client library would not send
    it back over this test's plain HTTP; it is passed on by hand instead.
    """
    cookie = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        cookie.load(value)
    assert "session" in cookie, "no session cookie was set"
    assert cookie["session"]["secure"], "production must mark the session cookie Secure"
    return f"session={cookie['session'].value}"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash to run the README")
def test_readme_production_commands_start_the_app(production_database):
    port = free_port()
    script = adapt(readme_block("Production"), production_database, port)
    assert "gunicorn" in script.splitlines()[-1]
    serve = script.splitlines()[-1]
    prepare = "\n".join(script.splitlines()[:-1])
    create_admin = (
        readme_block("Moderator accounts")
        .strip()
        .replace(".venv/bin/", f"{Path(sys.executable).parent}/")
        .replace("'a long passphrase'", f"'{PASSWORD}'")
    )
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL")}
    env["CONSTELLATION_ENV"] = "development"  # the README's own export must set production
    server = subprocess.Popen(
        ["bash", "-euc", f"{prepare}\n{create_admin}\nexec {serve}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        status = None
        for _ in range(900):  # 180 s at most: a loaded machine starts and lays out slowly
            if server.poll() is not None:
                pytest.fail(f"the production server stopped:\n{server.stdout.read()}")
            try:
                status, headers, body = request(f"{base}/")
                break
            except OSError:
                time.sleep(0.2)
        assert status == 200, "the home page did not answer"
        assert "Constellation" in body

        status, headers, body = request(f"{base}/login")
        cookie = session_cookie(headers)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', body).group(1)
        form = f"csrf_token={token}&email=you%40example.org&password={PASSWORD.replace(' ', '+')}"
        status, headers, _ = request(f"{base}/login", form.encode(), cookie)
        assert status == 303, "signing in with the account the README creates failed"
        cookie = session_cookie(headers)
        status, _, body = request(f"{base}/moderation/", cookie=cookie)
        assert status == 200 and "Review queue" in body
    finally:
        server.terminate()
        try:
            output, _ = server.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            output, _ = server.communicate()
    assert '"GET /moderation/ HTTP/1.1" 200' in output, "gunicorn.conf.py's access log is missing"


def test_readme_worker_command_lays_the_map_out(production_database):
    redis = pytest.importorskip("redis")
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text().split("\n## Production\n")[1]
                        .split("\n## ", 1)[0], re.S)  # fmt: skip
    prepare = adapt(blocks[0], production_database, free_port()).splitlines()[:-1]  # no gunicorn
    worker = [line.replace(".venv/bin/", f"{Path(sys.executable).parent}/")
              for line in blocks[2].strip().splitlines()]  # fmt: skip
    queue_url = re.search(r"JOB_QUEUE_URL=(\S+)", worker[0]).group(1)
    try:
        redis.Redis.from_url(queue_url, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        pytest.skip(f"the README's Redis is not reachable: {error}")
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL")}
    # A queue of this test's own on the README's Redis: no other run's jobs, nor its workers.
    env["JOB_QUEUE_NAME"] = queue_name = f"constellation-test-{uuid.uuid4().hex[:12]}"
    process = subprocess.Popen(
        ["bash", "-euc", "\n".join([*prepare, *worker[:-1], f"exec {worker[-1]}"])],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        # An app server (here, this test's app) publishes a relationship: its commit
        # enqueues the layout job, which only the README's worker can run.
        app = make_app(production_database, JOB_QUEUE_URL=queue_url, JOB_QUEUE_NAME=queue_name,
                       LAYOUT_RUNNER="")  # fmt: skip
        with app.app_context():
            _wait_for_schema()
            wave = factories.make_wave()
            brigade = factories.make_org("Code for Workers")
            factories.make_partnership(wave, brigade, factories.make_org("Worker Library"))
            bump_revision()
            db.session.commit()
            for _ in range(900):  # 180 s at most: a loaded machine starts and lays out slowly
                db.session.expire_all()
                if network_state().published == network_state().revision:
                    break  # laid out, built and published: the job has ended
                if process.poll() is not None:
                    pytest.fail(f"the worker stopped:\n{process.stdout.read()}")
                time.sleep(0.2)
            state = network_state()
            assert state.published == state.laid_out == state.revision, "nothing laid it out"
            assert db.session.scalar(sa.select(sa.func.count()).select_from(NodePosition)) == 2
            db.session.remove()
            db.engine.dispose()
    finally:
        # What the test checks is done; a worker slow to stop is stopped, not waited for.
        process.terminate()
        try:
            process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
        connection = redis.Redis.from_url(queue_url)
        for key in connection.scan_iter(f"rq:*{queue_name}*"):
            connection.delete(key)


def _wait_for_schema() -> None:
    """Wait until the README's `db upgrade` (run before the worker starts) has finished."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(ROOT / "migrations")).get_current_head()
    for _ in range(900):  # 180 s at most: a loaded machine starts and lays out slowly
        try:
            if db.session.scalar(sa.text("SELECT version_num FROM alembic_version")) == head:
                return
        except sa.exc.DatabaseError:
            pass
        db.session.rollback()
        time.sleep(0.2)
    pytest.fail("the database was never migrated")


# PROXY_FIX_X_FOR is the one setting that trusts X-Forwarded-*. gunicorn trusts nothing
# forwarded by itself (gunicorn.conf.py), not even from 127.0.0.1, where a proxy usually
# is: a request that says `X-Forwarded-Proto: https` is served as HTTPS (HSTS, a Secure
# language cookie, https links) only when PROXY_FIX_X_FOR trusts the proxy in front.

HTTPS = {"X-Forwarded-Proto": "https"}


def fetch(url: str, data: dict | None = None, headers: dict | None = None):
    """Fetch `url` without following redirects; return (status, headers, body)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    asked = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with urllib.request.build_opener(NoRedirect).open(asked, timeout=10) as answer:
            return answer.status, answer.headers, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def cookies(headers) -> SimpleCookie:
    """Return the cookies a response set."""
    jar = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    return jar


@contextmanager
def served(database_url: str, **environment: str):
    """Run the README's production commands with `environment` added; yield the base URL."""
    port = free_port()
    script = adapt(readme_block("Production"), database_url, port)
    drop = ("SECRET_KEY", "DATABASE_URL", "PROXY_FIX_X_FOR", "FORWARDED_ALLOW_IPS")
    env = {k: v for k, v in os.environ.items() if k not in drop} | environment
    lines = script.splitlines()
    server = subprocess.Popen(
        ["bash", "-euc", "\n".join([*lines[:-1], f"exec {lines[-1]}"])],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(900):  # 180 s at most: a loaded machine starts and lays out slowly
            if server.poll() is not None:
                pytest.fail(f"the production server stopped:\n{server.stdout.read()}")
            try:
                fetch(f"{base}/")
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()


def open_a_wave(database_url: str) -> None:
    """Open a survey wave in the served database, as an admin would."""
    app = make_app(database_url)
    with app.app_context():
        factories.make_wave()
        db.session.remove()
        db.engine.dispose()


def private_link(base: str, headers: dict) -> str:
    """Send the partnership survey over plain HTTP; return its status page's private link."""
    status, answer, page = fetch(f"{base}/surveys/partnership")
    assert status == 200
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    # The session cookie is Secure in production: passed back by hand over plain HTTP.
    session = f"session={cookies(answer)['session'].value}"
    form = {"csrf_token": token, **factories.partnership_form()}
    status, answer, _ = fetch(f"{base}/surveys/partnership", form, {"Cookie": session})
    assert status == 303, "the survey was not taken"
    status, _, page = fetch(f"{base}{answer['Location']}", headers=headers)
    assert status == 200
    return re.search(r'id="private-link">([^<]+)<', page).group(1)


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash to run the README")
@pytest.mark.parametrize(
    "environment",
    [{}, {"FORWARDED_ALLOW_IPS": "*"}],
    ids=["PROXY_FIX_X_FOR unset", "and gunicorn's FORWARDED_ALLOW_IPS=*"],
)
def test_without_proxy_fix_a_forwarded_https_from_localhost_is_plain_http(
    production_database, environment
):
    with served(production_database, **environment) as base:
        open_a_wave(production_database)
        for _ in range(2):  # built, then kept: app/pagecache.py adds HSTS itself
            status, headers, _ = fetch(f"{base}/", headers=HTTPS)
            assert status == 200
            assert "Strict-Transport-Security" not in headers
        _, headers, _ = fetch(f"{base}/language/es?next=/map", headers=HTTPS)
        assert headers["Location"] == "/map"
        assert "Strict-Transport-Security" not in headers
        assert not cookies(headers)["lang"]["secure"]  # the switch marks it Secure over HTTPS
        assert private_link(base, HTTPS).startswith(f"{base}/status/")


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash to run the README")
def test_with_proxy_fix_a_forwarded_https_is_https(production_database):
    with served(production_database, PROXY_FIX_X_FOR="1") as base:
        open_a_wave(production_database)
        for _ in range(2):  # built, then kept: app/pagecache.py adds HSTS itself
            status, headers, _ = fetch(f"{base}/", headers=HTTPS)
            assert status == 200
            assert headers["Strict-Transport-Security"] == "max-age=31536000"
        _, headers, _ = fetch(f"{base}/language/es?next=/map", headers=HTTPS)
        assert headers["Strict-Transport-Security"] == "max-age=31536000"
        assert cookies(headers)["lang"]["secure"]
        https = base.replace("http://", "https://")
        assert private_link(base, HTTPS).startswith(f"{https}/status/")
        # The same proxy's plain HTTP stays plain.
        _, headers, _ = fetch(f"{base}/")
        assert "Strict-Transport-Security" not in headers
        assert private_link(base, {}).startswith(f"{base}/status/")


def test_kept_pages_sent_from_their_files_arrive_whole(production_database):
    # Every kept page counts as large here, so each is handed to gunicorn as its file.
    with served(production_database, KEPT_PAGE_SENDFILE_FROM="0") as base:
        for path in ["/", "/api/graph", "/downloads/graph.graphml"]:
            answers = []
            for _ in range(6):  # built by a worker, then sent from the file by all three
                with urllib.request.urlopen(f"{base}{path}", timeout=10) as answer:
                    answers.append((answer.headers["ETag"], answer.read()))
            assert len(set(answers)) == 1, path
            assert answers[0][1].strip(), path
