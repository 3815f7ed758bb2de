"""Matching a typed learning interest to a public organization or partnership on the map.

Only the names in the text are looked up, so the cost does not grow with the network.
"""

import re

import sqlalchemy as sa

from app.extensions import db
from app.models import Organization
from app.orgs.services import find_organization
from app.public import EdgeKind, current_relationships, organization_is_public

# "Organization — Partner", as suggested; typed with any dash between spaces.
LABEL_SEPARATOR = re.compile(r"\s+[—–-]\s+")


def match_interest(text: str) -> tuple[int, int | None] | None:
    """Return what a learning interest names: (organization, partner) of a public
    partnership, (organization, None) for a public organization, or None.

    Only the names in `text` are looked up, so the cost does not grow with the network.
    """
    for separator in LABEL_SEPARATOR.finditer(text):
        org = _public_named(text[: separator.start()])
        partner = _public_named(text[separator.end() :])
        if org and partner and _partnership_is_public(org.id, partner.id):
            return org.id, partner.id
    org = _public_named(text)
    return (org.id, None) if org else None


def _public_named(name: str) -> Organization | None:
    """Return the public organization called `name`, if there is one."""
    org = find_organization(name)
    return org if org is not None and organization_is_public(org.id) else None


def _partnership_is_public(org_id: int, partner_id: int) -> bool:
    """Tell whether `org_id` names `partner_id` as a partner in public answers."""
    rel = current_relationships()
    return bool(
        db.session.scalar(
            sa.select(
                sa.exists().where(
                    rel.c.kind == EdgeKind.PARTNERSHIP.value,
                    rel.c.source == org_id,
                    rel.c.target == partner_id,
                )
            )
        )
    )
