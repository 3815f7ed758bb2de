"""The public network's revision: bumped by every change to approved data.

A bump also asks for the map to be laid out again, once the transaction that made it
commits (app/graph/jobs.py); nothing is laid out while a visitor waits.

One lock order for every change to the public network: a transaction that will bump the
revision (or record a layout) first locks the revision's row (lock_network_revision),
before it writes any other row. Two such transactions then wait for each other at that
row instead of each holding a row the other needs (a deadlock on PostgreSQL, which
fails one of them), and what one reads after the lock is what the other committed.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.extensions import db
from app.models.network import NetworkRevision
from app.models.types import utcnow

ROW_ID = 1
# Set in the session that bumped the revision; read after its commit.
LAYOUT_REQUESTED = "constellation.layout_requested"
# Set in a session while its transaction holds the revision row's lock.
LOCKED = "constellation.network_locked"
# Set in a session once its transaction wrote a row without holding that lock.
WROTE = "constellation.wrote_unlocked"


class LockOrderError(RuntimeError):
    """A transaction wrote rows before locking the network revision (a programming error)."""


# Seconds after which a layout job's claim is taken to have died with its process: longer
# than the job's own timeout (app/graph/jobs.py), so a live job is never run twice.
CLAIM_EXPIRY = 900


@dataclass(frozen=True)
class NetworkState:
    """The network's revision, the revision laid out, and the revision published."""

    revision: int = 1
    laid_out: int = 0
    published: int = 0
    published_at: datetime | None = None

    @property
    def key(self) -> tuple[int, int]:
        """Return what public pages and their entity tags are kept for: the published state.

        It changes once per change to the network, when the job has laid it out and
        built its pages (app/graph/publish.py); until then the previous state's pages stand.
        """
        stamp = self.published_at
        return (self.published, int(stamp.strftime("%Y%m%d%H%M%S%f")) if stamp else 0)


# Asked by every public request (app/pagecache.py), so built once and run on the
# session's connection without the ORM's work: a cached page costs little more than this.
# The Table itself (mypy types a model's __table__ as any FromClause, which inserts refuse).
_TABLE = NetworkRevision.metadata.tables[NetworkRevision.__tablename__]
STATE_QUERY = sa.select(
    _TABLE.c.revision, _TABLE.c.laid_out, _TABLE.c.published, _TABLE.c.published_at
).where(_TABLE.c.id == ROW_ID)
CLAIM_QUERY = sa.select(
    _TABLE.c.revision, _TABLE.c.published, _TABLE.c.layout_claimed, _TABLE.c.layout_claimed_at
).where(_TABLE.c.id == ROW_ID)


def network_state() -> NetworkState:
    """Return the network's revision, layout revision and published revision (one query)."""
    row = db.session.connection().execute(STATE_QUERY).first()
    return NetworkState(*row) if row else NetworkState()


def current_revision() -> int:
    """Return the revision of the public network (1 before anything was published)."""
    return network_state().revision


LOCK_QUERY = sa.select(_TABLE.c.id).where(_TABLE.c.id == ROW_ID).with_for_update()


def lock_network_revision() -> None:
    """Lock the network revision's row until the caller's transaction ends; create it if missing.

    Call it at the start of every service that will bump the revision, before it writes
    anything (bump_revision takes it too, for a transaction that wrote nothing before).
    Changes the session holds but has not written yet are not written by it: they go
    after the lock. If this transaction already wrote rows, that is a programming error:
    LockOrderError under test or debug; in production it is logged and the lock taken.
    """
    session = db.session()
    if session.info.get(LOCKED):
        return
    if session.info.get(WROTE):
        problem = (
            "This transaction wrote rows before locking the network revision: call "
            "app.network.lock_network_revision() at the start of the service that bumps it."
        )
        if current_app.testing or current_app.debug:
            raise LockOrderError(problem)
        # Serving on: a late lock risks a rare deadlock, an error would fail every time.
        current_app.logger.error(problem, stack_info=True)
    # On the connection, not through the session: the session would flush its pending
    # changes first (autoflush), writing their rows before the lock.
    connection = session.connection()
    dialect = connection.dialect.name
    if dialect == "postgresql":
        if connection.execute(LOCK_QUERY).first() is None:
            # Two transactions may both find no row: one inserts, the other waits for
            # its commit, inserts nothing, and then waits for the lock like any other.
            connection.execute(_insert_if_missing(dialect))
            connection.execute(LOCK_QUERY)
    else:
        # SQLite has one writer at a time, and any write statement (this one even when
        # the row exists) takes the database's write lock until the transaction ends.
        connection.execute(_insert_if_missing(dialect))
    session.info[LOCKED] = True


