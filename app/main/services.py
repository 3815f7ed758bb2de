"""Figures for the home page, from approved data only."""

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Organization,
    OrgKind,
    PartnershipAnswer,
    Submission,
    SubmissionStatus,
)
from app.orgs.services import public_organization_ids


def network_totals() -> dict[str, int]:
    """Count approved brigades, other organizations and partnerships."""
    by_kind = dict(
        db.session.execute(
            sa.select(Organization.kind, sa.func.count())
            .where(Organization.id.in_(public_organization_ids()))
            .group_by(Organization.kind)
        ).all()
    )
    partnerships = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(PartnershipAnswer)
        .join(Submission)
        .where(Submission.status == SubmissionStatus.APPROVED)
    )
    brigades = by_kind.get(OrgKind.BRIGADE, 0)
    return {
        "brigades": brigades,
        "partners": sum(by_kind.values()) - brigades,
        "partnerships": partnerships or 0,
    }
