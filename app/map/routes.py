"""The map page. It embeds no network data: its script reads /api/graph."""

import sqlalchemy as sa
from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from app.downloads.routes import ATTRIBUTION, LICENSE
from app.extensions import db
from app.geo import US_STATES
from app.graph.filters import parse_filters
from app.map.appearance import COLOURS, LAYOUTS, SIZES, parse_appearance
from app.map.words import map_words
from app.models import (
    Organization,
    OrgKind,
    RelationshipStatus,
    Submission,
    SurveyWave,
)
from app.pagecache import cached_public_page
from app.public import public_organization_ids, published
from app.security import EMBEDDABLE_CONTENT_SECURITY_POLICY
from app.themes.catalogue import map_themes

bp = Blueprint("map", __name__)

# The same data as files, with the map's filters: (endpoint, label).
DOWNLOADS = (
    ("downloads.partnerships_csv", _l("Partnerships (CSV)")),
    ("downloads.organizations_csv", _l("Organizations (CSV)")),
    ("downloads.graph_json", _l("Network (JSON)")),
    ("downloads.graph_graphml", _l("Network (GraphML, for Gephi)")),
)


@bp.get("/map")
@cached_public_page
def index():
    """Show the network map with its search, filters, legend and text alternatives."""
    filters, problems = parse_filters(request.args)
    chosen, appearance_problems = parse_appearance(request.args)
    embed = request.args.get("embed") == "1"
    args = filters.query_args().to_dict(flat=False)
    response = current_app.make_response(
        render_template(
            "map/index.html",
            filters=filters,
            problems=problems + appearance_problems,
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
            table_url=_table_url(args, request.args.get("org", "").strip()[:100]),
            downloads=[(label, url_for(endpoint, **args)) for endpoint, label in DOWNLOADS],
            full_map_url=url_for("map.index", **args),
            api=_script_urls(),
            words=map_words(),
        )
    )
    if embed:
        response.headers["Content-Security-Policy"] = EMBEDDABLE_CONTENT_SECURITY_POLICY
    return response


def _table_url(args: dict, org: str) -> str:
    """Return the table view of the same filters (and of the chosen organization's neighbours)."""
    return url_for("orgs.network_table", **args, **({"org": org} if org else {}))


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


def _prefix(endpoint: str, argument: str) -> str:
    """Return the start of `endpoint`'s URLs, to which the script adds one value."""
    marker = "VALUE"
    return url_for(endpoint, **{argument: marker}).removesuffix(marker)


def _waves(*selected: str) -> list[tuple[str, str]]:
    """Return (slug, name) of the waves with approved answers (or selected), newest first."""
    approved = sa.select(Submission.wave_id).where(published())
    query = sa.select(SurveyWave.slug, SurveyWave.name).where(
        sa.or_(SurveyWave.id.in_(approved), SurveyWave.slug.in_(selected))
    )
    return [tuple(row) for row in db.session.execute(query.order_by(*SurveyWave.newest_first()))]


def _states(selected: tuple[str, ...]) -> list[tuple[str, str]]:
    """Return (code, name) of the states public organizations are in, and any selected."""
    present = set(
        db.session.scalars(
            sa.select(Organization.state)
            .where(Organization.id.in_(public_organization_ids()))
            .distinct()
        )
    )
    return [(code, name) for code, name in US_STATES if code in present or code in selected]
