"""Read-only queries over public data: relationships and the list of organizations.

Only approved submissions count, and a relationship is public when both of its ends
are public organizations (app.orgs.services.public_organization_ids). Every function
here runs a fixed number of queries, whatever the size of the network.
"""

import math
from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.graph.filters import GraphFilters
from app.graph.rows import approved
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

PER_PAGE = 50
PARTNERSHIP, LEARNING, INVOLVEMENT = "partnership", "learning", "involvement"
RELATIONSHIP_LABELS = {
    PARTNERSHIP: "Partnership",
    LEARNING: "Learning interest",
    INVOLVEMENT: "Involvement",
}
LIST_SORTS = ("name", "kind", "place", "relationships")


def relationship_union() -> sa.Subquery:
    """Select every public relationship as (type, org_id, partner_id, status, wave_id).

    Partnerships run from the submitter to each partner it named; learning interests
    from the submitter to the organization it wants to learn from; involvement from a
    data intermediary to each local group it works with.
    """
    no_status = sa.cast(sa.null(), PartnershipAnswer.status.type)
    partnerships = (
        sa.select(
            sa.literal_column(f"'{PARTNERSHIP}'").label("type"),
            Submission.organization_id.label("org_id"),
            PartnershipAnswer.partner_id.label("partner_id"),
            PartnershipAnswer.status.label("status"),
            Submission.wave_id.label("wave_id"),
        )
        .join(Submission, PartnershipAnswer.submission)
        .where(approved(SurveyKind.PARTNERSHIP), _not_ended())
    )
    learning = (
        sa.select(
            sa.literal_column(f"'{LEARNING}'"),
            Submission.organization_id,
            LearningInterest.organization_id,
            no_status,
            Submission.wave_id,
        )
        .join(Submission, LearningInterest.submission)
        .where(approved(SurveyKind.PARTNERSHIP), LearningInterest.organization_id.is_not(None))
    )
    involvement = (
        sa.select(
            sa.literal_column(f"'{INVOLVEMENT}'"),
            Submission.organization_id,
            LocalGroupAnswer.organization_id,
            no_status,
            Submission.wave_id,
        )
        .join(Submission, LocalGroupAnswer.submission)
        .where(approved(SurveyKind.INVOLVEMENT))
    )
    union = sa.union_all(partnerships, learning, involvement).subquery("rel_all")
    public = public_organization_ids()
    return (
        sa.select(union)
        .where(union.c.org_id.in_(public), union.c.partner_id.in_(public))
        .where(union.c.org_id != union.c.partner_id)  # a self-reference is no relationship
        .subquery("rel")
    )


def _not_ended():
    """Return the condition: the partnership is not one the answer marks as ended.

    The same rule as app/graph/filters.py: an ended partner is no relationship of its wave.
    """
    return sa.or_(
        PartnershipAnswer.continuity.is_(None), PartnershipAnswer.continuity != Continuity.ENDED
    )


def relationships_of(org_id: int) -> sa.Select:
    """Select (org_id, partner_id) of every public relationship `org_id` is at an end of."""
    rel = relationship_union()
    return sa.select(rel.c.org_id, rel.c.partner_id).where(
        sa.or_(rel.c.org_id == org_id, rel.c.partner_id == org_id)
    )


def public_organization_by_slug(slug: str) -> Organization | None:
    """Return the public organization with this slug, or None."""
    return db.session.scalar(
        sa.select(Organization).where(
            Organization.slug == slug[:100], Organization.id.in_(public_organization_ids())
        )
    )


def waves_with_public_answers() -> list[SurveyWave]:
    """Return the waves that hold approved submissions, newest first."""
    answered = sa.select(Submission.id).where(
        Submission.wave_id == SurveyWave.id, Submission.status == SubmissionStatus.APPROVED
    )
    return list(
        db.session.scalars(
            sa.select(SurveyWave)
            .where(answered.exists())
            .order_by(*SurveyWave.newest_first())
        )
    )


@dataclass(frozen=True)
class ListRow:
    name: str
    slug: str
    kind: OrgKind
    city: str | None
    state: str | None
    relationships: int

    @property
    def place(self) -> str:
        """Return 'City, ST' with whatever parts are known."""
        return ", ".join(part for part in (self.city, self.state) if part)


@dataclass(frozen=True)
class ListPage:
    rows: list[ListRow]
    total: int
    page: int
    pages: int


def _like(text: str) -> str:
    """Return a LIKE pattern finding `text` anywhere, with its wildcards escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _list_order(sort: str, descending: bool, degree, name) -> list:
    """Return the ORDER BY terms of the organization list; the name breaks ties."""
    kind_label = sa.case({kind: kind.label for kind in OrgKind}, value=Organization.kind)
    no_place = sa.case((Organization.state.is_(None), 1), else_=0)
    keys = {
        "name": [name],
        "kind": [kind_label],
        "place": [Organization.state, sa.func.lower(Organization.city)],
        "relationships": [degree],
    }[sort]
    if descending:
        keys = [key.desc() for key in keys]
    if sort == "place":
        keys.insert(0, no_place)  # organizations with no known place come last either way
    return [*keys, name, Organization.id]


def organization_list(
    *, q: str, filters: GraphFilters, sort: str, descending: bool, page: int
) -> ListPage:
    """Return one page of public organizations matching the search and kind/state filters."""
    rel = relationship_union()
    ends = sa.union_all(
        sa.select(rel.c.org_id.label("id")), sa.select(rel.c.partner_id.label("id"))
    ).subquery("ends")
    degrees = (
        sa.select(ends.c.id, sa.func.count().label("n")).group_by(ends.c.id).subquery("degrees")
    )
    degree = sa.func.coalesce(degrees.c.n, 0)
    conditions = [Organization.id.in_(public_organization_ids())]
    if q:
        pattern = _like(q)
        conditions.append(
            sa.or_(
                Organization.name.ilike(pattern, escape="\\"),
                Organization.city.ilike(pattern, escape="\\"),
            )
        )
    if filters.kinds:
        conditions.append(Organization.kind.in_([OrgKind(kind) for kind in filters.kinds]))
    if filters.states:
        conditions.append(Organization.state.in_(list(filters.states)))
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(Organization).where(*conditions)
    )
    pages = max(1, math.ceil((total or 0) / PER_PAGE))
    page = min(max(page, 1), pages)
    name = sa.func.lower(Organization.name)
    rows = db.session.execute(
        sa.select(
            Organization.name,
            Organization.slug,
            Organization.kind,
            Organization.city,
            Organization.state,
            degree,
        )  # fmt: skip
        .outerjoin(degrees, degrees.c.id == Organization.id)
        .where(*conditions)
        .order_by(*_list_order(sort, descending, degree, name))
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    ).all()
    return ListPage(rows=[ListRow(*row) for row in rows], total=total or 0, page=page, pages=pages)
