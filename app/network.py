"""The public network's revision: bumped by every change to approved data.

A bump also asks for the map to be laid out again, once the transaction that made it
commits (app/graph/jobs.py); nothing is laid out while a visitor waits.
"""

from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.models.network import NetworkRevision
from app.models.types import utcnow

ROW_ID = 1
# Set in the session that bumped the revision; read after its commit.
LAYOUT_REQUESTED = "constellation.layout_requested"


@dataclass(frozen=True)
class NetworkState:
    """The public network's revision, and the revision its stored layout was made for."""

    revision: int = 1
    laid_out: int = 0

    @property
    def key(self) -> tuple[int, int]:
        """Return what caches and entity tags of the map are valid for."""
        return (self.revision, self.laid_out)


# Asked by every public request (app/pagecache.py), so built once and run on the
# session's connection without the ORM's work: a cached page costs little more than this.
_TABLE = NetworkRevision.__table__
STATE_QUERY = sa.select(_TABLE.c.revision, _TABLE.c.laid_out).where(_TABLE.c.id == ROW_ID)


def network_state() -> NetworkState:
    """Return the network's revision and layout revision (one query)."""
    row = db.session.connection().execute(STATE_QUERY).first()
    return NetworkState(row.revision, row.laid_out) if row else NetworkState()


def current_revision() -> int:
    """Return the revision of the public network (1 before anything was published)."""
    return network_state().revision


def bump_revision() -> None:
    """Mark the public network as changed, inside the caller's transaction."""
    updated = db.session.execute(
        sa.update(NetworkRevision)
        .where(NetworkRevision.id == ROW_ID)
        .values(revision=NetworkRevision.revision + 1, changed_at=utcnow())
    ).rowcount
    if not updated:
        db.session.add(NetworkRevision(id=ROW_ID, revision=2, changed_at=utcnow()))
    db.session.info[LAYOUT_REQUESTED] = True


def mark_laid_out(revision: int) -> None:
    """Record that the stored layout is that of `revision`, in the caller's transaction."""
    updated = db.session.execute(
        sa.update(NetworkRevision).where(NetworkRevision.id == ROW_ID).values(laid_out=revision)
    ).rowcount
    if not updated:
        db.session.add(NetworkRevision(id=ROW_ID, revision=revision, laid_out=revision))
