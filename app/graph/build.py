"""The public network read as plain rows, and the part of it that a set of filters shows.

What is public is app/public.py's rule; this module reads it with a fixed number of
queries of plain columns, whatever the size of the network: the public organizations,
the waves, every public relationship answer, and who answered which survey when.

Each answer is one `Edge` of its wave (`Network.answers`, which "changes since"
compares). Where no single wave is chosen, one relationship is one edge however many
waves named it (`Network.edges`): it carries those waves, and its status and id are
those of its latest answer. Filters mean what app/graph/filters.py says. A shown
organization's degree is the number of shown relationships it is at an end of.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa

from app.extensions import db
from app.graph.changes import Change, ChangeSet, changes_since
from app.graph.filters import GraphFilters
from app.graph.provenance import is_confirmed
from app.models import Continuity, Organization, OrgKind, SurveyWave
from app.public import (
    EdgeKind,
    is_public_organization,
    is_public_wave,
    public_submissions,
    relationship_answers,
)
from app.themes.published import public_answer_themes

if TYPE_CHECKING:
    from app.insights.store import Insight

PARTNERSHIP, LEARNING, INVOLVEMENT = EdgeKind.PARTNERSHIP, EdgeKind.LEARNING, EdgeKind.INVOLVEMENT
EDGE_TYPES = tuple(EdgeKind)


@dataclass(frozen=True)
class Org:
    """A public organization, as the map and the downloads use it."""

    id: int
    name: str
    slug: str
    kind: str
    city: str | None
    state: str | None
    website: str | None

    @property
    def kind_label(self) -> str:
        """Return the label people read for this organization's kind."""
        return OrgKind(self.kind).label


@dataclass(frozen=True)
class Edge:
    """A public relationship, from the organization that answered to the one it named."""

    id: str
    type: EdgeKind
    source: int
    target: int
    status: str | None
    wave: str  # the wave of the answer it comes from (the latest, for a merged edge)
    continuity: str | None = None  # stored on partnerships named in a repeat wave
    waves: tuple[str, ...] = ()  # every wave whose answers name it, oldest first
    confirmed: bool = False  # its partner confirmed it (app/graph/provenance.py)
    approved_at: datetime | None = None  # when the answer it comes from was approved

    @property
    def key(self) -> tuple[str, int, int]:
        """Return what the same relationship shares from one wave to the next."""
        return (self.type, self.source, self.target)

    @property
    def survey(self) -> str:
        """Return the survey whose answers name this relationship."""
        return self.type.survey.value

    @property
    def ended(self) -> bool:
        """Tell whether the answer says this relationship has ended since the last answers."""
        return self.continuity == Continuity.ENDED.value

    @property
    def number(self) -> int:
        """Return the id of the answer behind this edge (the number in 'p12')."""
        return int(self.id[1:])


@dataclass
class Network:
    """Every public organization and relationship, unfiltered."""

    orgs: dict[int, Org]
    answers: list[Edge]  # one per relationship answer, ended ones included
    edges: list[Edge]  # one per relationship, over every wave (see merge_waves)
    waves: dict[str, str]  # slug -> name, oldest wave first
    org_waves: dict[int, list[str]]  # the waves each organization appears in, oldest first
    # (organization, survey) -> the waves it answered that survey in, oldest first
    answered: dict[tuple[int, str], list[str]] = field(default_factory=dict)
    # partnership answer id -> the slugs of the themes it ticks (app/themes/published.py)
    themes: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def edge_themes(self, edge: Edge) -> tuple[str, ...]:
        """Return a relationship's theme slugs: its partnership answer's (others have none)."""
        return self.themes.get(edge.number, ()) if edge.type is PARTNERSHIP else ()

    def pairs(self) -> list[tuple[int, int]]:
        """Return (source, target) of every relationship, for the layout."""
        return [(edge.source, edge.target) for edge in self.edges]


@dataclass
class GraphView:
    """The part of the network that a set of filters shows."""

    network: Network
    filters: GraphFilters
    nodes: list[Org]
    edges: list[Edge]
    degree: Counter = field(default_factory=Counter)
    changes: ChangeSet | None = None  # with the "changes since" filter
    insight: "Insight | None" = None  # the network's figures, when attach_insight was asked
    places: dict[int, tuple[float, float]] = field(default_factory=dict)  # (lat, lon) by org


