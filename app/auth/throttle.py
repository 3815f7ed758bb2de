"""Limiting password guesses without letting a stranger lock a moderator out.

Failed sign-ins are counted (app/ratelimits.py: in the database by default, so all
workers and app servers share them) against three keys (limits from the configuration):
- the account from one address: 5 failures in 15 minutes stop that address guessing
  that account, and the account's owner is told by mail (LOGIN_PAIR_LIMIT);
- the address, over all accounts: 20 in 15 minutes stop that address entirely
  (LOGIN_ADDRESS_LIMIT);
- the account from anywhere: 50 in 15 minutes (LOGIN_ACCOUNT_LIMIT) stop guessing from
  addresses the account has not signed in from lately. An address the owner signed in
  from in the last 30 days stays open, so guesses from elsewhere cannot lock them out.
A successful sign-in forgets that address's failures for the account, and marks the
address as one the account signs in from.
"""

from functools import wraps

from flask import Flask, current_app
from limits import RateLimitItem, parse

from app.ratelimits import STORAGE_ERRORS, CountUnavailable, counter_for, digest

EXTENSION_KEY = "login_throttle"
# Kept apart from other counts in Redis or memory (in the database, keys' kinds differ).
NAMESPACE = "constellation-login"
LIMITS = ("LOGIN_PAIR_LIMIT", "LOGIN_ADDRESS_LIMIT", "LOGIN_ACCOUNT_LIMIT")
TRUSTED_FOR = "1 per 30 days"


class ThrottleUnavailable(CountUnavailable):
    """The storage that counts failures did not answer, so no sign-in can be checked."""


def _storage_errors_as_unavailable(method):
    """Turn a storage failure (Redis or the database down) into ThrottleUnavailable."""

    @wraps(method)
    def checked(*args, **kwargs):
        """Call the method, translating what an unreachable storage raises."""
        try:
            return method(*args, **kwargs)
        except STORAGE_ERRORS as error:
            raise ThrottleUnavailable(str(error)) from error

    return checked


class LoginThrottle:
    """Count failed sign-ins and refuse attempts past the limits above."""

    def __init__(self, app: Flask, storage_url: str, limits: dict[str, str]):
        """Connect to the storage and read limits written like "5 per 15 minutes"."""
        self.counter = counter_for(app, storage_url, NAMESPACE)
        self.pair_limit = parse(limits["LOGIN_PAIR_LIMIT"])
        self.address_limit = parse(limits["LOGIN_ADDRESS_LIMIT"])
        self.account_limit = parse(limits["LOGIN_ACCOUNT_LIMIT"])
        self.trusted = parse(TRUSTED_FOR)

    def _keys(self, email: str, address: str) -> dict[str, tuple[RateLimitItem, str]]:
        """Return the (limit, key) each kind of count uses for one attempt."""
        address = address or "unknown"
        return {
            "pair": (self.pair_limit, "pair:" + digest(email, address)),
            "address": (self.address_limit, "address:" + digest(address)),
            "account": (self.account_limit, "account:" + digest(email)),
            "trusted": (self.trusted, "trusted:" + digest(email, address)),
        }

    def _blocked_for(self, limit: RateLimitItem, key: str) -> int | None:
        """Return the seconds until `key` is under `limit` again, or None if it is."""
        count, reset = self.counter.hits(limit, key)
        return max(1, int(reset) + 1) if count >= limit.amount else None

    @_storage_errors_as_unavailable
    def retry_after(self, email: str, address: str) -> int | None:
        """Return the seconds until the attempt may be made, or None when it may be made now."""
        keys = self._keys(email, address)
        waits = [self._blocked_for(*keys[kind]) for kind in ("pair", "address")]
        if not self.counter.hits(*keys["trusted"])[0]:
            waits.append(self._blocked_for(*keys["account"]))
        known = [wait for wait in waits if wait is not None]
        return max(known) if known else None

    @_storage_errors_as_unavailable
    def failed(self, email: str, address: str) -> bool:
        """Count one failed sign-in; return True when it just stopped this address for it."""
        keys = self._keys(email, address)
        for kind in ("pair", "address", "account"):
            self.counter.hit(*keys[kind])
        return self.counter.hits(*keys["pair"])[0] == self.pair_limit.amount

    @_storage_errors_as_unavailable
    def succeeded(self, email: str, address: str) -> None:
        """Forget this address's failures for the account, and trust the address for it.

        The account's count from everywhere stays: the owner signing in must not give
        someone guessing from elsewhere a fresh allowance.
        """
        keys = self._keys(email, address)
        self.counter.clear(*keys["pair"])
        self.counter.hit(*keys["trusted"])


def init_app(app: Flask) -> None:
    """Give `app` its own throttle, using the storage its configuration names."""
    limits = {name: app.config[name] for name in LIMITS}
    app.extensions[EXTENSION_KEY] = LoginThrottle(app, app.config["RATELIMIT_STORAGE_URL"], limits)


def login_throttle() -> LoginThrottle:
    """Return the current app's throttle."""
    return current_app.extensions[EXTENSION_KEY]
