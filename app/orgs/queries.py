"""Read-only queries over public data: an organization's relationships and the list.

What is public, and what one relationship is, are app/public.py's rules. Every function
here runs a fixed number of queries, whatever the size of the network.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination

from app.extensions import db
from app.graph.filters import GraphFilters
from app.models import (
    Organization,
    OrgKind,
)
from app.pagination import paginate
from app.public import current_relationships, public_organization_ids

LIST_SORTS = ("name", "kind", "place", "relationships")


def relationships_of(org_id: int) -> sa.Select:
    """Select (org_id, partner_id) of every public relationship `org_id` is at an end of."""
    rel = current_relationships()
    return sa.select(rel.c.source.label("org_id"), rel.c.target.label("partner_id")).where(
        sa.or_(rel.c.source == org_id, rel.c.target == org_id)
    )


def public_organization_by_slug(slug: str) -> Organization | None:
    """Return the public organization with this slug, or None."""
    return db.session.scalar(
        sa.select(Organization).where(
            Organization.slug == slug[:100], Organization.id.in_(public_organization_ids())
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


def _degrees(among=None) -> sa.Subquery:
    """Select (id, n): each organization's number of public relationships (of `among`'s)."""
    # Named once (a CTE): each end's half of the union reads the same relationships.
    rel = sa.select(current_relationships(among)).cte("counted")
    ends = sa.union_all(
        sa.select(rel.c.source.label("id")), sa.select(rel.c.target.label("id"))
    ).subquery("ends")
    return sa.select(ends.c.id, sa.func.count().label("n")).group_by(ends.c.id).subquery("degrees")


def organization_list(
    *, q: str, filters: GraphFilters, sort: str, descending: bool, page: int
) -> Pagination:
    """Return one page of public organizations (ListRow items) matching the search and filters.

    Counting every organization's relationships reads the whole network: only a list
    sorted by them does it; otherwise they are counted for the page's organizations alone.
    """
    conditions: list[sa.ColumnElement[bool]] = [Organization.id.in_(public_organization_ids())]
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
    name = sa.func.lower(Organization.name)
    ordered = sa.select(Organization.id).where(*conditions)
    degree = None
    if sort == "relationships":
        degrees = _degrees()
        degree = sa.func.coalesce(degrees.c.n, 0)
        ordered = ordered.outerjoin(degrees, degrees.c.id == Organization.id)
    result = paginate(ordered.order_by(*_list_order(sort, descending, degree, name)), page)
    result.items = _list_rows(result.items)
    return result


def _list_rows(org_ids: list[int]) -> list[ListRow]:
    """Return the list's rows of these organizations, in this order, with their degrees."""
    degrees = _degrees(among=org_ids)
    rows = {
        row.id: ListRow(*row[1:])
        for row in db.session.execute(
            sa.select(
                Organization.id,
                Organization.name,
                Organization.slug,
                Organization.kind,
                Organization.city,
                Organization.state,
                sa.func.coalesce(degrees.c.n, 0),
            )  # fmt: skip
            .outerjoin(degrees, degrees.c.id == Organization.id)
            .where(Organization.id.in_(org_ids))
        )
    }
    return [rows[org_id] for org_id in org_ids]
