"""Public JSON endpoints for the network map; approved data only."""

import json

from flask import current_app, jsonify, request
from flask_babel import gettext as _

from app.api.suggest import KINDS, allowed, suggestions
from app.cache import cached
from app.graph.cache import etag_for, graph_json
from app.graph.details import organization_details
from app.graph.edges import edge_details
from app.graph.filters import parse_filters
from app.graph.responses import (
    FILTER_ARGUMENTS,
    FORMAT_ARGUMENT,
    VIEW_ARGUMENT,
    bad_filters,
    conditional,
    format_of,
    not_found,
    view_of,
)
from app.i18n import request_language
from app.names import name_key
from app.pagecache import cached_public_page, shared_state


@cached_public_page(FILTER_ARGUMENTS, VIEW_ARGUMENT, FORMAT_ARGUMENT)
def graph():
    """Serve the approved network as Cytoscape.js elements, filtered by the query.

    `view=opening` serves only what the map opens on (a large network's largest group);
    `format=compact` the same document in the map's smaller form (app/graph/document.py).
    """
    filters, problems = parse_filters(request.args)
    view, view_problems = view_of(request.args)
    form, format_problems = format_of(request.args)
    if problems + view_problems + format_problems:
        return bad_filters(problems + view_problems + format_problems)
    state = shared_state()  # the published state: the job builds it, visitors read it
    # Its words (kinds, statuses) are in the visitor's language: one tag per language.
    etag = etag_for(state, filters, f"graph.{request_language()}.{view}.{form}")
    opening = view == "opening"
    return conditional(
        etag,
        lambda: graph_json(state, filters, opening=opening, compact=bool(form)),
        "application/json",
    )


def suggest():
    """Suggest public names for a survey answer as it is typed (?q=…&for=organizations)."""
    kind = request.args.get("for", "organizations")
    if kind not in KINDS:
        return jsonify(error=_("'for' must be one of: %(kinds)s.", kinds=", ".join(KINDS))), 400
    if not allowed(request.remote_addr or ""):
        return jsonify(error=_("Too many requests; wait a minute.")), 429, {"Retry-After": "60"}
    typed = request.args.get("q", "")[:200]
    # Many visitors type the same first letters: each answer is kept per network state.
    name = json.dumps(["suggest", kind, name_key(typed)])
    body = cached(shared_state(), name, lambda: json.dumps(suggestions(typed, kind)).encode())
    response = current_app.response_class(body, mimetype="application/json")
    response.cache_control.max_age = 60  # the same few names for everyone for a minute
    response.cache_control.public = True
    return response


@cached_public_page
def organization(slug: str):
    """Describe one public organization for the map's side panel."""
    details = organization_details(slug)
    return jsonify(details) if details is not None else not_found(_("No public organization here."))


@cached_public_page
def edge(edge_id: str):
    """Describe one public relationship for the map's side panel."""
    details = edge_details(edge_id)
    return jsonify(details) if details is not None else not_found(_("No public relationship here."))