def load_network() -> Network:
    """Read the whole public network (five queries)."""
    orgs = {
        row.id: Org(row.id, row.name, row.slug, _value(row.kind), row.city, row.state, row.website)
        for row in db.session.execute(
            sa.select(
                Organization.id,
                Organization.name,
                Organization.slug,
                Organization.kind,
                Organization.city,
                Organization.state,
                Organization.website,
            ).where(is_public_organization(Organization.id))
        )
    }
    waves = db.session.execute(
        sa.select(SurveyWave.id, SurveyWave.slug, SurveyWave.name)
        .where(is_public_wave())
        .order_by(*SurveyWave.oldest_first())
    ).all()
    slug_of = {row.id: row.slug for row in waves}
    order = {row.slug: index for index, row in enumerate(waves)}
    seen_in, answered = defaultdict(set), defaultdict(set)
    for row in db.session.execute(public_submissions()):
        seen_in[row.organization_id].add(slug_of[row.wave_id])
        answered[(row.organization_id, row.survey)].add(slug_of[row.wave_id])
    rel = relationship_answers()
    answers = []
    for row in db.session.execute(sa.select(rel).order_by(rel.c.kind, rel.c.answer_id)):
        kind, wave = EdgeKind(row.kind), slug_of[row.wave_id]
        seen_in[row.target].add(wave)
        answers.append(Edge(f"{kind.prefix}{row.answer_id}", kind, row.source, row.target,
                            row.status or None, wave, row.continuity or None, (wave,),
                            is_confirmed(row.reply_state), row.approved_at))  # fmt: skip
    return Network(
        orgs=orgs,
        answers=answers,
        edges=merge_waves([a for a in answers if not a.ended], order),
        waves={row.slug: row.name for row in waves},
        org_waves={org: sorted(slugs, key=order.__getitem__) for org, slugs in seen_in.items()},
        answered={key: sorted(slugs, key=order.__getitem__) for key, slugs in answered.items()},
        themes=public_answer_themes(),
    )


def merge_waves(answers: list[Edge], order: dict[str, int]) -> list[Edge]:
    """Return one edge per relationship: its latest answer, carrying every wave that named it."""
    latest: dict[tuple, Edge] = {}
    waves: dict[tuple, set[str]] = defaultdict(set)
    for answer in answers:
        waves[answer.key].add(answer.wave)
        current = latest.get(answer.key)
        if current is None or (order[answer.wave], answer.number) > (
            order[current.wave],
            current.number,
        ):
            latest[answer.key] = answer
    return [
        replace(edge, waves=tuple(sorted(waves[key], key=order.__getitem__)))
        for key, edge in latest.items()
    ]


def _value(member) -> str:
    """Return an enum member's stored value (or a plain string as it is)."""
    return getattr(member, "value", member)


def select_view(network: Network, filters: GraphFilters) -> GraphView:
    """Return the organizations and relationships that `filters` show."""
    orgs = network.orgs
    candidates, changes = _candidates(network, filters)
    edges = [edge for edge in candidates if _keeps(edge, network, filters)]
    edges.sort(key=lambda edge: (EDGE_TYPES.index(edge.type), edge.number))
    degree, ends = _degrees(edges, changes)
    # An organization drawn alone is one with no relationship here; one whose relationships
    # the filters hid is left out. Ended partnerships are no relationship (app.public).
    relationships = (*network.edges, *candidates)
    connected = {org for edge in relationships for org in (edge.source, edge.target)}
    shown = [
        org
        for org in orgs.values()
        if org.id in ends or (org.id not in connected and _matches(org, filters))
    ]
    shown.sort(key=lambda org: (org.name.casefold(), org.id))
    return GraphView(
        network=network, filters=filters, nodes=shown, edges=edges, degree=degree, changes=changes
    )


def _candidates(network: Network, filters: GraphFilters) -> tuple[list[Edge], ChangeSet | None]:
    """Return the relationships the wave filters select, with the changes of "since"."""
    if filters.since:
        # The wave filter names the wave compared with `since`, so it selects no further.
        changes = changes_since(network, filters.since, filters.wave)
        return changes.edges, changes
    if filters.wave:
        named = [a for a in network.answers if a.wave == filters.wave and not a.ended]
        return merge_waves(named, {filters.wave: 0}), None
    return network.edges, None


def _degrees(edges: list[Edge], changes: ChangeSet | None) -> tuple[Counter, set[int]]:
    """Return each organization's relationships among `edges` (ended ones not counted), and
    every organization at an end of one."""
    degree: Counter = Counter()
    ends: set[int] = set()
    for edge in edges:
        ends.update((edge.source, edge.target))
        if changes is None or changes.change_of[edge.id] is not Change.ENDED:
            degree[edge.source] += 1
            degree[edge.target] += 1
    return degree, ends


def _keeps(edge: Edge, network: Network, filters: GraphFilters) -> bool:
    """Tell whether the kind, state, status and theme filters show the relationship `edge`."""
    ends = (network.orgs[edge.source], network.orgs[edge.target])
    if filters.themes and not set(network.edge_themes(edge)) & set(filters.themes):
        return False
    if filters.confirmed and not edge.confirmed:
        return False
    if filters.kinds and not any(org.kind in filters.kinds for org in ends):
        return False
    if filters.states and not any(org.state in filters.states for org in ends):
        return False
    if filters.statuses and edge.type is PARTNERSHIP:
        return edge.status in filters.statuses
    return True


def _matches(org: Org, filters: GraphFilters) -> bool:
    """Tell whether an organization with no relationship matches the kind and state filters."""
    if filters.themes or filters.confirmed:  # of relationships: a lone organization has none
        return False
    if filters.kinds and org.kind not in filters.kinds:
        return False
    return not (filters.states and org.state not in filters.states)
