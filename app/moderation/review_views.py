"""The views of one submission's review: its page, decisions, combining and correcting answers."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.forms import required
from app.i18n import N_
from app.inputs import parse_id
from app.models import Submission
from app.moderation import private_marks
from app.moderation import services as moderation
from app.moderation.forms import CombineForm, DecisionForm, PrivateMarkForm
from app.moderation.queue import QueueFilters, next_in_queue, queue_size
from app.moderation.replacing import ReplacementUnconfirmed, read_confirmed
from app.moderation.review_page import carried_filters, load_for_review, render_review_page
from app.submissions.form_data import form_data
from app.submissions.workflow import CONFIRM_FIRST, IllegalTransition, Transition, answers_refusal
from app.surveys.taking import FormPlace, take_survey_form

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


def submission(submission_id: int):
    """Show everything about one submission, with the decisions open for it."""
    return render_review_page(load_for_review(submission_id))


def decide(submission_id: int):
    """Apply one decision, unless the submission changed since the moderator saw it."""
    item = load_for_review(submission_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        return render_review_page(item, form=form), 422
    if form.transition in CONFIRM_FIRST and not form.is_confirmed:
        return _confirm_decision(item, form)
    try:
        applied = moderation.decide(
            item,
            form.transition,
            current_user,
            required(form.version.data),
            form.note.data or "",
            confirmed_replacing=read_confirmed(form.replacing.data),
        )
    except (moderation.DecisionConflict, IllegalTransition, ReplacementUnconfirmed) as refused:
        return render_review_page(load_for_review(submission_id), conflict=str(refused)), 409
    if applied:
        message = _(DECISION_DONE[form.transition], id=item.id)
    else:
        message = _(DECISION_ALREADY[form.transition])
    flash(message, "ok")
    filters = carried_filters()
    if form.go_next:
        return _go_next(item, filters)
    return redirect(url_for(".submission", submission_id=submission_id, **filters.carried()), 303)


def _confirm_decision(item: Submission, form: DecisionForm):
    """Render the page asking to confirm an unpublish; nothing is stored."""
    named = len(item.partnerships) + len(item.local_groups)
    back = url_for(".submission", submission_id=item.id, **carried_filters().carried())
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
        action=url_for(".decide", submission_id=item.id, **carried_filters().carried()),
        fields=[
            ("decision", form.decision.data),
            ("version", form.version.data),
            ("note", form.note.data),
            ("then", form.then.data),
        ],
        confirm_label=_("Unpublish submission #%(id)s", id=item.id),
        cancel=back,
    )


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


def combine(submission_id: int):
    """Approve the answers with the partners of the published ones they would replace."""
    item = load_for_review(submission_id)
    form = CombineForm()
    if not form.validate_on_submit():
        return render_review_page(item, conflict=_("Reload the page and choose again.")), 422
    try:
        added = moderation.combine_and_approve(
            item,
            current_user,
            required(form.version.data),
            read_confirmed(form.replacing.data),
            form.note.data or "",
        )
    except (moderation.DecisionConflict, IllegalTransition, ReplacementUnconfirmed) as refused:
        return render_review_page(load_for_review(submission_id), conflict=str(refused)), 409
    if added:
        message = _(
            "Submission #%(id)s approved with %(names)s kept from the answers it replaces.",
            id=item.id,
            names=", ".join(added),
        )
    else:
        message = _("Submission #%(id)s approved.", id=item.id)
    flash(message, "ok")
    filters = carried_filters()
    return redirect(url_for(".submission", submission_id=submission_id, **filters.carried()), 303)


def edit(submission_id: int):
    """Correct a waiting submission's answers; the earlier answers are kept as a version."""
    item = load_for_review(submission_id)
    refused = answers_refusal(item)
    if refused:
        flash(refused, "error")
        return redirect(url_for(".submission", submission_id=item.id), 303)
    back = url_for(".submission", submission_id=item.id)
    start = form_data(item) | {"seen_version": item.version}
    taken = take_survey_form(item.survey_kind, FormPlace(item.wave, item, back), start)
    if taken.answers is None:  # the form shown again
        return taken.page
    try:
        seen = parse_id(taken.form.seen_version.data) or 0
        moderation.edit_answers(item, taken.answers, current_user, seen)
    except (moderation.DecisionConflict, IllegalTransition) as refused:
        return render_review_page(load_for_review(submission_id), conflict=str(refused)), 409
    flash(_("Answers corrected; the earlier ones are kept under Versions."), "ok")
    return redirect(back, 303)


def mark(submission_id: int):
    """Keep one partner, or its words, for moderators only (or lift that), with a reason."""
    item = load_for_review(submission_id)
    form = PrivateMarkForm()
    if not form.validate_on_submit():
        problems = [f"{form[name].label.text}: {errors[0]}" for name, errors in form.errors.items()]
        message = _("Nothing was changed: %(problems)s", problems="; ".join(problems))
        return render_review_page(item, conflict=message, mark_form=form), 422
    wanted = private_marks.Marks(form.private.data, form.text_private.data)
    try:
        changed = private_marks.set_marks(
            item,
            required(form.answer.data),
            wanted,
            current_user,
            required(form.version.data),
            form.reason.data or "",  # set_marks refuses a change without a reason
        )
    except private_marks.MarkRefused as refused:
        return render_review_page(item, conflict=str(refused), mark_form=form), 422
    except moderation.DecisionConflict as refused:
        return render_review_page(load_for_review(submission_id), conflict=str(refused)), 409
    partner = next(a.partner.name for a in item.partnerships if a.id == form.answer.data)
    if changed:
        message = _("The marks of %(partner)s are saved.", partner=partner)
    else:
        message = _("The marks of %(partner)s were already so; nothing changed.", partner=partner)
    flash(message, "ok")
    url = url_for(".submission", submission_id=submission_id, **carried_filters().carried())
    return redirect(f"{url}#marks-heading", 303)
