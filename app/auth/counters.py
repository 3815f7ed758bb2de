"""Where failed sign-ins are counted: the database (the default) or a `limits` storage.

Both keep a moving window of timestamped hits per key and answer the same three
questions, so the throttle does not care which one it has. The database is shared by
every worker and every app server already; Redis (redis://) is the choice where a
deployment prefers to keep this traffic off the database; memory:// counts per process
(a single development server only).
"""

import time
from datetime import timedelta

import sqlalchemy as sa
from flask import Flask
from limits import RateLimitItem
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from app.extensions import db
from app.models.throttle import ThrottleEvent
from app.models.types import utcnow

DATABASE = "database"
NAMESPACE = "constellation-login"


class DatabaseCounter:
    """Hits kept as rows of throttle_event, written on a connection of their own.

    The count must survive whatever the request's own transaction does, so it is
    committed at once, apart from the request's session.
    """

    def __init__(self, app: Flask):
        self.app = app

    def _engine(self) -> sa.Engine:
        with self.app.app_context():
            return db.engine

    def hits(self, limit: RateLimitItem, key: str) -> tuple[int, float]:
        """Return the hits in the window and the seconds until the oldest leaves it."""
        since = utcnow() - timedelta(seconds=limit.get_expiry())
        with self._engine().connect() as connection:
            count, oldest = connection.execute(
                sa.select(sa.func.count(), sa.func.min(ThrottleEvent.at)).where(
                    ThrottleEvent.key == key, ThrottleEvent.at > since
                )
            ).one()
        if not count:
            return 0, 0.0
        return count, (oldest - since).total_seconds()

    def hit(self, limit: RateLimitItem, key: str) -> None:
        """Count one hit now, and forget this key's hits that left the window."""
        now = utcnow()
        with self._engine().begin() as connection:
            connection.execute(
                sa.delete(ThrottleEvent).where(
                    ThrottleEvent.key == key,
                    ThrottleEvent.at <= now - timedelta(seconds=limit.get_expiry()),
                )
            )
            connection.execute(sa.insert(ThrottleEvent).values(key=key, at=now))

    def clear(self, limit: RateLimitItem, key: str) -> None:
        """Forget every hit of `key`."""
        with self._engine().begin() as connection:
            connection.execute(sa.delete(ThrottleEvent).where(ThrottleEvent.key == key))


class LimitsCounter:
    """Hits kept in a `limits` storage (Redis, or this process's memory)."""

    def __init__(self, url: str):
        self.limiter = MovingWindowRateLimiter(storage_from_string(url))

    def hits(self, limit: RateLimitItem, key: str) -> tuple[int, float]:
        """Return the hits in the window and the seconds until the oldest leaves it."""
        stats = self.limiter.get_window_stats(limit, NAMESPACE, key)
        count = limit.amount - stats.remaining
        if not count:
            return 0, 0.0
        return count, max(0.0, stats.reset_time - time.time())

    def hit(self, limit: RateLimitItem, key: str) -> None:
        """Count one hit now."""
        self.limiter.hit(limit, NAMESPACE, key)

    def clear(self, limit: RateLimitItem, key: str) -> None:
        """Forget every hit of `key`."""
        self.limiter.clear(limit, NAMESPACE, key)


def counter_for(app: Flask, url: str) -> DatabaseCounter | LimitsCounter:
    """Return the counter RATELIMIT_STORAGE_URL names ("database", "redis://…", "memory://")."""
    if url in ("", DATABASE):
        return DatabaseCounter(app)
    return LimitsCounter(url)
