"""The map page. It embeds no network data: its script reads /api/graph."""

import json
import posixpath
from typing import Any

import sqlalchemy as sa
from flask import current_app, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from app.cache import cached
from app.downloads.views import ATTRIBUTION, LICENSE
from app.extensions import db
from app.geo import US_STATES
from app.graph.filters import parse_filters
from app.graph.responses import FILTER_ARGUMENTS
from app.map.appearance import (
    CHOICES,
    COLOURS,
    LAYOUTS,
    SIZES,
    appearance_arguments,
    parse_appearance,
)
from app.map.words import map_words
from app.models import (
    Organization,
    OrgKind,
    RelationshipStatus,
)
from app.orgs.pages import ORG, TABLE_ARGUMENTS, focus_of, table_view
from app.pageargs import Argument, flag
from app.pagecache import cached_public_page, shared_state
from app.public import public_organization_ids
from app.security import (
    CONTENT_SECURITY_POLICY,
    EMBEDDABLE_CONTENT_SECURITY_POLICY,
    allowing_inline_script,
)
from app.themes.catalogue import map_themes
from app.waves.rules import filter_waves

# The same data as files, with the map's filters: (endpoint, label).
DOWNLOADS = (
    ("downloads.partnerships_csv", _l("Partnerships (CSV)")),
    ("downloads.organizations_csv", _l("Organizations (CSV)")),
    ("downloads.graph_json", _l("Network (JSON)")),
    ("downloads.graph_graphml", _l("Network (GraphML, for Gephi)")),
)

# The map's scripts, ES modules in app/static/js/: map.js, which the page loads, and those
# it imports (each by its plain name, "./map-text.js"; see _modules).
MAP_MODULES = (
    "map",
    "map-appearance",
    "map-compact",
    "map-export",
    "map-geo",
    "map-panel",
    "map-panel-org",
    "map-picture",
    "map-state",
    "map-style",
    "map-text",
    "map-view",
)

# What the map page reads from its address (app/pageargs.py); its script reads the same.
MAP_ARGUMENTS = (
    FILTER_ARGUMENTS,
    Argument(tuple(choice[0] for choice in CHOICES), appearance_arguments),
    flag("embed"),
    ORG,
)


@cached_public_page(*MAP_ARGUMENTS)
def index():
    """Show the network map with its search, filters, legend and text alternatives.

    A value it does not know is named on the page, answered 400 and never kept: the page
    holds no network data (its script reads /api/graph, which refuses that value, and
    then draws the map without it), so it costs what the page itself does, not a network.
    """
    filters, problems = parse_filters(request.args)
    chosen, appearance_problems = parse_appearance(request.args)
    embed = request.args.get("embed") == "1"
    focus, focus_problems = focus_of(request.args)
    # Values for url_for, which takes them as Any beside its own typed _anchor, _scheme, ...
    args: dict[str, Any] = filters.query_args().to_dict(flat=False)
    modules = _modules()
    response = current_app.make_response(
        render_template(
            "map/index.html",
            filters=filters,
            problems=problems + appearance_problems + focus_problems,
            embed=embed,
            appearance={**chosen, "layouts": LAYOUTS, "colours": COLOURS, "sizes": SIZES},
            state_names={name: code for code, name in US_STATES},
            credit=f"{ATTRIBUTION}, {LICENSE}",
            group_view_from=current_app.config["MAP_GROUP_VIEW_FROM"],
            waves=_waves(filters.wave, filters.since),
            kinds=OrgKind.choices(),
            states=_states(filters.states),
            statuses=RelationshipStatus.choices(),
            themes=map_themes(filters.themes),
            table_url=_table_url(args, focus.slug if focus else ""),
            downloads=[(label, url_for(endpoint, **args)) for endpoint, label in DOWNLOADS],
            full_map_url=url_for("map.index", **args),
            api=_script_urls(),
            words=map_words(),
            modules=modules,
        )
    )
    policy = EMBEDDABLE_CONTENT_SECURITY_POLICY if embed else CONTENT_SECURITY_POLICY
    response.headers["Content-Security-Policy"] = allowing_inline_script(
        policy, modules["import_map"]
    )
    if problems + appearance_problems + focus_problems:
        response.status_code = 400  # never kept (app/pagecache.py)
    return response


