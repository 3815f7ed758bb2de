"""Name suggestions for the survey forms, asked for as a visitor types.

The forms used to carry every public name in <datalist>s (2.9 MB per page at 10,000
organizations). Now the page's script asks for a few names matching what was typed.
Without JavaScript the form still works: a typed name is matched on the server.
"""

from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import Organization, OrgKind
from app.models.answers import partnership_label
from app.names import name_key
from app.public import EdgeKind, current_relationships, public_organization_ids
from app.ratelimits import within_rate

LIMIT = 10  # suggestions per answer
KINDS = ("organizations", "brigades", "partnerships")


def suggestions(text: str, kind: str) -> list[str]:
    """Return up to LIMIT public names (or partnership labels) for the typed `text`."""
    key = name_key(text)
    if len(key) < 2:
        return []
    organizations, brigades, partnerships = _queries()
    patterns = {"starts": f"{key}%", "word": f"% {key}%"}
    names = list(db.session.scalars(organizations if kind == "organizations" else brigades,
                                    patterns))  # fmt: skip
    if kind == "partnerships":
        labels = [partnership_label(*row) for row in db.session.execute(partnerships, patterns)]
        names = labels + names
    return names[:LIMIT]


@cache
def _queries() -> tuple[sa.Select, sa.Select, sa.Select]:
    """Build the three suggestion queries once; the typed text is bound as a parameter.

    Built per call, these subqueries cost more than running them (7 ms a request).
    """
    starts: sa.BindParameter[str] = sa.bindparam("starts")
    word: sa.BindParameter[str] = sa.bindparam("word")

    def matches(column):
        """Return the condition: a name key starts with the text, or has a word that does."""
        return sa.or_(column.like(starts), column.like(word))

    first = sa.case((Organization.name_key.like(starts), 0), else_=1)
    organizations = (
        sa.select(Organization.name)
        .where(Organization.id.in_(public_organization_ids()), matches(Organization.name_key))
        .order_by(first, Organization.name)
        .limit(LIMIT)
    )
    brigades = organizations.where(Organization.kind == OrgKind.BRIGADE)
    rel = current_relationships()
    source, target = aliased(Organization), aliased(Organization)
    partnerships = (
        sa.select(source.name, target.name)
        .select_from(rel)
        .join(source, source.id == rel.c.source)
        .join(target, target.id == rel.c.target)
        .where(rel.c.kind == EdgeKind.PARTNERSHIP.value, matches(source.name_key))
        .order_by(source.name, target.name)
        .limit(LIMIT)
    )
    return organizations, brigades, partnerships


def allowed(address: str) -> bool:
    """Count one request from `address`; tell whether it is within SUGGEST_RATE_LIMIT."""
    return within_rate("suggest", "SUGGEST_RATE_LIMIT", address)
