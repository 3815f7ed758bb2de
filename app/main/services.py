"""Figures for the home page, counted by the same rules as the map (app/public.py)."""

import sqlalchemy as sa

from app.extensions import db
from app.models import Organization, OrgKind
from app.public import EdgeKind, current_relationships, public_organization_ids


def network_totals() -> dict[str, int]:
    """Count public brigades, other public organizations and partnerships."""
    by_kind = dict(
        db.session.execute(
            sa.select(Organization.kind, sa.func.count())
            .where(Organization.id.in_(public_organization_ids()))
            .group_by(Organization.kind)
        ).all()
    )
    rel = current_relationships()
    partnerships = db.session.scalar(
        sa.select(sa.func.count()).select_from(rel).where(rel.c.kind == EdgeKind.PARTNERSHIP.value)
    )
    brigades = by_kind.get(OrgKind.BRIGADE, 0)
    return {
        "brigades": brigades,
        "partners": sum(by_kind.values()) - brigades,
        "partnerships": partnerships or 0,
    }
