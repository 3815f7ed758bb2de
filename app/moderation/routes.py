"""The review queue, a submission's review page, and decisions."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.i18n import N_
from app.inputs import parse_id
from app.models import AuditEvent, OrgStatus, Submission, SubmissionStatus, SurveyKind
from app.moderation import log_routes, org_routes  # noqa: F401  (their views join bp)
from app.moderation import services as moderation
from app.moderation.blueprint import bp
from app.moderation.bulk import CONFIRM_FIRST as BULK_CONFIRM_FIRST
from app.moderation.bulk import BulkResult, bulk_decide, bulk_preview
from app.moderation.forms import BulkDecisionForm, CombineForm, DecisionForm, read_selection
from app.moderation.queue import (
    QueueFilters,
    all_waves,
    next_in_queue,
    queue_page,
    queue_size,
    read_filters,
    waiting_counts,
)
from app.moderation.replacing import (
    ReplacementUnconfirmed,
    read_confirmed,
    replacements,
    replacing_in,
)
from app.moderation.versions import versions_with_changes
from app.moderation.workflow import (
    CONFIRM_FIRST,
    NOTE_REQUIRED,
    QUEUE_DECISIONS,
    IllegalTransition,
    Transition,
    answers_refusal,
    available_decisions,
)
from app.orgs.duplicates import likely_duplicates_of
from app.surveys.mapping import form_data
from app.surveys.services import load_submission

__all__ = ["bp"]

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
# What a moderator is told once a decision is applied, and when it had been already.
DECISION_DONE = {
    Transition.APPROVE: N_("Submission #%(id)s approved."),
    Transition.REJECT: N_("Submission #%(id)s rejected."),
    Transition.REQUEST_CHANGES: N_("Submission #%(id)s sent back for changes."),
    Transition.UNPUBLISH: N_("Submission #%(id)s unpublished."),
    Transition.REPUBLISH: N_("Submission #%(id)s published again."),
}
DECISION_ALREADY = {
    Transition.APPROVE: N_("Already approved; nothing changed."),
    Transition.REJECT: N_("Already rejected; nothing changed."),
    Transition.REQUEST_CHANGES: N_("Already sent back for changes; nothing changed."),
    Transition.UNPUBLISH: N_("Already unpublished; nothing changed."),
    Transition.REPUBLISH: N_("Already published again; nothing changed."),
}


@bp.get("/")
def queue():
    """List what waits for review, oldest first, with filters and counts."""
    filters, problems = read_filters(request.args)
    for problem in problems:
        flash(problem, "error")
    page = queue_page(filters)
    return render_template(
        "moderation/queue.html",
        filters=filters,
        page=page,
        replacing=replacing_in(page.items),
        counts=waiting_counts(),
        waves=all_waves(),
        statuses=list(SubmissionStatus),
        kinds=list(SurveyKind),
        bulk_form=BulkDecisionForm(),
        queue_args=filters.carried(),
    )


@bp.post("/bulk")
def bulk_decision():
    """Approve or reject every ticked submission that has not changed meanwhile."""
    form = BulkDecisionForm()
    selection = read_selection(request.form.getlist("selected"))
    back = request.form.get("back") or url_for(".queue")
    if not back.startswith("/moderation"):
        back = url_for(".queue")
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(map(str, errors)), "error")
        return redirect(back, 303)
    if not selection:
        flash(_("Tick at least one submission first."), "error")
        return redirect(back, 303)
    transition = moderation.Transition(form.decision.data)
    if transition in BULK_CONFIRM_FIRST and not form.is_confirmed:
        preview = bulk_preview(selection, transition)
        if preview.done:
            return _confirm_bulk_reject(form, request.form.getlist("selected"), preview, back)
    result = bulk_decide(selection, transition, current_user, form.note.data)
    done = len(result.done)
    if form.decision.data == "approve":
        message = ngettext(
            "%(num)d submission(s) approved.", "%(num)d submission(s) approved.", done
        )
    else:
        message = ngettext(
            "%(num)d submission(s) rejected.", "%(num)d submission(s) rejected.", done
        )
    flash(message, "ok")
    for message in bulk_report(result):
        flash(message, "error")
    return redirect(back, 303)


def bulk_report(result: BulkResult) -> list[str]:
    """Say which ticked submissions were left as they were, and why."""
    messages = []
    if result.needs_decision:
        messages.append(
            _(
                "Left out #%(ids)s: approving would replace published answers from another "
                "submission. Open each to see what would change and decide there.",
                ids=", #".join(map(str, result.needs_decision)),
            )
        )
    if result.skipped:
        messages.append(
            ngettext(
                "%(num)d skipped because someone changed them first (#%(ids)s): "
                "reload to see them as they are now.",
                "%(num)d skipped because someone changed them first (#%(ids)s): "
                "reload to see them as they are now.",
                len(result.skipped),
                ids=", #".join(map(str, result.skipped)),
            )
        )
    messages += [
        _("#%(id)s left as it was: %(reason)s", id=number, reason=reason)
        for number, reason in result.refused
    ]
    return messages


def _confirm_bulk_reject(form: BulkDecisionForm, ticked: list[str], preview: BulkResult, back):
    """Render the page asking to confirm a bulk reject; nothing is stored."""
    count = len(preview.done)
    return render_template(
        "moderation/confirm.html",
        title=ngettext("Reject %(num)d submission?", "Reject %(num)d submissions?", count),
        consequences=[
            ngettext(
                "Its submitter is told; nothing is published.",
                "Their submitters are told; nothing is published.",
                count,
            ),
            _("Reason (moderators only): %(note)s", note=form.note.data),
            *bulk_report(preview),
        ],
        action=url_for(".bulk_decision"),
        fields=[("decision", "reject"), ("note", form.note.data), ("back", back)]
        + [("selected", value) for value in ticked[:500]],
        confirm_label=ngettext("Reject %(num)d submission", "Reject %(num)d submissions", count),
        cancel=back,
    )


@bp.get("/submissions/<id:submission_id>")
def submission(submission_id: int):
    """Show everything about one submission, with the decisions open for it."""
    return _review_page(_load(submission_id))


@bp.post("/submissions/<id:submission_id>/decide")
def decide(submission_id: int):
    """Apply one decision, unless the submission changed since the moderator saw it."""
    item = _load(submission_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _review_page(item, form=form), 422
    if form.transition in CONFIRM_FIRST and not form.is_confirmed:
        return _confirm_decision(item, form)
    try:
        applied = moderation.decide(
            item,
            form.transition,
            current_user,
            form.version.data,
            form.note.data,
            confirmed_replacing=read_confirmed(form.replacing.data),
        )
    except (moderation.DecisionConflict, IllegalTransition, ReplacementUnconfirmed) as refused:
        return _review_page(_load(submission_id), conflict=str(refused)), 409
    if applied:
        message = _(DECISION_DONE[form.transition], id=item.id)
    else:
        message = _(DECISION_ALREADY[form.transition])
    flash(message, "ok")
    filters = _carried_filters()
    if form.go_next:
        return _go_next(item, filters)
    return redirect(url_for(".submission", submission_id=submission_id, **filters.carried()), 303)


def _confirm_decision(item: Submission, form: DecisionForm):
    """Render the page asking to confirm an unpublish; nothing is stored."""
    named = len(item.partnerships) + len(item.local_groups)
    back = url_for(".submission", submission_id=item.id, **_carried_filters().carried())
    return render_template(
        "moderation/confirm.html",
        title=_(
            "Unpublish submission #%(id)s from %(organization)s?",
            id=item.id,
            organization=item.organization.name,
        ),
        consequences=[
            ngettext(
                "Its answers and the %(num)d relationship they name leave the public map, "
                "pages, API and downloads now.",
                "Its answers and the %(num)d relationships they name leave the public map, "
                "pages, API and downloads now.",
                named,
            ),
            _("Its submitter is told by mail. You can publish it again later."),
        ],
        action=url_for(".decide", submission_id=item.id, **_carried_filters().carried()),
        fields=[
            ("decision", form.decision.data),
            ("version", form.version.data),
            ("note", form.note.data),
            ("then", form.then.data),
        ],
        confirm_label=_("Unpublish submission #%(id)s", id=item.id),
        cancel=back,
    )


def _carried_filters() -> QueueFilters:
    """Return the queue filters a review page carries in its URL."""
    return read_filters(request.args)[0]


def _go_next(item: Submission, filters: QueueFilters):
    """Redirect to the submission after `item` in the queue, or to the queue at its end."""
    following = next_in_queue(filters, item)
    if following is not None:
        return redirect(url_for(".submission", submission_id=following, **filters.carried()), 303)
    left = queue_size(filters)
    if left:
        flash(
            ngettext(
                "That was the last submission of the queue; %(num)d still matches it.",
                "That was the last submission of the queue; %(num)d still match it.",
                left,
            ),
            "ok",
        )
    else:
        flash(_("The queue is empty: nothing more matches it."), "ok")
    return redirect(url_for(".queue", **filters.carried()), 303)


@bp.post("/submissions/<id:submission_id>/combine")
def combine(submission_id: int):
    """Approve the answers with the partners of the published ones they would replace."""
    item = _load(submission_id)
    form = CombineForm()
    if not form.validate_on_submit():
        return _review_page(item, conflict=_("Reload the page and choose again.")), 422
    try:
        added = moderation.combine_and_approve(
            item,
            current_user,
            form.version.data,
            read_confirmed(form.replacing.data),
            form.note.data,
        )
    except (moderation.DecisionConflict, IllegalTransition, ReplacementUnconfirmed) as refused:
        return _review_page(_load(submission_id), conflict=str(refused)), 409
    if added:
        message = _(
            "Submission #%(id)s approved with %(names)s kept from the answers it replaces.",
            id=item.id,
            names=", ".join(added),
        )
    else:
        message = _("Submission #%(id)s approved.", id=item.id)
    flash(message, "ok")
    filters = _carried_filters()
    return redirect(url_for(".submission", submission_id=submission_id, **filters.carried()), 303)


def _load(submission_id: int) -> Submission:
    """Return the submission with its answers loaded, or 404."""
    # Load the answers the same way the submitter's status page does.
    return load_submission(Submission.id == submission_id) or abort(404)


def _review_page(item: Submission, form: DecisionForm | None = None, conflict: str = ""):
    """Render the review page of `item`."""
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
    filters = _carried_filters()
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
    )


@bp.route("/submissions/<id:submission_id>/edit", methods=["GET", "POST"])
def edit(submission_id: int):
    """Correct a waiting submission's answers; the earlier answers are kept as a version."""
    from app.surveys.routes import SURVEYS, render_survey_form

    item = _load(submission_id)
    refused = answers_refusal(item)
    if refused:
        flash(refused, "error")
        return redirect(url_for(".submission", submission_id=item.id), 303)
    survey = SURVEYS[item.survey_kind]
    if request.method == "GET":
        form = survey.form(data=form_data(item) | {"seen_version": item.version})
    else:
        form = survey.form()
    back = url_for(".submission", submission_id=item.id)
    list_action = request.method == "POST" and form.apply_list_action(
        request.form.get("list_action")
    )
    if request.method == "GET" or list_action or not form.validate_on_submit():
        refused = form.is_submitted() and not list_action
        return render_survey_form(item.survey_kind, form, item.wave, item, back, refused=refused)
    try:
        seen = parse_id(form.seen_version.data) or 0
        moderation.edit_answers(item, survey.read(form), current_user, seen)
    except (moderation.DecisionConflict, IllegalTransition) as refused:
        return _review_page(_load(submission_id), conflict=str(refused)), 409
    flash(_("Answers corrected; the earlier ones are kept under Versions."), "ok")
    return redirect(back, 303)