def _insert_if_missing(dialect: str) -> sa.Insert:
    """Return an INSERT of the revision's first row that does nothing if the row exists."""
    first_row = {
        "id": ROW_ID, "revision": 1, "laid_out": 0, "published": 0, "layout_claimed": 0,
        "changed_at": utcnow(),
    }  # fmt: skip
    # Each dialect has its own INSERT ... ON CONFLICT, with the same arguments.
    if dialect == "postgresql":
        pg_insert = postgresql.insert(_TABLE).values(first_row)
        return pg_insert.on_conflict_do_nothing(index_elements=[_TABLE.c.id])
    if dialect == "sqlite":
        sqlite_insert = sqlite.insert(_TABLE).values(first_row)
        return sqlite_insert.on_conflict_do_nothing(index_elements=[_TABLE.c.id])
    raise KeyError(dialect)


def bump_revision() -> None:
    """Mark the public network as changed, inside the caller's transaction."""
    lock_network_revision()  # the row exists from here on
    db.session.execute(
        sa.update(NetworkRevision)
        .where(NetworkRevision.id == ROW_ID)
        .values(revision=NetworkRevision.revision + 1, changed_at=utcnow())
    )
    db.session.info[LAYOUT_REQUESTED] = True


def claim_publication() -> int | None:
    """Claim the current revision for this process's job and commit; None if not to run.

    One job per revision across processes and hosts: nothing to do once it is published,
    and nothing while another job's claim is fresh (that job goes round again for any
    revision that came meanwhile, see app/graph/publish.py). A claim older than
    CLAIM_EXPIRY belonged to a process that died: it is taken over.
    """
    lock_network_revision()
    row = db.session.connection().execute(CLAIM_QUERY).one()
    now = utcnow()
    running = (
        row.layout_claimed > row.published
        and row.layout_claimed_at is not None
        and row.layout_claimed_at > now - timedelta(seconds=CLAIM_EXPIRY)
    )
    if row.published >= row.revision or running:
        db.session.commit()
        return None
    db.session.execute(
        sa.update(NetworkRevision)
        .where(NetworkRevision.id == ROW_ID)
        .values(layout_claimed=row.revision, layout_claimed_at=now)
    )
    db.session.commit()
    return row.revision


def release_claim(revision: int) -> None:
    """Give up this job's claim on `revision` (it failed), so the next job may try again."""
    db.session.rollback()
    lock_network_revision()
    db.session.execute(
        sa.update(NetworkRevision)
        .where(NetworkRevision.id == ROW_ID, NetworkRevision.layout_claimed == revision)
        .values(layout_claimed_at=None)
    )
    db.session.commit()


def mark_published(revision: int, at: datetime) -> None:
    """Make `revision` (its documents built under the key `at` makes) public; commit."""
    lock_network_revision()
    db.session.execute(
        sa.update(NetworkRevision)
        .where(NetworkRevision.id == ROW_ID, NetworkRevision.published < revision)
        .values(published=revision, published_at=at)
    )
    db.session.commit()


def mark_laid_out(revision: int) -> None:
    """Record that the stored layout is that of `revision`, in the caller's transaction."""
    lock_network_revision()  # the row exists from here on
    db.session.execute(
        sa.update(NetworkRevision).where(NetworkRevision.id == ROW_ID).values(laid_out=revision)
    )


@sa.event.listens_for(Session, "after_flush")
def _note_flush(session: Session, _context) -> None:
    """Note a flush that wrote rows before the revision's lock was taken."""
    if not session.info.get(LOCKED):
        session.info[WROTE] = True


@sa.event.listens_for(Session, "do_orm_execute")
def _note_statement(state) -> None:
    """Note an UPDATE, DELETE or INSERT run through the session before the lock was taken."""
    if (state.is_insert or state.is_update or state.is_delete) and not state.session.info.get(
        LOCKED
    ):
        state.session.info[WROTE] = True


@sa.event.listens_for(Session, "after_transaction_end")
def _forget_lock(session: Session, transaction) -> None:
    """Forget the lock and the writes once the session's outer transaction ends."""
    if transaction.parent is None:
        session.info.pop(LOCKED, None)
        session.info.pop(WROTE, None)
