"""Computing the figures of every wave's network, keeping them, and reading them back.

The background job that lays the map out (app/graph/layout.py) computes them
(`compute_insights`) and keeps them (`save_insights`) once per revision, so the figures
always describe approved data (app/public.py's rule, through load_network) and no
visitor's request computes them.
Each wave's network is its approved answers (as the map shows that wave); the whole
network (no wave) is every relationship still current, as the map shows by default.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask import current_app

from app.buildmemo import shared
from app.extensions import db
from app.insights.figures import NetworkFigures, OrgFigures, measure
from app.models import NetworkInsight, SurveyWave
from app.public import EdgeKind

if TYPE_CHECKING:  # the graph reads these figures; they measure its network, read in by it
    from app.graph.build import Edge, GraphView, Network

RELATIONSHIPS = (EdgeKind.PARTNERSHIP, EdgeKind.INVOLVEMENT)  # see app/insights/figures.py
INSIGHT_MEMO = "constellation.insights"  # {(wave, row id, revision): Insight} in this process


@dataclass(frozen=True)
class Insight:
    """The figures kept for one wave (or the whole network) as pages read them."""

    wave: str | None  # the wave's slug; None for the whole network
    revision: int
    figures: NetworkFigures
    organizations: dict[int, OrgFigures]


def compute_insights(network: "Network") -> dict[str | None, tuple[dict, dict]]:
    """Return the figures of each wave (by slug) and of the whole network (None), as kept.

    Only computes: the layout job does this before it takes the database's write lock,
    which the figures of a national network would otherwise hold for seconds.
    """
    computed: dict[str | None, tuple[dict, dict]] = {}
    measured: list[tuple[tuple, tuple[dict, dict]]] = []
    for slug in [None, *network.waves]:
        scope = _scope(network, slug)
        # A wave that holds the whole network (the only one, or one everybody answered)
        # has the whole's figures: measured once.
        kept = next((figures for seen, figures in measured if seen == scope), None)
        if kept is None:
            kept = _kept_form(*measure(*scope))
            measured.append((scope, kept))
        computed[slug] = kept
    return computed


def _kept_form(figures: NetworkFigures, per_org: dict[int, OrgFigures]) -> tuple[dict, dict]:
    """Return a scope's figures as they are kept: JSON-ready, organizations by id."""
    return figures.as_dict(), {
        str(org): [f.relationships, f.betweenness, f.community, f.component]
        for org, f in per_org.items()
    }


def save_insights(computed: dict[str | None, tuple[dict, dict]], revision: int) -> None:
    """Keep what compute_insights returned, for `revision`, in place of what was kept."""
    wave_ids = dict(db.session.execute(sa.select(SurveyWave.slug, SurveyWave.id)).all())
    db.session.execute(sa.delete(NetworkInsight))
    for slug, (figures, organizations) in computed.items():
        if slug is not None and slug not in wave_ids:
            continue  # a wave deleted while the figures were computed
        db.session.add(
            NetworkInsight(
                wave_id=wave_ids[slug] if slug else None,
                revision=revision,
                figures=figures,
                organizations=organizations,
            )
        )


def _scope(network: "Network", wave: str | None) -> tuple[dict[int, str], list[tuple[int, int]]]:
    """Return the organizations (with their kinds) and related pairs of one wave or all."""
    edges, members = _wave_part(network, wave)
    pairs = {(e.source, e.target) for e in edges if e.type in RELATIONSHIPS}
    members.update(org for pair in pairs for org in pair)
    kinds = {org: network.orgs[org].kind for org in members if org in network.orgs}
    return kinds, sorted((a, b) for a, b in pairs if a in kinds and b in kinds)


def _wave_part(network: "Network", wave: str | None) -> tuple[list["Edge"], set[int]]:
    """Return the relationships and organizations of one wave, or of the whole network."""
    if wave is None:
        return network.edges, set(network.orgs)
    # One relationship per (type, source, target), as merge_waves makes them.
    edges = [a for a in network.answers if a.wave == wave and not a.ended]
    return edges, {org for org, waves in network.org_waves.items() if wave in waves}


def attach_insight(view: "GraphView") -> "GraphView":
    """Give a view the kept figures of the network it shows (its wave's, or the whole)."""
    wave = view.filters.wave or None
    view.insight = shared(("insight", wave), lambda: insight_for(wave))
    return view


def org_figures(view: "GraphView", org_id: int) -> OrgFigures | None:
    """Return an organization's kept figures in a view's network (None: not computed yet)."""
    return view.insight.organizations.get(org_id) if view.insight else None


def insight_for(wave: str | None) -> Insight | None:
    """Return the kept figures of a wave (by slug; None for the whole network), if any.

    Every organization's figures are read and decoded once per kept row in each process
    (a tenth of a second at 10,000 organizations, paid by each map panel otherwise).
    """
    query = sa.select(NetworkInsight.id, NetworkInsight.revision, SurveyWave.slug).outerjoin(
        SurveyWave, SurveyWave.id == NetworkInsight.wave_id
    )
    if wave is None:
        query = query.where(NetworkInsight.wave_id.is_(None))
    else:
        query = query.where(SurveyWave.slug == wave)
    row = db.session.execute(query).first()
    if row is None:
        return None
    kept = current_app.extensions.setdefault(INSIGHT_MEMO, {})
    key = (wave, row.id, row.revision)
    if key not in kept:
        for old in [k for k in list(kept) if k[2] != row.revision]:
            kept.pop(old, None)  # one revision's figures are kept at a time
        found = db.session.get(NetworkInsight, row.id)
        if found is None:  # replaced since the query above: not computed, as far as we know
            return None
        kept[key] = _insight(found, row.slug)
    return kept[key]


def insight_history() -> list[tuple[SurveyWave, NetworkFigures]]:
    """Return each wave that has figures, oldest first, with its network figures."""
    rows = db.session.execute(
        sa.select(SurveyWave, NetworkInsight.figures)
        .join(NetworkInsight, NetworkInsight.wave_id == SurveyWave.id)
        .order_by(*SurveyWave.oldest_first())
    ).all()
    return [(wave, NetworkFigures(**figures)) for wave, figures in rows]


def _insight(row: NetworkInsight, slug: str | None) -> Insight:
    """Return a kept row as an Insight."""
    return Insight(
        wave=slug,
        revision=row.revision,
        figures=NetworkFigures(**row.figures),
        organizations={int(org): OrgFigures(*values) for org, values in row.organizations.items()},
    )
