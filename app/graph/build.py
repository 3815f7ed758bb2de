"""The public network read as plain rows, and the part of it that a set of filters shows.

Everything is read with a fixed number of queries of plain column tuples, whatever
the size of the network: the public organizations, the waves, and one union of every
approved relationship (plus every approved submission, which tells the waves an
organization answered in). A relationship is public when its submission is approved
and both of its ends are public organizations (app.orgs.services).

Filters mean what app/graph/filters.py says. A shown organization's degree is the
number of shown relationships it is at an end of.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa

from app.extensions import db
from app.graph.changes import ENDED, ChangeSet, changes_since
from app.graph.filters import GraphFilters
from app.models import (
    Continuity,
    LearningInterest,
    LocalGroupAnswer,
    Organization,
    OrgKind,
    PartnershipAnswer,
    Submission,
    SubmissionStatus,
    SurveyKind,
    SurveyWave,
)
from app.orgs.services import public_organization_ids

PARTNERSHIP, LEARNING, INVOLVEMENT = "partnership", "learning", "involvement"
EDGE_TYPES = (PARTNERSHIP, LEARNING, INVOLVEMENT)
EDGE_PREFIX = {PARTNERSHIP: "p", LEARNING: "l", INVOLVEMENT: "i"}
SUBMITTED = "submitted"  # a row of the union that is a submission, not a relationship
SURVEY_OF = {
    PARTNERSHIP: SurveyKind.PARTNERSHIP.value,
    LEARNING: SurveyKind.PARTNERSHIP.value,
    INVOLVEMENT: SurveyKind.INVOLVEMENT.value,
}


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
    type: str
    source: int
    target: int
    status: str | None
    wave: str
    continuity: str | None = None  # stored on partnerships named in a repeat wave

    @property
    def key(self) -> tuple[str, int, int]:
        """Return what the same relationship shares from one wave to the next."""
        return (self.type, self.source, self.target)

    @property
    def survey(self) -> str:
        """Return the survey whose answers name this relationship."""
        return SURVEY_OF[self.type]

    @property
    def ended(self) -> bool:
        """Tell whether the answer says this relationship has ended since the last answers."""
        return self.continuity == Continuity.ENDED.value


@dataclass
class Network:
    """Every public organization and relationship, unfiltered."""

    orgs: dict[int, Org]
    edges: list[Edge]
    waves: dict[str, str]  # slug -> name, oldest wave first
    org_waves: dict[int, list[str]]  # the waves each organization appears in, oldest first
    # (organization, survey) -> the waves it answered that survey in, oldest first
    answered: dict[tuple[int, str], list[str]] = field(default_factory=dict)

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


def load_network() -> Network:
    """Read the whole public network (three queries)."""
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
            ).where(Organization.id.in_(public_organization_ids()))
        )
    }
    waves = db.session.execute(
        sa.select(SurveyWave.id, SurveyWave.slug, SurveyWave.name).order_by(
            *SurveyWave.oldest_first()
        )
    ).all()
    slug_of = {row.id: row.slug for row in waves}
    edges, seen_in, answered = [], defaultdict(set), defaultdict(set)
    for row in db.session.execute(_relationship_rows()):
        wave = slug_of[row.wave_id]
        if row.type == SUBMITTED:
            if row.source in orgs:
                seen_in[row.source].add(wave)
                answered[(row.source, row.survey)].add(wave)
            continue
        if row.source not in orgs or row.target not in orgs:
            continue
        seen_in[row.source].add(wave)
        seen_in[row.target].add(wave)
        if row.source != row.target:
            edges.append(
                Edge(
                    f"{EDGE_PREFIX[row.type]}{row.id}",
                    row.type,
                    row.source,
                    row.target,
                    row.status or None,
                    wave,
                    row.continuity or None,
                )
            )
    order = {row.slug: index for index, row in enumerate(waves)}
    return Network(
        orgs=orgs,
        edges=edges,
        waves={row.slug: row.name for row in waves},
        org_waves={org: sorted(slugs, key=order.__getitem__) for org, slugs in seen_in.items()},
        answered={key: sorted(slugs, key=order.__getitem__) for key, slugs in answered.items()},
    )


def _value(member) -> str:
    """Return an enum member's stored value (or a plain string as it is)."""
    return getattr(member, "value", member)


