"""The serialized public graph and its entity tags.

The public network changes for visitors when the job publishes a new state (laid out,
its pages built: app/graph/publish.py), so the pages that serve this JSON (/api/graph,
graph.json) keep it, and tag it, per published state and filters (app/pagecache.py).
"""

import hashlib
import json
from dataclasses import replace

from flask import current_app
from flask_babel import get_locale

from app.buildmemo import shared
from app.graph.build import GraphView, Network, load_network, select_view
from app.graph.document import Template, elements, in_language_of, opening_group
from app.graph.document import compact as compacted
from app.graph.filters import GraphFilters
from app.graph.layout import positions_for, stored_places
from app.insights.store import attach_insight

# Raise when the shape of the JSON changes, so that browsers drop what they kept.
FORMAT_VERSION = 6


def etag_for(state: tuple, filters: GraphFilters, variant: str = "graph") -> str:
    """Return the entity tag of one representation of the network in the public `state`."""
    text = json.dumps([FORMAT_VERSION, variant, state, filters.cache_key()])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def public_network() -> Network:
    """Return the whole public network: read once per publishing job (app/buildmemo.py)."""
    return shared("network", load_network)


def view_of(filters: GraphFilters) -> GraphView:
    """Return the view `filters` show, with its network's figures (shared by a job's builds)."""
    return shared(
        ("view", filters.cache_key()),
        lambda: attach_insight(select_view(public_network(), filters)),
    )


def view_at(filters: GraphFilters) -> tuple[GraphView, dict]:
    """Build the filtered view of the network and the stored (or provisional) positions."""
    view = view_of(filters)
    places = shared("places", stored_places)
    positions = shared("positions", lambda: positions_for(view.network))
    return replace(view, places=places), positions


def graph_json(
    state: tuple, filters: GraphFilters, *, opening: bool = False, compact: bool = False
) -> bytes:
    """Return the /api/graph document as UTF-8 JSON for the public `state` (see shared_state).

    With `opening`, the document holds only what the map opens on: a large view's largest
    group (MAP_GROUP_VIEW_FROM), so that a phone downloads what it draws first. With
    `compact`, its elements are written as columns (app/graph/document.compact).
    """
    # The same document in the same language is asked more than once by a job's builds
    # (/api/graph and graph.json; the compact form of the same elements): the language
    # is part of what is shared.
    language = str(get_locale())
    key = ("graph.json", filters.cache_key(), opening, compact, language)
    return shared(key, lambda: _graph_json(state, filters, opening, compact))


def _graph_json(state: tuple, filters: GraphFilters, opening: bool, compact: bool) -> bytes:
    """Build the /api/graph document (see graph_json), from its template when it can be."""
    key = ("graph template", filters.cache_key(), opening, compact)  # the same in every language
    body = shared(key, lambda: Template(_document(state, filters, opening, compact))).in_language()
    if body is None:  # a rare network whose labels the template cannot take (see Template)
        body = in_language_of(_document(state, filters, opening, False), compact)
    return body


def _document(state: tuple, filters: GraphFilters, opening: bool, compact: bool) -> dict:
    """Return the /api/graph document with its words as Words (app/graph/document.Word)."""
    key = ("graph elements", filters.cache_key(), opening)  # the same in every language
    document = shared(key, lambda: _elements(state, filters, opening))
    return compacted(document) if compact else document


def _elements(state: tuple, filters: GraphFilters, opening: bool) -> dict:
    """Return the /api/graph document's elements and figures (see elements), before JSON."""
    view, positions = view_at(filters)
    group = opening_group(view, current_app.config["MAP_GROUP_VIEW_FROM"]) if opening else None
    return elements(view, positions, state[0], group)
