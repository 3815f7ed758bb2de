"""Hits counted in the database by app/ratelimits.py: failed sign-ins, lost-link requests."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model


class ThrottleEvent(Model):
    """One counted hit (a failed sign-in, a form sent) of one key, such as an address."""

    __tablename__ = "throttle_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    # What is counted, as "<kind>:<digest>": digests keep typed addresses out of the table.
    key: Mapped[str] = mapped_column(sa.String(80))
    at: Mapped[datetime]

    __table_args__ = (sa.Index("ix_throttle_event_key_at", "key", "at"),)
