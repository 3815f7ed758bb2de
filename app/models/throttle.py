"""Hits counted by the sign-in throttle when it keeps its counts in the database."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class ThrottleEvent(db.Model):
    """One counted hit (a failed sign-in, say) of one key, such as an account and address."""

    __tablename__ = "throttle_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    # What is counted, as "<kind>:<digest>": digests keep typed addresses out of the table.
    key: Mapped[str] = mapped_column(sa.String(80))
    at: Mapped[datetime]

    __table_args__ = (sa.Index("ix_throttle_event_key_at", "key", "at"),)
