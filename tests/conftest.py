"""Test fixtures: the app on a real database (SQLite, or PostgreSQL via TEST_DATABASE_URL)."""

import contextvars
import os
import re
from contextlib import contextmanager

import flask
import flask_migrate
import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from app import create_app
from app.cache import EXTENSION_KEY as DOCUMENT_CACHE
from app.extensions import db
from app.pagecache import BUILD_MARK
from config import TestingConfig, _database_url
from tests import factories

# Fixtures for mail tests (a real local SMTP server) live in their own module.
pytest_plugins = [
    "tests.mail_helpers",
    "tests.partner_helpers",
    "tests.redis_helpers",
    "tests.tokens_at_rest",
]

CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


class IsolatedClient(FlaskClient):
    """A test client whose every request gets its own application context.

    Flask reuses an application context that is already pushed (the `app` fixture
    pushes one), which would share `g` (where Flask-Login keeps the signed-in user)
    and the database session between requests and between clients. In production
    each request has its own; so it is here.
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


def make_app(database_url: str, **overrides):
    """Return an app using `database_url`, with any config `overrides`."""
    config = type(
        "Config", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": database_url, **overrides}
    )
    app = create_app(config)
    app.test_client_class = IsolatedClient
    return app


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """Return the test database URL: TEST_DATABASE_URL, else a SQLite file for this run.

    On PostgreSQL each run works in a schema of its own, so that two runs against
    one database (a developer's and CI's) never see each other's tables.
    """
    url = _database_url(os.environ.get("TEST_DATABASE_URL"))
    if not url:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'constellation-test.db'}"
        return
    with postgres_schema(url, f"pytest_{os.getpid()}") as scoped:
        yield scoped


@contextmanager
def postgres_schema(url: str, schema: str):
    """Create an empty schema, yield a URL that works in it, and drop it afterwards."""
    admin_engine = sa.create_engine(url)
    with admin_engine.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    scoped = sa.engine.make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin_engine.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin_engine.dispose()


def drop_all_tables(engine: sa.Engine) -> None:
    """Drop every table in the database, including ones no model knows any more."""
    metadata = sa.MetaData()
    metadata.reflect(bind=engine)
    metadata.drop_all(bind=engine)


def empty_all_tables() -> None:
    """Check that no private link's token was kept in clear, then delete every row."""
    from tests.tokens_at_rest import assert_no_token_at_rest  # (a plugin: imported by pytest)

    assert_no_token_at_rest()
    tables = [t for t in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture(scope="session")
def schema(database_url):
    """Build the schema once per run through the migrations, as production does."""
    app = make_app(database_url)
    with app.app_context():
        drop_all_tables(db.engine)
        flask_migrate.upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def built_app(database_url, schema):
    """Build the app once per run: building it (mostly compiling its URL rules) costs
    a tenth of a second, which once per test was a fifth of the suite's time."""
    return make_app(database_url)


@pytest.fixture
def app(built_app):
    """Return the app with an application context pushed; every table is empty afterwards.

    What a test may change on the shared app (its configuration, what it keeps in
    memory) is put back, so each test starts from the same app.
    """
    config = dict(built_app.config)
    built_app.extensions.pop(DOCUMENT_CACHE, None)
    extensions = set(built_app.extensions)
    with built_app.app_context():
        yield built_app
        db.session.remove()
        empty_all_tables()
    built_app.config.clear()
    built_app.config.update(config)
    for made_during_the_test in set(built_app.extensions) - extensions:
        del built_app.extensions[made_during_the_test]  # caches, counts in memory


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def flask_requests(app):
    """Record each visitor's request that reaches Flask's own handling (not the job's builds)."""
    seen = []

    def note(sender, **extra) -> None:
        """Remember the path Flask was asked for, unless the publishing job asked."""
        if BUILD_MARK not in flask.request.environ:
            seen.append(flask.request.path)

    flask.request_started.connect(note, app)
    yield seen
    flask.request_started.disconnect(note, app)


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def open_wave(app):
    """Return a wave open today for both surveys."""
    return factories.make_wave()


class SurveyClient:
    """Fill in the surveys the way a browser does: load the page, then post with its token."""

    def __init__(self, client):
        self.client = client

    def csrf_token(self, url: str) -> str:
        page = self.client.get(url)
        match = CSRF_INPUT.search(page.get_data(as_text=True))
        assert match, f"no CSRF token on {url} (status {page.status_code})"
        return match.group(1)

    def post(self, url: str, data: dict, *, follow: bool = False):
        form = {"csrf_token": self.csrf_token(url), **data}
        return self.client.post(url, data=form, follow_redirects=follow)

    def partnership(self, **overrides):
        return self.post("/surveys/partnership", factories.partnership_form(**overrides))

    def involvement(self, **overrides):
        return self.post("/surveys/involvement", factories.involvement_form(**overrides))


@pytest.fixture
def surveys(client):
    return SurveyClient(client)


class AuthActions:
    """Sign in and out through the real /login and /logout forms."""

    def __init__(self, client):
        self.client = client

    def login(self, email: str = "moderator@example.org", password: str = factories.PASSWORD):
        token = SurveyClient(self.client).csrf_token("/login")
        return self.client.post(
            "/login", data={"csrf_token": token, "email": email, "password": password}
        )

    def logout(self):
        token = SurveyClient(self.client).csrf_token("/login")
        return self.client.post("/logout", data={"csrf_token": token})


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def moderator(app):
    """Return an active moderator account (password factories.PASSWORD)."""
    return factories.make_user("moderator@example.org", factories.Role.MODERATOR)


@pytest.fixture
def admin(app):
    """Return an active admin account (password factories.PASSWORD)."""
    return factories.make_user("admin@example.org", factories.Role.ADMIN)


@pytest.fixture
def signed_in_admin(client, auth, admin):
    """Return the admin, signed in on `client`."""
    assert auth.login("admin@example.org").status_code == 303
    return admin
