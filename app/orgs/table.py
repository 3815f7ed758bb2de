"""The table view: the map's filtered network as two sortable tables and a sentence.

It reads the same URL arguments as the map (see app/graph/filters.py), plus `org`
for one organization's neighbourhood, and selects what it shows with the map's own
select_view(), so that the table and the map can never disagree.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from app.buildmemo import shared
from app.graph.build import GraphView, Network
from app.graph.cache import view_of
from app.graph.changes import CHANGES, CONTINUING, ENDED, NEW, UNCONFIRMED, Change
from app.graph.filters import GraphFilters
from app.graph.provenance import reply_to
from app.insights.store import org_figures
from app.models import Organization, OrgKind, RelationshipStatus, ReplyState, SurveyWave
from app.public import EdgeKind
from app.waves.rules import filter_waves

RELATIONSHIP_SORTS = (
    "organization", "partner", "type", "status", "wave", "approved", "reply", "change",
)  # fmt: skip
ORGANIZATION_SORTS = ("name", "kind", "place", "relationships", "betweenness", "group")
# The sorts whose order is that of labels in the visitor's language.
RELATIONSHIP_LABEL_SORTS = ("type", "status", "reply")
ORGANIZATION_LABEL_SORTS = ("kind",)


@dataclass
class Node:
    name: str
    slug: str
    kind: OrgKind
    city: str | None
    state: str | None
    relationships: int = 0
    betweenness: float | None = None  # app/insights/figures.py; None until computed
    group: int | None = None

    @property
    def place(self) -> str:
        """Return 'City, ST' with whatever parts are known."""
        return ", ".join(part for part in (self.city, self.state) if part)


@dataclass(frozen=True)
class Relationship:
    type: str
    status: RelationshipStatus | None
    organization: Node
    partner: Node
    wave_name: str  # every wave that named it, oldest first
    wave_slug: str  # the latest of them
    wave_order: int  # waves sort by when they opened
    change: Change | None = None  # in the "changes since" mode
    approved_on: date | None = None  # when the answer it comes from was approved
    reply: ReplyState | None = None  # what the partner said (partnerships only)

    @property
    def change_label(self) -> str:
        """Name the change for people ("" when no wave is compared)."""
        return self.change.label if self.change else ""

    @property
    def type_label(self) -> str:
        """Name the kind of relationship for people."""
        return EdgeKind(self.type).label


@dataclass
class NetworkTable:
    relationships: list[Relationship]
    organizations: list[Node]
    brigades: int = 0
    partners: int = 0
    summary: str = ""
    waves: list[SurveyWave] = field(default_factory=list)


# How many listed relationships changed each way, in the summary: "3 new".
CHANGE_COUNTS: dict[Change, Callable[[int], str]] = {
    NEW: lambda n: ngettext("%(num)d new", "%(num)d new", n),
    CONTINUING: lambda n: ngettext("%(num)d continuing", "%(num)d continuing", n),
    ENDED: lambda n: ngettext("%(num)d ended", "%(num)d ended", n),
    UNCONFIRMED: lambda n: ngettext("%(num)d not confirmed", "%(num)d not confirmed", n),
}


def _node(nodes: dict[int, Node], view: GraphView, org_id: int) -> Node:
    """Return the table's node for an organization, with the map's degree, on first sight."""
    if org_id not in nodes:
        org = view.network.orgs[org_id]
        degree = view.degree.get(org_id, 0)
        figures = org_figures(view, org_id)
        node = Node(org.name, org.slug, OrgKind(org.kind), org.city, org.state, degree)
        if figures:
            node.betweenness, node.group = figures.betweenness, figures.community
        nodes[org_id] = node
    return nodes[org_id]


def build_table(
    filters: GraphFilters, focus: Organization | None, rel_sort: tuple, org_sort: tuple
) -> NetworkTable:
    """Return the relationships and organizations the map shows for `filters` (and `focus`).

    Both lists come sorted by `rel_sort` and `org_sort` ((column, descending) pairs).
    """
    view = view_of(filters)
    # The same in every language unless sorted by a label: a publishing job builds them
    # once for all its languages (app/buildmemo.py).
    by_label = rel_sort[0] in RELATIONSHIP_LABEL_SORTS or org_sort[0] in ORGANIZATION_LABEL_SORTS
    key = ("network table", filters.cache_key(), focus.id if focus else None, rel_sort,
           org_sort, str(get_locale()) if by_label else None)  # fmt: skip
    relationships, organizations = shared(
        key, lambda: _sorted_rows(view, focus, rel_sort, org_sort)
    )
    waves = filter_waves(filters.wave, filters.since)
    table = NetworkTable(relationships, organizations, waves=waves)
    table.brigades = sum(1 for node in table.organizations if node.kind is OrgKind.BRIGADE)
    table.partners = len(table.organizations) - table.brigades
    wave_name = next((w.name for w in waves if w.slug == filters.wave), filters.wave)
    table.summary = _summary(table, wave_name, focus)
    if view.changes is not None:
        table.summary = _(
            "%(summary)s; changes since %(wave)s: %(changes)s",
            summary=table.summary,
            **_changes(relationships, view.changes, view.network),
        )
    return table


def _relationship(view: GraphView, edge, ends: list[Node], waves: str, order: int) -> Relationship:
    """Return the table's row of `edge` between `ends`, named in `waves`."""
    organization, partner = ends
    return Relationship(
        edge.type,
        RelationshipStatus(edge.status) if edge.status else None,
        organization,
        partner,
        waves,
        edge.wave,
        order,
        view.changes.change_of[edge.id] if view.changes else None,
        edge.approved_at.date() if edge.approved_at else None,
        reply_to(edge),
    )


