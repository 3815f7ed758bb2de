"""Organizations under review: likely duplicates, mapping and merging."""

from collections.abc import Sequence

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.inputs import site_path
from app.models import Organization, OrganizationAlias, Submission
from app.moderation.forms import MergeForm
from app.orgs.duplicates import likely_duplicates
from app.orgs.merge import MergeRefused, merge_organizations


def organization(org_id: int):
    """Show an organization with its aliases, submissions and likely duplicates."""
    org = db.session.get(Organization, org_id) or abort(404)
    query = request.args.get("q", "").strip()[:200]
    matches: Sequence[Organization] = []
    if query:
        matches = db.session.scalars(
            sa.select(Organization)
            .where(Organization.id != org.id, Organization.name.ilike(f"%{query}%"))
            .order_by(Organization.name)
            .limit(20)
        ).all()
    return render_template(
        "moderation/organization.html",
        org=org,
        aliases=db.session.scalars(
            sa.select(OrganizationAlias).where(OrganizationAlias.organization_id == org.id)
        ).all(),
        submissions=db.session.scalars(
            sa.select(Submission)
            .where(Submission.organization_id == org.id)
            .order_by(Submission.created_at.desc())
        ).all(),
        duplicates=likely_duplicates(org),
        query=query,
        matches=matches,
        form=MergeForm(),
    )


def merge(org_id: int):
    """Fold this organization into the chosen one; its name is kept as an alias."""
    source = db.session.get(Organization, org_id) or abort(404)
    form = MergeForm()
    target = db.session.get(Organization, form.target_id.data) if form.validate() else None
    if target is None:
        flash(_("Choose the organization to merge into."), "error")
        return redirect(url_for(".organization", org_id=org_id), 303)
    source_name, target_id = source.name, target.id
    try:
        merge_organizations(source, target, current_user)
    except MergeRefused as refused:
        flash(str(refused), "error")
        return redirect(url_for(".organization", org_id=org_id), 303)
    flash(
        _(
            "“%(source)s” merged into “%(target)s”; its answers moved with it.",
            source=source_name,
            target=target.name,
        ),
        "ok",
    )
    back = site_path(request.form.get("back"), under=url_for(".queue") + "submissions/")
    if back:
        return redirect(back, 303)
    return redirect(url_for(".organization", org_id=target_id), 303)
