"""Counting requests, for the sign-in throttle and the public forms and endpoints that cap them.

Every count goes through one of two counters, which keep a moving window of timestamped
hits per key and answer the same questions:
- DatabaseCounter: rows of throttle_event, shared by every worker and every app server
  already. It is the default (RATELIMIT_STORAGE_URL = "database").
- LimitsCounter: a `limits` storage: Redis (redis://…), where a deployment prefers to keep
  this traffic off the database, or memory:// (this process only: one development server).

within_rate counts a POST (the lost-link and new-link forms) where RATELIMIT_STORAGE_URL
says, so that a limit of 5 an hour is 5 whatever worker or host answers. A GET (name
suggestions, /api/suggest) never writes to the database: a GET changes nothing, and a
visitor typing asks for suggestions a few times a second. So a GET is counted in Redis
when RATELIMIT_STORAGE_URL names one, and otherwise in each process's memory (a limit per
worker, which is enough against harvesting names that are public anyway).

When the count cannot be reached (the database or Redis down), within_rate raises
CountUnavailable, which app/errors.py answers with a 503 page asking to try again in a
minute: a form that mails links or cancels a partner's old ones is refused rather than
served unthrottled. The sign-in throttle (app/auth/throttle.py) refuses sign-in likewise.

Keys are "<purpose or kind>:<digest>", so that no typed address or connection address is
kept; the sign-in throttle's kinds (pair, address, account, trusted) and within_rate's
purposes share one key space.
"""

import hashlib
import time
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Flask, current_app, request
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.models.throttle import ThrottleEvent
from app.models.types import utcnow

DATABASE = "database"
NAMESPACE = "constellation"
EXTENSION_KEY = "constellation.rate_counters"
# Methods that change nothing, so never write to the database, not even a count.
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# What an unreachable storage raises: Redis, the database, or the network under either.
STORAGE_ERRORS = (RedisError, SQLAlchemyError, OSError)


class CountUnavailable(Exception):
    """The storage that counts requests did not answer, so no request can be checked."""


def digest(*parts: str) -> str:
    """Return a short digest of `parts`, so typed addresses are not kept as they are."""
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:40]


class DatabaseCounter:
    """Hits kept as rows of throttle_event, written on a connection of their own.

    The count must survive whatever the request's own transaction does, so it is
    committed at once, apart from the request's session.
    """

    def __init__(self, app: Flask):
        """Count in the database of `app`."""
        self.app = app

    def _engine(self) -> sa.Engine:
        """Return the app's engine, inside a request or not."""
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
            _forget_expired(connection, limit, key, now)
            connection.execute(sa.insert(ThrottleEvent).values(key=key, at=now))

    def hit_within(self, limit: RateLimitItem, key: str) -> bool:
        """Count one hit now if the window has room for it; tell whether it had.

        Requests that arrive together at several workers must not all see the same
        room: each waits for the key's lock before counting (on SQLite, for the one
        writer's lock, which its first statement, a delete, takes).
        """
        now = utcnow()
        with self._engine().begin() as connection:
            if connection.dialect.name == "postgresql":
                lock = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], signed=True)
                connection.execute(sa.select(sa.func.pg_advisory_xact_lock(lock)))
            _forget_expired(connection, limit, key, now)
            count = connection.execute(
                sa.select(sa.func.count()).where(ThrottleEvent.key == key)
            ).scalar_one()
            if count >= limit.amount:
                return False
            connection.execute(sa.insert(ThrottleEvent).values(key=key, at=now))
            return True

    def clear(self, limit: RateLimitItem, key: str) -> None:
        """Forget every hit of `key`."""
        with self._engine().begin() as connection:
            connection.execute(sa.delete(ThrottleEvent).where(ThrottleEvent.key == key))


def _forget_expired(
    connection: sa.Connection, limit: RateLimitItem, key: str, now: datetime
) -> None:
    """Delete the hits of `key` that left the window."""
    connection.execute(
        sa.delete(ThrottleEvent).where(
            ThrottleEvent.key == key,
            ThrottleEvent.at <= now - timedelta(seconds=limit.get_expiry()),
        )
    )


class LimitsCounter:
    """Hits kept in a `limits` storage (Redis, or this process's memory)."""

    def __init__(self, url: str, namespace: str = NAMESPACE):
        """Open the storage `url` names; keep this counter's keys under `namespace`."""
        self.limiter = MovingWindowRateLimiter(storage_from_string(url))
        self.namespace = namespace

    def hits(self, limit: RateLimitItem, key: str) -> tuple[int, float]:
        """Return the hits in the window and the seconds until the oldest leaves it."""
        stats = self.limiter.get_window_stats(limit, self.namespace, key)
        count = limit.amount - stats.remaining
        if not count:
            return 0, 0.0
        return count, max(0.0, stats.reset_time - time.time())

    def hit(self, limit: RateLimitItem, key: str) -> None:
        """Count one hit now."""
        self.limiter.hit(limit, self.namespace, key)

    def hit_within(self, limit: RateLimitItem, key: str) -> bool:
        """Count one hit now if the window has room for it; tell whether it had."""
        return self.limiter.hit(limit, self.namespace, key)

    def clear(self, limit: RateLimitItem, key: str) -> None:
        """Forget every hit of `key`."""
        self.limiter.clear(limit, self.namespace, key)


def counter_for(
    app: Flask, url: str, namespace: str = NAMESPACE
) -> DatabaseCounter | LimitsCounter:
    """Return the counter `url` names ("database", "redis://…", "memory://")."""
    if url in ("", DATABASE):
        return DatabaseCounter(app)
    return LimitsCounter(url, namespace)


def within_rate(purpose: str, setting: str, address: str) -> bool:
    """Count one request for `purpose` from `address`; tell whether it stays within the rate.

    `setting` names the config value that holds the rate, such as "5 per hour". Raises
    CountUnavailable when the storage cannot be reached.
    """
    url = current_app.config["RATELIMIT_STORAGE_URL"]
    if request.method in READ_ONLY_METHODS and not url.startswith("redis"):
        url = "memory://"
    # current_app is a LocalProxy, which Flask types as the Flask app it stands for.
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    counters = app.extensions.setdefault(EXTENSION_KEY, {})
    counter = counters.get(url) or counters.setdefault(url, counter_for(app, url))
    rate = parse(current_app.config[setting])
    try:
        return counter.hit_within(rate, f"{purpose}:{digest(address or 'unknown')}")
    except STORAGE_ERRORS as error:
        raise CountUnavailable(str(error)) from error
