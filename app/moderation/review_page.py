"""One submission's review page: loading the submission, its decision labels, rendering it.

The views in review_views show this page, and show it again with the reason when a
decision or correction is refused; the queue filters the moderator came with stay in its URL.
"""

import sqlalchemy as sa
from flask import abort, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from app.contacts.services import contact_of
from app.extensions import db
from app.models import AuditEvent, OrgStatus, Submission
from app.moderation.forms import CombineForm, DecisionForm, PrivateMarkForm
from app.moderation.private_marks import markable
from app.moderation.queue import QueueFilters, next_in_queue, read_filters
from app.moderation.replacing import replacements
from app.orgs.duplicates import likely_duplicates_of
from app.submissions.services import load_submission
from app.submissions.versions import versions_with_changes
from app.submissions.workflow import (
    NOTE_REQUIRED,
    QUEUE_DECISIONS,
    answers_refusal,
    available_decisions,
)

# "… and go to next": the same decision, then the next submission of the queue.
NEXT_LABELS = {
    "approve": _l("Approve and go to next"),
    "reject": _l("Reject and go to next"),
    "request_changes": _l("Ask for changes and go to next"),
}
DECISION_LABELS = {
    "approve": _l("Approve and publish"),
    "reject": _l("Reject"),
    "request_changes": _l("Ask for changes"),
    "unpublish": _l("Unpublish"),
    "republish": _l("Publish again"),
}


def carried_filters() -> QueueFilters:
    """Return the queue filters a review page carries in its URL."""
    return read_filters(request.args)[0]


def load_for_review(submission_id: int) -> Submission:
    """Return the submission with its answers loaded, or 404."""
    # Load the answers the same way the submitter's status page does.
    return load_submission(Submission.id == submission_id) or abort(404)


def render_review_page(
    item: Submission,
    form: DecisionForm | None = None,
    conflict: str = "",
    mark_form: PrivateMarkForm | None = None,
):
    """Render the review page of `item` (`mark_form`: a refused change of marks, shown again)."""
    history = db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.submission_id == item.id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    ).all()
    earlier = db.session.scalars(
        sa.select(Submission)
        .where(Submission.organization_id == item.organization_id, Submission.id != item.id)
        .options(selectinload(Submission.wave))
        .order_by(Submission.created_at.desc())
    ).all()
    pending_orgs = {
        org.id: org
        for org in [item.organization, *(p.partner for p in item.partnerships)]
        + [g.organization for g in item.local_groups]
        if org.status is OrgStatus.PENDING
    }
    filters = carried_filters()
    return render_template(
        "moderation/submission.html",
        submission=item,
        decisions=available_decisions(item),
        correctable=answers_refusal(item) is None,
        decision_labels=DECISION_LABELS,
        next_labels={t.value: NEXT_LABELS[t.value] for t in QUEUE_DECISIONS},
        queue_args=filters.carried(),
        next_id=next_in_queue(filters, item),
        note_required=NOTE_REQUIRED,
        form=form or DecisionForm(),
        conflict=conflict,
        history=history,
        earlier=earlier,
        versions=versions_with_changes(item),
        duplicates=likely_duplicates_of(list(pending_orgs.values())),
        pending_orgs=pending_orgs,
        replacements=replacements(item),
        combine_form=CombineForm(),
        markable=markable(item),
        mark_form=mark_form,
        contact=contact_of(item.organization_id, item.contact_email),
    )
