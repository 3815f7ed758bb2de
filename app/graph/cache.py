"""The serialized public graph and its entity tags.

The public network changes for visitors when the job publishes a new state (laid out,
its pages built: app/graph/publish.py), so the pages that serve this JSON (/api/graph,
graph.json) keep it, and tag it, per published state and filters (app/pagecache.py).
"""

import hashlib
import json

from flask import current_app

from app.graph.build import GraphView, load_network, select_view
from app.graph.document import compact as compacted
from app.graph.document import elements, opening_group
from app.graph.filters import GraphFilters
from app.graph.layout import positions_for, stored_places
from app.insights.store import attach_insight

# Raise when the shape of the JSON changes, so that browsers drop what they kept.
FORMAT_VERSION = 6


def etag_for(state: tuple, filters: GraphFilters, variant: str = "graph") -> str:
    """Return the entity tag of one representation of the network in the public `state`."""
    text = json.dumps([FORMAT_VERSION, variant, state, filters.cache_key()])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def view_at(filters: GraphFilters) -> tuple[GraphView, dict]:
    """Build the filtered view of the network and the stored (or provisional) positions."""
    network = load_network()
    view = attach_insight(select_view(network, filters))
    view.places = stored_places()
    return view, positions_for(network)


def graph_json(
    state: tuple, filters: GraphFilters, *, opening: bool = False, compact: bool = False
) -> bytes:
    """Return the /api/graph document as UTF-8 JSON for the public `state` (see shared_state).

    With `opening`, the document holds only what the map opens on: a large view's largest
    group (MAP_GROUP_VIEW_FROM), so that a phone downloads what it draws first. With
    `compact`, its elements are written as columns (app/graph/document.compact).
    """
    view, positions = view_at(filters)
    group = opening_group(view, current_app.config["MAP_GROUP_VIEW_FROM"]) if opening else None
    document = elements(view, positions, state[0], group)
    if compact:
        document = compacted(document)
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
