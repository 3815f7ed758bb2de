"""Name suggestions for the survey forms, asked for as a visitor types.

The forms used to carry every public name in <datalist>s (2.9 MB per page at 10,000
organizations). Now the page's script asks for a few names matching what was typed.
Without JavaScript the form still works: a typed name is matched on the server.
"""

import sqlalchemy as sa
from flask import current_app
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import Organization, OrgKind
from app.models.answers import partnership_label
from app.names import name_key
from app.public import EdgeKind, current_relationships, public_organization_ids

LIMIT = 10  # suggestions per answer
KINDS = ("organizations", "brigades", "partnerships")
RATE = parse("120 per minute")  # per address: typing, not harvesting
EXTENSION_KEY = "constellation.suggest_limiter"


def suggestions(text: str, kind: str) -> list[str]:
    """Return up to LIMIT public names (or partnership labels) for the typed `text`."""
    key = name_key(text)
    if len(key) < 2:
        return []
    names = _organization_names(key, brigades_only=kind != "organizations")
    if kind == "partnerships":
        names = _partnership_labels(key) + names
    return names[:LIMIT]


def _matches(column, key: str):
    """Return the condition: a name key starts with `key`, or has a word that does."""
    return sa.or_(column.like(f"{key}%"), column.like(f"% {key}%"))


def _organization_names(key: str, brigades_only: bool) -> list[str]:
    """Return public organization names matching `key`, those starting with it first."""
    query = sa.select(Organization.name).where(
        Organization.id.in_(public_organization_ids()), _matches(Organization.name_key, key)
    )
    if brigades_only:
        query = query.where(Organization.kind == OrgKind.BRIGADE)
    starts = sa.case((Organization.name_key.like(f"{key}%"), 0), else_=1)
    return list(db.session.scalars(query.order_by(starts, Organization.name).limit(LIMIT)))


def _partnership_labels(key: str) -> list[str]:
    """Return 'Organization — Partner' labels of public partnerships whose first name matches."""
    rel = current_relationships()
    source, target = aliased(Organization), aliased(Organization)
    rows = db.session.execute(
        sa.select(source.name, target.name)
        .select_from(rel)
        .join(source, source.id == rel.c.source)
        .join(target, target.id == rel.c.target)
        .where(rel.c.kind == EdgeKind.PARTNERSHIP.value, _matches(source.name_key, key))
        .order_by(source.name, target.name)
        .limit(LIMIT)
    )
    return [partnership_label(organization, partner) for organization, partner in rows]


def allowed(address: str) -> bool:
    """Count one request from `address`; tell whether it is within the rate.

    Counted in memory, or in Redis when the sign-in throttle uses Redis: never in the
    database, since a GET writes nothing there.
    """
    limiter = current_app.extensions.get(EXTENSION_KEY)
    if limiter is None:
        url = current_app.config["RATELIMIT_STORAGE_URL"]
        storage = storage_from_string(url if url.startswith("redis") else "memory://")
        limiter = current_app.extensions.setdefault(
            EXTENSION_KEY, MovingWindowRateLimiter(storage)
        )
    return limiter.hit(RATE, "constellation-suggest", address or "unknown")
