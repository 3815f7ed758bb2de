"""Counting requests per purpose and address, for the public forms and endpoints that cap them.

Counted in memory, or in Redis when RATELIMIT_STORAGE_URL names one (so that every worker
and app server counts together): never in the database, since a GET writes nothing there.
"""

from flask import current_app
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

EXTENSION_KEY = "constellation.rate_limiter"


def within_rate(purpose: str, setting: str, address: str) -> bool:
    """Count one request for `purpose` from `address`; tell whether it stays within the rate.

    `setting` names the config value that holds the rate, such as "120 per minute".
    """
    limiter = current_app.extensions.get(EXTENSION_KEY)
    if limiter is None:
        url = current_app.config["RATELIMIT_STORAGE_URL"]
        storage = storage_from_string(url if url.startswith("redis") else "memory://")
        limiter = current_app.extensions.setdefault(EXTENSION_KEY, MovingWindowRateLimiter(storage))
    rate = parse(current_app.config[setting])
    return limiter.hit(rate, f"constellation-{purpose}", address or "unknown")
