"""Finding, creating and cleaning up organizations named in survey answers."""

import hashlib
from collections.abc import Iterable
from typing import cast

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Organization,
    OrganizationAlias,
    OrgKind,
    OrgStatus,
)
from app.names import clean_text, name_key, slugify
from app.public import organization_references

# Names the advisory locks of new organizations' slugs on PostgreSQL (any constant).
NEW_NAME_LOCK_CLASS = 7_460_212
# On SQLite a write statement takes the database's one write lock until the transaction
# ends, even when it changes no row: the cheapest way to wait for other writers.
SQLITE_WRITE_LOCK = sa.text("UPDATE network_revision SET id = id WHERE 0")


def find_organization(name: str, state: str | None = None) -> Organization | None:
    """Return the organization whose normalized name matches `name`, if any.

    Approved organizations win over pending ones, then one in `state`, then the oldest.
    """
    key = name_key(name)
    if not key:
        return None
    candidates = db.session.scalars(
        sa.select(Organization).where(Organization.name_key == key).order_by(Organization.id)
    ).all()
    if not candidates:
        # A name that a merge folded into another organization still finds it.
        candidates = db.session.scalars(
            sa.select(Organization)
            .join(OrganizationAlias, OrganizationAlias.organization_id == Organization.id)
            .where(OrganizationAlias.name_key == key)
            .order_by(Organization.id)
        ).all()
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda org: (org.status is not OrgStatus.APPROVED, bool(state) and org.state != state),
    )


def unique_slug(name: str) -> str:
    """Return a slug for `name` that no organization uses yet."""
    base = slugify(name)
    taken = set(
        db.session.scalars(
            sa.select(Organization.slug).where(
                sa.or_(Organization.slug == base, Organization.slug.like(f"{base}-%"))
            )
        )
    )
    slug, counter = base, 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    return slug


def get_or_create_organization(
    name: str,
    kind: OrgKind | None,
    *,
    city: str | None = None,
    state: str | None = None,
    website: str | None = None,
    status: OrgStatus = OrgStatus.PENDING,
) -> Organization:
    """Return the organization called `name`, creating it (pending review) if unknown."""
    name = clean_text(name)
    existing = find_organization(name, state)
    if existing is not None:
        return existing
    # Two answers naming the same new organization at once must make one of it, not two
    # (or fail on its slug): the second waits here for the first's commit, then finds it.
    _lock_new_name(slugify(name))
    existing = find_organization(name, state)
    if existing is not None:
        return existing
    org = Organization(
        name=name,
        name_key=name_key(name),
        slug=unique_slug(name),
        kind=kind or OrgKind.OTHER,
        status=status,
        city=clean_text(city) or None,
        state=state or None,
        website=website or None,
    )
    db.session.add(org)
    db.session.flush()  # later lookups in the same submission must find it
    return org


def _lock_new_name(slug: str) -> None:
    """Hold, until this transaction ends, the lock on creating organizations slugged `slug`."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        digest = hashlib.sha256(slug.encode()).digest()
        key = int.from_bytes(digest[:4], "big", signed=True)
        connection.execute(
            sa.text("SELECT pg_advisory_xact_lock(:kind, :key)"),
            {"kind": NEW_NAME_LOCK_CLASS, "key": key},
        )
    else:
        connection.execute(SQLITE_WRITE_LOCK)


def discard_unused_pending(org_ids: Iterable[int]) -> int:
    """Delete pending organizations among `org_ids` that no answer names any more."""
    candidates = set(org_ids)
    if not candidates:
        return 0
    db.session.flush()
    referenced = sa.union(*organization_references()).subquery()
    still_used = set(
        db.session.scalars(
            sa.select(referenced.c.org_id).where(referenced.c.org_id.in_(candidates))
        )
    )
    unused = candidates - still_used
    if not unused:
        return 0
    # A DELETE or UPDATE gives a CursorResult, with its rowcount; Session.execute says Result.
    result = cast(
        sa.CursorResult,
        db.session.execute(
            sa.delete(Organization).where(
                Organization.id.in_(unused), Organization.status == OrgStatus.PENDING
            )
        ),
    )
    return result.rowcount
