"""The review queue and its bulk decisions (the review page, organizations and the audit
log have view modules of their own; blueprint.py holds every URL rule)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.inputs import site_path
from app.models import SubmissionStatus, SurveyKind
from app.moderation import services as moderation
from app.moderation.bulk import CONFIRM_FIRST as BULK_CONFIRM_FIRST
from app.moderation.bulk import BulkResult, bulk_decide, bulk_preview
from app.moderation.forms import BulkDecisionForm, read_selection
from app.moderation.queue import queue_page, read_filters, waiting_counts
from app.moderation.replacing import replacing_in
from app.partners.review import queue_marks
from app.waves.rules import all_waves


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
        partner_marks=queue_marks([item.id for item in page.items]),
        counts=waiting_counts(),
        waves=all_waves(),
        statuses=list(SubmissionStatus),
        kinds=list(SurveyKind),
        bulk_form=BulkDecisionForm(),
        queue_args=filters.carried(),
    )


def bulk_decision():
    """Approve or reject every ticked submission that has not changed meanwhile."""
    form = BulkDecisionForm()
    selection = read_selection(request.form.getlist("selected"))
    back = site_path(request.form.get("back"), under=url_for(".queue")) or url_for(".queue")
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
    result = bulk_decide(selection, transition, current_user, form.note.data or "")
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
