"""Network figures kept per wave, so that later waves can be compared with earlier ones."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.types import utcnow


class NetworkInsight(Model):
    """The figures of one wave's approved network, or of the whole network (no wave).

    Written by the background job after each change to public data (app/insights/store.py),
    never by a visitor's request; read by the insights pages, the map and the downloads.
    """

    __tablename__ = "network_insight"

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("survey_wave.id", ondelete="CASCADE"), unique=True
    )
    revision: Mapped[int]  # the network revision the figures were computed for
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
    figures: Mapped[dict] = mapped_column(sa.JSON)  # app.insights.figures.NetworkFigures
    # {organization id: [relationships, betweenness, community, component]}
    organizations: Mapped[dict] = mapped_column(sa.JSON)
