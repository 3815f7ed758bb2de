"""Merging two organizations: every answer moves, and the old name becomes an alias."""

import sqlalchemy as sa
from flask_babel import gettext as _

from app.audit import Action, record
from app.extensions import db
from app.models import (
    AuditEvent,
    LearningInterest,
    LocalGroupAnswer,
    Organization,
    OrganizationAlias,
    OrgStatus,
    PartnershipAnswer,
    Submission,
    User,
)
from app.network import bump_revision, lock_network_revision

# Every column that points at an organization, moved by a merge.
ORGANIZATION_COLUMNS = [
    Submission.organization_id,
    PartnershipAnswer.partner_id,
    LocalGroupAnswer.organization_id,
    LearningInterest.organization_id,
    LearningInterest.partner_id,
    AuditEvent.organization_id,
    OrganizationAlias.organization_id,
]


class MergeRefused(Exception):
    """The merge cannot be done; the message says why."""


def merge_organizations(source: Organization, target: Organization, actor: User) -> None:
    """Fold `source` into `target`: answers move, `source`'s name becomes an alias."""
    if source.id == target.id:
        raise MergeRefused(_("An organization cannot be merged into itself."))
    lock_network_revision()  # before any write: one lock order (app/network.py)
    for column in ORGANIZATION_COLUMNS:
        db.session.execute(
            sa.update(column.class_)
            .where(column == source.id)
            .values({column.key: target.id})
            .execution_options(synchronize_session=False)
        )
    db.session.add(
        OrganizationAlias(organization_id=target.id, name=source.name, name_key=source.name_key)
    )
    # A reviewed organization stays public even when merged into a pending one.
    if source.status is OrgStatus.APPROVED:
        target.status = OrgStatus.APPROVED
    for field in ("city", "state", "latitude", "longitude", "website"):
        if getattr(target, field) is None and getattr(source, field) is not None:
            setattr(target, field, getattr(source, field))
    record(
        Action.ORG_MERGE,
        actor,
        organization=target,
        note=f"Merged “{source.name}” (#{source.id}) into “{target.name}” (#{target.id}).",
    )
    db.session.delete(source)
    bump_revision()
    db.session.commit()
    db.session.expire_all()
