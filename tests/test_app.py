"""Configuration, error pages and security headers."""

import pytest
import sqlalchemy as sa

from app import create_app
from app.extensions import db
from config import Config, ProductionConfig, _database_url
from tests.conftest import make_app


@pytest.mark.parametrize(
    "key",
    [None, "", "dev-only-not-secret", "short-but-not-empty", "x" * 31],
    ids=["missing", "empty", "development key", "short", "31 characters"],
)
def test_production_refuses_a_missing_short_or_development_key(monkeypatch, key):
    if key is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", key)
    config = type("Prod", (ProductionConfig,), {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with pytest.raises(RuntimeError, match="SECRET_KEY must be set"):
        create_app(config)


def test_production_reads_its_key_at_start_up_not_at_import(monkeypatch):
    # The variable is set after config.py was imported, as when a process manager
    # starts a new worker; the key read then is the one used.
    key = "k" * 24 + "-started-later-" + "z" * 24
    monkeypatch.setenv("SECRET_KEY", key)
    config = type("Prod", (ProductionConfig,), {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    app = create_app(config)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SECRET_KEY"] == key


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
        ("", None),
    ],
)
def test_database_url_uses_psycopg_3(raw, expected):
    assert _database_url(raw) == expected


def test_default_database_is_sqlite_in_the_instance_folder():
    config = type("Dev", (Config,), {"SQLALCHEMY_DATABASE_URI": None})
    app = create_app(config)
    assert (
        app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{app.instance_path}/constellation.db"
    )


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'wal.db'}")
    with app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_server_fault_is_a_friendly_500_without_traceback(database_url, schema):
    app = make_app(database_url)

    @app.get("/boom")
    def boom():
        """Fail on purpose."""
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in page
    assert "secret internals" not in page and "Traceback" not in page


def test_oversized_body_is_refused_with_413(client, open_wave):
    response = client.post("/surveys/partnership", data={"comments": "x" * (600 * 1024)})
    assert response.status_code == 413
    assert "larger than this site accepts" in response.get_data(as_text=True)


def test_pages_carry_security_headers(client):
    response = client.get("/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_load_no_inline_script(client, open_wave):
    for url in ("/", "/surveys/partnership", "/surveys/involvement"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>" not in page and "onclick=" not in page


def test_database_has_the_migrated_tables(app):
    names = set(sa.inspect(db.engine).get_table_names())
    assert {"organization", "survey_wave", "submission", "partnership_answer"} <= names


def test_https_pages_ask_for_https_from_then_on(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_hsts_behind_a_trusted_proxy_only(database_url, schema):
    proxied = make_app(database_url, PROXY_FIX_X_FOR=1).test_client()
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.5"}
    assert "Strict-Transport-Security" in proxied.get("/", headers=forwarded).headers
    direct = make_app(database_url).test_client()
    assert "Strict-Transport-Security" not in direct.get("/", headers=forwarded).headers


def test_a_faulty_query_is_a_500_not_an_outage(database_url, schema):
    app = make_app(database_url)

    @app.get("/bad-query")
    def bad_query():
        """Run a query the database refuses as wrong, not as unreachable."""
        db.session.execute(sa.text("SELECT no_such_column FROM organization"))

    response = app.test_client().get("/bad-query")
    assert response.status_code == 500
    assert "Retry-After" not in response.headers
