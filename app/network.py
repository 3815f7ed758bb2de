"""The public network's revision: bumped by every change to approved data."""

import sqlalchemy as sa

from app.extensions import db
from app.models.network import NetworkRevision
from app.models.types import utcnow

ROW_ID = 1


def current_revision() -> int:
    """Return the revision of the public network (1 before anything was published)."""
    return (
        db.session.scalar(sa.select(NetworkRevision.revision).where(NetworkRevision.id == ROW_ID))
        or 1
    )


def bump_revision() -> None:
    """Mark the public network as changed, inside the caller's transaction."""
    updated = db.session.execute(
        sa.update(NetworkRevision)
        .where(NetworkRevision.id == ROW_ID)
        .values(revision=NetworkRevision.revision + 1, changed_at=utcnow())
    ).rowcount
    if not updated:
        db.session.add(NetworkRevision(id=ROW_ID, revision=2, changed_at=utcnow()))
