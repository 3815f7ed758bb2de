"""The benchmark's databases: SQLite files and PostgreSQL schemas, one per network size."""

import os
import sys

import sqlalchemy as sa

from bench.servers import ROOT

DATABASES = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
DATA = ROOT / "bench" / "data"
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def databases() -> list[tuple[str, callable]]:
    """Return (name, url for size n) of each database to measure on."""
    found = []
    if "sqlite" in DATABASES:
        found.append(("SQLite", sqlite_url))
    if "postgresql" not in DATABASES:
        return found
    try:
        engine = sa.create_engine(POSTGRES_URL)
        with engine.connect():
            pass
        engine.dispose()
        found.append(("PostgreSQL", _pg_schema))
    except sa.exc.OperationalError as error:
        print(f"PostgreSQL not reachable ({error.orig}); SQLite only.", file=sys.stderr)
    return found


def sqlite_url(n: int) -> str:
    """Return the URL of the SQLite file for size `n`."""
    DATA.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DATA / f'constellation-{n}.db'}"


def _pg_schema(n: int) -> str:
    """Return a URL working in the schema bench_<n>, creating it if needed."""
    engine = sa.create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS bench_{n}")
    engine.dispose()
    url = sa.engine.make_url(POSTGRES_URL)
    url = url.update_query_dict({"options": f"-csearch_path=bench_{n}"})
    return url.render_as_string(hide_password=False)


def bench_app(url: str):
    """Return the app, in process, on the database at `url` (no layout after commits)."""
    from app import create_app
    from config import Config

    config = type("Bench", (Config,), {"SQLALCHEMY_DATABASE_URI": url, "LAYOUT_RUNNER": "off",
                                       "MODERATOR_NOTICES": "daily"})  # fmt: skip
    return create_app(config)


def prepare(url: str, n: int) -> str:
    """Migrate and fill the database for `n` unless it is built; return a hub's slug."""
    import flask_migrate

    from app.extensions import db
    from app.graph.publish import publish_network
    from app.network import network_state
    from bench import generate

    app = bench_app(url)
    with app.app_context():
        flask_migrate.upgrade(directory=str(ROOT / "migrations"))
        if not generate.built(n):
            print(f"  building the network of {n} organizations…", file=sys.stderr, flush=True)
            report = generate.build(n)
            print(f"  built: {report}", file=sys.stderr, flush=True)
        if network_state().published < network_state().revision:
            publish_network()  # built, or a migration asked for it, as the job does on a site
        if db.engine.dialect.name == "postgresql":
            # As the README says after a bulk import: without statistics the planner
            # picks nested loops over the public-organizations filter (seconds a page).
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.exec_driver_sql("ANALYZE")
        hub = db.session.scalar(sa.text(
            "SELECT o.slug FROM organization o JOIN partnership_answer p ON p.partner_id = o.id "
            "GROUP BY o.slug ORDER BY count(*) DESC LIMIT 1"))  # fmt: skip
        db.session.remove()
        db.engine.dispose()
    return hub