def _sorted_rows(
    view: GraphView, focus: Organization | None, rel_sort: tuple, org_sort: tuple
) -> tuple[list[Relationship], list[Node]]:
    """Return the view's relationships (around `focus`) and organizations, sorted."""
    network = view.network
    order = {slug: index for index, slug in enumerate(network.waves)}
    nodes: dict[int, Node] = {}
    relationships = []
    named: dict[tuple[str, ...], str] = {}  # the few sets of waves, each written once
    for edge in view.edges:
        if focus is not None and focus.id not in (edge.source, edge.target):
            continue
        ends = [_node(nodes, view, org_id) for org_id in (edge.source, edge.target)]
        waves = edge.waves or (edge.wave,)
        if waves not in named:
            named[waves] = ", ".join(network.waves[slug] for slug in waves)
        relationships.append(_relationship(view, edge, ends, named[waves], order[edge.wave]))
    for org in view.nodes:
        if org.id not in view.degree and (focus is None or org.id == focus.id):
            _node(nodes, view, org.id)  # shown on the map with no relationship
    organizations = list(nodes.values())
    _sort_relationships(relationships, rel_sort)
    _sort_organizations(organizations, org_sort)
    return relationships, organizations


def _summary(table: NetworkTable, wave_name: str | None, focus: Organization | None) -> str:
    """Say what the tables hold: '3 brigades, 5 partners, 7 relationships in all waves'."""
    summary = _(
        "%(brigades)s, %(partners)s, %(relationships)s in %(wave)s",
        brigades=ngettext("%(num)d brigade", "%(num)d brigades", table.brigades),
        partners=ngettext("%(num)d partner", "%(num)d partners", table.partners),
        relationships=ngettext(
            "%(num)d relationship", "%(num)d relationships", len(table.relationships)
        ),
        wave=wave_name or _("all waves"),
    )
    if focus is not None:
        summary = _("%(summary)s, around %(name)s", summary=summary, name=focus.name)
    return summary


def _changes(relationships: list[Relationship], changes, network: Network) -> dict[str, str]:
    """Return the compared wave's name and how many listed relationships changed each way."""
    counts = Counter(rel.change for rel in relationships)
    since = network.waves.get(changes.since, changes.since)
    parts = ", ".join(CHANGE_COUNTS[change](counts[change]) for change in CHANGES)
    return {"wave": since, "changes": parts}


def _text(value: str) -> str:
    """Return a key that sorts text without regard to case."""
    return value.casefold()


RELATIONSHIP_KEYS: dict[str, Callable[[Relationship], tuple]] = {
    "organization": lambda r: (r.organization.name.casefold(),),  # as _text, called less
    "partner": lambda r: (r.partner.name.casefold(),),
    "type": lambda r: (r.type_label,),
    "status": lambda r: (r.status.label if r.status else "",),
    "wave": lambda r: (r.wave_order, r.wave_name),
    "approved": lambda r: (r.approved_on is None, r.approved_on or date.min),
    "reply": lambda r: (r.reply.label if r.reply else "",),
    "change": lambda r: (CHANGES.index(r.change) if r.change else -1,),
}
ORGANIZATION_KEYS: dict[str, Callable[[Node], tuple]] = {
    "name": lambda n: (),
    "kind": lambda n: (n.kind.label,),
    "place": lambda n: (n.state or "", _text(n.city or "")),
    "relationships": lambda n: (n.relationships,),
    "betweenness": lambda n: (n.betweenness or 0.0,),
    "group": lambda n: (n.group is None, n.group or 0),  # ungrouped last, either way
}


def _sort_relationships(relationships: list[Relationship], sort: tuple[str, bool]) -> None:
    """Sort relationships in place by (column, descending); names, then waves, break ties."""
    relationships.sort(  # casefold as _text does, without a call per name: 60,000 names
        key=lambda r: (
            r.organization.name.casefold(),
            r.partner.name.casefold(),
            r.wave_order,
            r.type,
        )
    )
    relationships.sort(key=RELATIONSHIP_KEYS[sort[0]], reverse=sort[1])
    if sort[0] == "status":
        relationships.sort(key=lambda r: r.status is None)  # no status last, either way


def _sort_organizations(organizations: list[Node], sort: tuple[str, bool]) -> None:
    """Sort organizations in place by (column, descending); names break ties."""
    organizations.sort(key=lambda n: _text(n.name))
    organizations.sort(key=ORGANIZATION_KEYS[sort[0]], reverse=sort[1])
    if sort[0] == "place":
        organizations.sort(key=lambda n: not n.state)  # no known place last, either way