def _relationship_rows() -> sa.Select:
    """Select every approved relationship and submission as one list of plain rows."""
    approved = Submission.status == SubmissionStatus.APPROVED
    no_status = sa.null()
    partnerships = (
        sa.select(
            sa.literal_column(f"'{PARTNERSHIP}'").label("type"),
            PartnershipAnswer.id.label("id"),
            Submission.organization_id.label("source"),
            PartnershipAnswer.partner_id.label("target"),
            sa.type_coerce(PartnershipAnswer.status, sa.String).label("status"),
            Submission.wave_id.label("wave_id"),
            sa.type_coerce(PartnershipAnswer.continuity, sa.String).label("continuity"),
            sa.type_coerce(Submission.survey_kind, sa.String).label("survey"),
        )
        .join(Submission, PartnershipAnswer.submission)
        .where(approved, Submission.survey_kind == SurveyKind.PARTNERSHIP)
    )
    learning = (
        sa.select(
            sa.literal_column(f"'{LEARNING}'"),
            LearningInterest.id,
            Submission.organization_id,
            LearningInterest.organization_id,
            no_status,
            Submission.wave_id,
            no_status,
            sa.type_coerce(Submission.survey_kind, sa.String),
        )
        .join(Submission, LearningInterest.submission)
        .where(
            approved,
            Submission.survey_kind == SurveyKind.PARTNERSHIP,
            LearningInterest.organization_id.is_not(None),
        )
    )
    involvement = (
        sa.select(
            sa.literal_column(f"'{INVOLVEMENT}'"),
            LocalGroupAnswer.id,
            Submission.organization_id,
            LocalGroupAnswer.organization_id,
            no_status,
            Submission.wave_id,
            no_status,
            sa.type_coerce(Submission.survey_kind, sa.String),
        )
        .join(Submission, LocalGroupAnswer.submission)
        .where(approved, Submission.survey_kind == SurveyKind.INVOLVEMENT)
    )
    submissions = sa.select(
        sa.literal_column(f"'{SUBMITTED}'"),
        Submission.id,
        Submission.organization_id,
        sa.null(),
        no_status,
        Submission.wave_id,
        no_status,
        sa.type_coerce(Submission.survey_kind, sa.String),
    ).where(approved)
    union = sa.union_all(partnerships, learning, involvement, submissions).subquery()
    return sa.select(union).order_by(union.c.type, union.c.id)


def select_view(network: Network, filters: GraphFilters) -> GraphView:
    """Return the organizations and relationships that `filters` show."""
    orgs = network.orgs
    changes = None
    if filters.since:
        # The wave filter names the wave compared with `since`, so it selects no further.
        changes = changes_since(network, filters.since, filters.wave)
        candidates, wave = changes.edges, ""
    else:
        candidates, wave = [edge for edge in network.edges if not edge.ended], filters.wave
    edges = [edge for edge in candidates if _keeps(edge, orgs, filters, wave)]
    edges.sort(key=lambda edge: (EDGE_TYPES.index(edge.type), int(edge.id[1:])))
    degree, ends = Counter(), set()
    for edge in edges:
        ends.update((edge.source, edge.target))
        if changes is None or changes.change_of[edge.id] != ENDED:
            degree[edge.source] += 1
            degree[edge.target] += 1
    connected = {org for edge in network.edges for org in (edge.source, edge.target)}
    shown = [
        org
        for org in orgs.values()
        if org.id in ends or (org.id not in connected and _matches(org, filters))
    ]
    shown.sort(key=lambda org: (org.name.casefold(), org.id))
    return GraphView(
        network=network, filters=filters, nodes=shown, edges=edges, degree=degree, changes=changes
    )


def _keeps(edge: Edge, orgs: dict[int, Org], filters: GraphFilters, wave: str) -> bool:
    """Tell whether `filters` (with `wave` for the wave filter) show the relationship `edge`."""
    if wave and edge.wave != wave:
        return False
    ends = (orgs[edge.source], orgs[edge.target])
    if filters.kinds and not any(org.kind in filters.kinds for org in ends):
        return False
    if filters.states and not any(org.state in filters.states for org in ends):
        return False
    if filters.statuses and edge.type == PARTNERSHIP:
        return edge.status in filters.statuses
    return True


def _matches(org: Org, filters: GraphFilters) -> bool:
    """Tell whether an organization with no relationship matches the kind and state filters."""
    if filters.kinds and org.kind not in filters.kinds:
        return False
    return not (filters.states and org.state not in filters.states)
