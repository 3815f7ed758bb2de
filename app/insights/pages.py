"""What the insights page and the map's panel say about the kept figures, in words."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from app.extensions import db
from app.insights.figures import NetworkFigures, OrgFigures
from app.insights.store import Insight, insight_for, insight_history
from app.models import Organization, OrgKind, SurveyWave
from app.network import current_revision
from app.public import is_public_organization

TOP = 10  # hubs and brokers listed
LEADERS = 5  # "one of the 5 …" in an organization's role
GROUPS_SHOWN = 8
MEMBERS_SHOWN = 12

# (figure, caption, what it means): the history charts, one per figure.
HISTORY = [
    ("organizations", _l("Organizations"), _l("that answered or were named in the wave")),
    (
        "relationships",
        _l("Relationships"),
        _l("partnerships and involvements, each pair counted once"),
    ),
    (
        "density",
        _l("Density"),
        _l("the share of all possible pairs that are related, in percent"),
    ),
    (
        "components",
        _l("Connected parts"),
        _l("sets of organizations joined by some chain of relationships"),
    ),
    ("largest_component", _l("Largest connected part"), _l("organizations in it")),
    (
        "communities",
        _l("Groups"),
        _l("organizations more tied to each other than to the rest"),
    ),
    (
        "average_distance",
        _l("Average distance"),
        _l("steps between two organizations of the largest part"),
    ),
    (
        "shared_partners",
        _l("Shared partners"),
        _l("organizations related to two or more brigades"),
    ),
]


@dataclass(frozen=True)
class Named:
    """A public organization named on the page, with its figures."""

    name: str
    slug: str
    kind_label: str
    figures: OrgFigures


def insight_page(wave: SurveyWave) -> dict:
    """Return what /waves/<slug>/insights shows for `wave`."""
    insight = insight_for(wave.slug)
    history = insight_history()
    page = {"insight": insight, "history": _history_rows(history), "hubs": [], "brokers": []}
    if insight is None:
        return {**page, "groups": [], "stale": True}
    names = _public_names(insight.organizations)
    ranked = [org for org in names if org.figures.relationships]
    hubs = sorted(
        (org for org in ranked if org.figures.relationships >= 2),  # one partner is no hub
        key=lambda o: (-o.figures.relationships, o.name.casefold()),
    )
    brokers = sorted(
        (org for org in ranked if org.figures.betweenness > 0),
        key=lambda o: (-o.figures.betweenness, o.name.casefold()),
    )
    return {
        **page,
        "hubs": hubs[:TOP],
        "brokers": brokers[:TOP],
        "groups": _groups(names),
        "stale": insight.revision < current_revision(),
        "partner_kinds": _partner_kinds(insight.figures),
    }


def _public_names(organizations: dict[int, OrgFigures]) -> list[Named]:
    """Return the organizations of kept figures that are public now, with their names."""
    rows = db.session.execute(
        sa.select(Organization.id, Organization.name, Organization.slug, Organization.kind).where(
            Organization.id.in_(list(organizations)), is_public_organization(Organization.id)
        )
    )
    return [
        Named(row.name, row.slug, OrgKind(row.kind).label, organizations[row.id]) for row in rows
    ]


def _groups(names: list[Named]) -> list[dict]:
    """Return the largest communities, each with its best-connected members first."""
    members: dict[int, list[Named]] = {}
    for org in names:
        if org.figures.community is not None:
            members.setdefault(org.figures.community, []).append(org)
    groups = []
    for number in sorted(members)[:GROUPS_SHOWN]:
        people = sorted(members[number], key=lambda o: (-o.figures.relationships, o.name))
        groups.append({"number": number, "size": len(people), "members": people[:MEMBERS_SHOWN]})
    return groups


def _partner_kinds(figures: NetworkFigures) -> list[dict]:
    """Return the share of brigades with a partner of each kind, largest first."""
    rows = [
        {"label": OrgKind(kind).label, "percent": share}
        for kind, share in figures.brigades_with_partner.items()
        if share
    ]
    return sorted(rows, key=lambda row: -row["percent"])


def _history_rows(history: list[tuple[SurveyWave, NetworkFigures]]) -> list[dict]:
    """Return one chart per figure: its value in each wave that has a network, with bars."""
    shown = [(wave, figures) for wave, figures in history if figures.organizations]
    charts = []
    for key, caption, meaning in HISTORY:
        values = [(wave, _value(figures, key)) for wave, figures in shown]
        top = max((value or 0 for _, value in values), default=0)
        rows = [
            {
                "wave": wave,
                "value": value,
                "percent": round(100 * value / top) if top and value else 0,
            }
            for wave, value in values
        ]
        charts.append({"key": key, "caption": caption, "meaning": meaning, "rows": rows})
    return charts


def _value(figures: NetworkFigures, key: str) -> float | None:
    """Return one figure as the charts show it (density in percent)."""
    value = getattr(figures, key)
    return round(100 * value, 2) if key == "density" else value


def share_text(value: float | None) -> str:
    """Return a share (0 to 1) as people read it: '12.5%', 'under 0.1%', '0%' or '—'."""
    if value is None:
        return "—"
    if 0 < value < 0.001:
        return _("under 0.1%")
    return f"{100 * value:.1f}%".replace(".0%", "%")


def organization_role(insight: Insight | None, org_id: int) -> list[str]:
    """Return sentences on an organization's place in the network, for the map's panel."""
    if insight is None:
        return []
    figures = insight.organizations.get(org_id)
    if figures is None or not figures.relationships:
        return []
    others = insight.organizations.values()
    sentences = []
    more_related = sum(1 for other in others if other.relationships > figures.relationships)
    if more_related < LEADERS and figures.relationships >= 3:
        sentences.append(
            _(
                "A hub: one of the %(leaders)s organizations with the most relationships "
                "(%(count)s).",
                leaders=LEADERS,
                count=figures.relationships,
            )
        )
    more_between = sum(1 for other in others if other.betweenness > figures.betweenness)
    if figures.betweenness > 0 and more_between < LEADERS:
        sentences.append(
            _(
                "A go-between: one of the %(leaders)s organizations that most often lie on "
                "the shortest path between two others.",
                leaders=LEADERS,
            )
        )
    if figures.community is not None:
        size = sum(1 for other in others if other.community == figures.community)
        # The same English for any count; other languages may need a singular.
        sentences.append(
            ngettext(
                "In group %(group)s, with %(num)s other organizations.",
                "In group %(group)s, with %(num)s other organizations.",
                size - 1,
                group=figures.community,
            )
        )
    return sentences
