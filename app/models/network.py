"""State of the public network: a revision counter and the stored map layout."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.types import utcnow


class NetworkRevision(Model):
    """One row whose number goes up whenever approved (public) data changes.

    Caches of the public graph, its ETag and the stored layout are valid for one
    revision; every service that changes public data bumps it in its transaction.
    """

    __tablename__ = "network_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(default=1)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The revision the stored layout was made for; behind `revision` until the
    # background layout job has run.
    laid_out: Mapped[int] = mapped_column(default=0, server_default="0")
    # The revision public pages are kept and served for: advanced by the job once it has
    # laid `revision` out and built the main public documents for it (app/graph/publish.py).
    published: Mapped[int] = mapped_column(default=0, server_default="0")
    # When it was published: part of the public key, so that documents kept for another
    # database with the same revision numbers (a database made afresh) are never served.
    published_at: Mapped[datetime | None]
    # The revision a job claimed to lay out and publish, and when: one job per revision
    # across processes and hosts; a claim older than the job's timeout may be taken again.
    layout_claimed: Mapped[int] = mapped_column(default=0, server_default="0")
    layout_claimed_at: Mapped[datetime | None]


class NodePosition(Model):
    """Where an organization sits on the map, laid out on the server for one revision."""

    __tablename__ = "node_position"

    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True
    )
    x: Mapped[float]
    y: Mapped[float]
    revision: Mapped[int] = mapped_column(index=True)
    # Its city on a map (app/graph/places.py), for the Geography view; None if not known.
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
