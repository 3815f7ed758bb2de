"""Counting failed sign-ins per account and per client address, in memory or in Redis."""

import hashlib
import time
from functools import wraps

from flask import Flask, current_app
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from redis.exceptions import RedisError

EXTENSION_KEY = "login_throttle"
DEFAULT_ACCOUNT_LIMIT = "5 per 15 minutes"
DEFAULT_ADDRESS_LIMIT = "20 per 15 minutes"
NAMESPACE = "constellation-login"


class ThrottleUnavailable(Exception):
    """The storage that counts failures did not answer, so no sign-in can be checked."""


def _storage_errors_as_unavailable(method):
    """Turn a storage failure (Redis down) into ThrottleUnavailable."""

    @wraps(method)
    def checked(*args, **kwargs):
        """Call the method, translating what an unreachable storage raises."""
        try:
            return method(*args, **kwargs)
        except (RedisError, OSError) as error:
            raise ThrottleUnavailable(str(error)) from error

    return checked


class LoginThrottle:
    """Refuse sign-in attempts for an account or an address that failed too often lately.

    Only failures are counted. The moving window forgets each failure once it is
    older than the window, so a blocked account opens again by itself.
    """

    def __init__(self, storage_url: str, account_limit: str, address_limit: str):
        """Connect to the storage and read limits written like "5 per 15 minutes"."""
        self.storage = storage_from_string(storage_url)
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.account_limit = parse(account_limit)
        self.address_limit = parse(address_limit)

    def _checks(self, email: str, address: str) -> list[tuple[RateLimitItem, str, str]]:
        """Return the (limit, kind, key) pairs one attempt is counted against."""
        # A digest keeps keys short and keeps addresses people typed out of Redis.
        account = hashlib.sha256(email.encode()).hexdigest()
        return [
            (self.account_limit, "account", account),
            (self.address_limit, "address", address or "unknown"),
        ]

    @_storage_errors_as_unavailable
    def retry_after(self, email: str, address: str) -> int | None:
        """Return the seconds until the attempt may be made, or None when it may be made now."""
        waits = []
        for limit, kind, key in self._checks(email, address):
            if not self.limiter.test(limit, NAMESPACE, kind, key):
                reset = self.limiter.get_window_stats(limit, NAMESPACE, kind, key).reset_time
                waits.append(max(1, int(reset - time.time()) + 1))
        return max(waits) if waits else None

    @_storage_errors_as_unavailable
    def failed(self, email: str, address: str) -> None:
        """Count one failed sign-in against the account and the address."""
        for limit, kind, key in self._checks(email, address):
            self.limiter.hit(limit, NAMESPACE, kind, key)

    @_storage_errors_as_unavailable
    def succeeded(self, email: str, address: str) -> None:
        """Forget the account's failures after a successful sign-in (the address keeps its)."""
        limit, kind, key = self._checks(email, address)[0]
        self.limiter.clear(limit, NAMESPACE, kind, key)


def init_app(app: Flask) -> None:
    """Give `app` its own throttle, using the storage its configuration names."""
    app.extensions[EXTENSION_KEY] = LoginThrottle(
        app.config["RATELIMIT_STORAGE_URL"],
        app.config.get("LOGIN_ACCOUNT_LIMIT", DEFAULT_ACCOUNT_LIMIT),
        app.config.get("LOGIN_ADDRESS_LIMIT", DEFAULT_ADDRESS_LIMIT),
    )


def login_throttle() -> LoginThrottle:
    """Return the current app's throttle."""
    return current_app.extensions[EXTENSION_KEY]
