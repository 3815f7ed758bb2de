"""The serialized public graph, kept in memory per (network state, filters).

The public network only changes when its revision does, and its positions when a
layout job stores them, so the JSON built for one state and one set of filters can be
served again as it is: a repeated request costs one query (the state). Each app keeps
its own bounded cache.
"""

import hashlib
import json
import threading
from collections import OrderedDict

from flask import current_app

from app.graph.build import GraphView, load_network, select_view
from app.graph.document import elements
from app.graph.filters import GraphFilters
from app.graph.layout import positions_for
from app.network import NetworkState

CAPACITY = 64
# Raise when the shape of the JSON changes, so that browsers drop what they kept.
FORMAT_VERSION = 2
EXTENSION_KEY = "constellation.graph_cache"


class BytesCache:
    """A small thread-safe least-recently-used map of keys to bytes."""

    def __init__(self, capacity: int = CAPACITY):
        self.capacity = capacity
        self._items: OrderedDict[tuple, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> bytes | None:
        """Return the bytes kept for `key`, marking them recently used, or None."""
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: tuple, value: bytes) -> None:
        """Keep `value` for `key`, dropping older revisions and the least recently used."""
        with self._lock:
            revision = key[0]
            for old in [k for k in self._items if k[0] < revision]:
                del self._items[old]
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


def app_cache() -> BytesCache:
    """Return this app's cache of serialized graphs."""
    return current_app.extensions.setdefault(EXTENSION_KEY, BytesCache())


def etag_for(state: NetworkState, filters: GraphFilters, variant: str = "graph") -> str:
    """Return the entity tag of one representation of the network in `state`."""
    text = json.dumps([FORMAT_VERSION, variant, state.key, filters.cache_key()])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def view_at(filters: GraphFilters) -> tuple[GraphView, dict]:
    """Build the filtered view of the network and the stored (or provisional) positions."""
    network = load_network()
    return select_view(network, filters), positions_for(network)


def graph_json(state: NetworkState, filters: GraphFilters) -> bytes:
    """Return the /api/graph document as UTF-8 JSON, from the cache when it holds it."""
    key = (state.key, filters.cache_key())
    cache = app_cache()
    body = cache.get(key)
    if body is None:
        view, positions = view_at(filters)
        document = elements(view, positions, state.revision)
        body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
        cache.put(key, body)
    return body
