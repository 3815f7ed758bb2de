"""The one cache of documents built from the public network: pages, /api/graph, files.

What a public document shows changes only with the network's state (app/network.py), so
each is kept under a key that starts with that state and is built once per state. Where
it is kept is the deployment's choice, CACHE_URL:

- empty (the default): in this process, bounded by bytes; each gunicorn worker keeps
  its own, which suits one server with a few workers;
- a redis:// URL: in Redis, shared by every worker and app server, so a new revision is
  built once, not once per worker. Entries expire after an hour, and a revision's
  entries are never read again once the network has moved on.

A cache that cannot be reached is no reason to fail a request: the document is built
as if nothing were kept, and the problem is logged.
"""

import hashlib
import logging
import threading
from collections import OrderedDict

from flask import Flask, current_app

PROCESS_BUDGET = 64 * 1024 * 1024  # bytes kept per process
REDIS_TTL = 3600  # seconds a document is kept in Redis
REDIS_PREFIX = "constellation:doc:"
EXTENSION_KEY = "constellation.document_cache"
log = logging.getLogger(__name__)  # under the app's logger, and usable outside a request


class ProcessStore:
    """A thread-safe least-recently-used map of keys to bytes, within a byte budget."""

    def __init__(self, budget: int = PROCESS_BUDGET):
        self.budget = budget
        self.size = 0
        self._items: OrderedDict[tuple, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, state: tuple, name: str) -> bytes | None:
        """Return the bytes kept under `name` for the network `state`, or None."""
        with self._lock:
            value = self._items.get((state, name))
            if value is not None:
                self._items.move_to_end((state, name))
            return value

    def put(self, state: tuple, name: str, value: bytes) -> None:
        """Keep `value`, dropping what older states built and the least recently used."""
        if len(value) > self.budget // 4:
            return  # one huge file would push out everything else
        with self._lock:
            for old in [key for key in self._items if key[0] < state]:
                self.size -= len(self._items.pop(old))
            if (state, name) in self._items:
                self.size -= len(self._items.pop((state, name)))
            self._items[(state, name)] = value
            self.size += len(value)
            while self.size > self.budget and self._items:
                self.size -= len(self._items.popitem(last=False)[1])


class RedisStore:
    """Documents kept in Redis, shared by every process that names the same server."""

    def __init__(self, url: str):
        from redis import Redis

        self.redis = Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)

    @staticmethod
    def _key(state: tuple, name: str) -> str:
        digest = hashlib.sha256(name.encode()).hexdigest()[:32]
        return f"{REDIS_PREFIX}{'.'.join(map(str, state))}:{digest}"

    def get(self, state: tuple, name: str) -> bytes | None:
        """Return the bytes kept under `name` for the network `state`, or None."""
        from redis import RedisError

        try:
            return self.redis.get(self._key(state, name))
        except RedisError as error:
            log.warning("Document cache unreachable: %s", error)
            return None

    def put(self, state: tuple, name: str, value: bytes) -> None:
        """Keep `value` for an hour."""
        from redis import RedisError

        try:
            self.redis.set(self._key(state, name), value, ex=REDIS_TTL)
        except RedisError as error:
            log.warning("Document cache unreachable: %s", error)


def document_cache(app: Flask | None = None) -> ProcessStore | RedisStore:
    """Return the store CACHE_URL names for the app (this request's by default; made once)."""
    app = app or current_app
    store = app.extensions.get(EXTENSION_KEY)
    if store is None:
        url = app.config.get("CACHE_URL") or ""
        store = RedisStore(url) if url else ProcessStore()
        store = app.extensions.setdefault(EXTENSION_KEY, store)
    return store


def cached(state: tuple, name: str, build) -> bytes:
    """Return the document `name` of the network `state`, building it with `build()` once."""
    store = document_cache()
    value = store.get(state, name)
    if value is None:
        value = build()
        store.put(state, name, value)
    return value
