"""Engine settings per database: SQLite in WAL mode with a busy timeout, PostgreSQL pooled."""

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine


def engine_options(url: str, sqlite_busy_timeout: int) -> dict:
    """Return SQLAlchemy engine options suited to the database at `url`."""
    if url.startswith("sqlite"):
        # sqlite3's own timeout is the busy timeout: a writer waits this many
        # seconds for the lock instead of failing with "database is locked".
        return {"connect_args": {"timeout": sqlite_busy_timeout}}
    return {"pool_pre_ping": True}


@event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection, _connection_record) -> None:
    """Turn on WAL, foreign keys and a busy timeout on every new SQLite connection."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    timeout_ms = int(dbapi_connection.execute("PRAGMA busy_timeout").fetchone()[0])
    # WAL lets readers work while one writer writes; in-memory databases keep "memory".
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={max(timeout_ms, 5000)}")
    cursor.close()