@cached_public_page(*TABLE_ARGUMENTS)
def table():
    """Show what the map shows for the same filters as tables, for keyboards and screen readers."""
    return render_template(
        "map/table.html",
        view=table_view(request.args, url_for("map.table")),
        kinds=list(OrgKind),
        statuses=list(RelationshipStatus),
        states=US_STATES,
    )


def _table_url(args: dict[str, Any], org: str) -> str:
    """Return the table view of the same filters (and of the chosen organization's neighbours)."""
    neighbours_of: dict[str, Any] = {"org": org} if org else {}
    return url_for("map.table", **args, **neighbours_of)


def _script_urls() -> dict[str, str]:
    """Return the addresses the page's script uses, as data-* attribute values."""
    return {
        "graph-url": url_for("api.graph"),
        "org-url": _prefix("api.organization", "slug"),
        "edge-url": _prefix("api.edge", "edge_id"),
        "org-page-url": _prefix("orgs.organization", "slug"),
        # The Geography view's libraries and outlines, loaded in this order when chosen.
        "geo-scripts": " ".join(
            url_for("static", filename=f"vendor/{name}")
            for name in ("d3.min.js", "d3-composite-projections.min.js", "topojson-client.min.js")
        ),
        "geo-outlines": url_for("static", filename="vendor/us-states-10m.json"),
    }


def _modules() -> dict:
    """Return the map's modules as the page loads them: its entry, the rest to preload, and
    the import map that sends each plain name to the file's hashed one.

    A module imports another by its plain name, which a hashed one cannot know (its own
    hash would change with the other's); the import map maps that address to the hashed
    one, kept for a year (app/static_files.py). The map is inline (browsers read no other),
    allowed by its hash in the page's Content-Security-Policy. Preloading every module
    fetches them at once rather than as each import is found.
    """
    urls = [url_for("static", filename=f"js/{name}.js") for name in MAP_MODULES]
    imports = {
        posixpath.join(posixpath.dirname(url), f"{name}.js"): url
        for name, url in zip(MAP_MODULES, urls, strict=True)
    }
    # Addresses only, but escaped as in any inline script: no "</script>" can end it.
    import_map = json.dumps({"imports": imports}, indent=1).replace("<", "\\u003c")
    return {"entry": urls[0], "preload": urls[1:], "import_map": Markup(import_map)}


def _prefix(endpoint: str, argument: str) -> str:
    """Return the start of `endpoint`'s URLs, to which the script adds one value."""
    marker = "VALUE"
    values: dict[str, Any] = {argument: marker}
    return url_for(endpoint, **values).removesuffix(marker)


def _waves(*selected: str) -> list[tuple[str, str]]:
    """Return (slug, name) of the waves the filter offers (app.waves.rules), newest first."""
    return [(wave.slug, wave.name) for wave in filter_waves(*selected)]


def _states(selected: tuple[str, ...]) -> list[tuple[str, str]]:
    """Return (code, name) of the states public organizations are in, and any selected.

    Those states are kept per network state: reading them costs more than the rest of
    the page, which is built for each address with a value it does not know.
    """
    present = set(json.loads(cached(shared_state(), json.dumps(["map", "states"]), _present)))
    return [(code, name) for code, name in US_STATES if code in present or code in selected]


def _present() -> bytes:
    """Return the states public organizations are in, as JSON."""
    states = db.session.scalars(
        sa.select(Organization.state)
        .where(Organization.id.in_(public_organization_ids()), Organization.state.is_not(None))
        .distinct()
    )
    return json.dumps(sorted(states)).encode()
