"""Public survey pages and the submitter's private status page."""

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.contacts.services import contact_of, request_erasure
from app.extensions import csrf, db
from app.forms import SiteForm
from app.i18n import request_language
from app.inputs import parse_id
from app.models import Submission, SubmissionStatus, SurveyKind, SurveyWave
from app.pageargs import text
from app.pagecache import cached_blank_form
from app.ratelimits import within_rate
from app.surveys import services
from app.surveys.forms import PartnershipForm, SubmitterForm
from app.surveys.involvement_form import InvolvementForm
from app.surveys.lost_link_form import LostLinkForm
from app.surveys.lost_links import ask_for_lost_links
from app.surveys.mapping import form_data, involvement_answers, partnership_answers
from app.surveys.prefill import starting_answers
from app.waves.rules import open_wave_for

bp = Blueprint("surveys", __name__)
# A blank form reads one argument: the status link to start from (a page of its own).
START_FROM = text("start_from", 200, kept=False)


@dataclass(frozen=True)
class Survey:
    """What differs between the two surveys."""

    form: type[SubmitterForm]
    read: Any
    template: str


SURVEYS = {
    SurveyKind.PARTNERSHIP: Survey(
        PartnershipForm, partnership_answers, "surveys/partnership.html"
    ),
    SurveyKind.INVOLVEMENT: Survey(
        InvolvementForm, involvement_answers, "surveys/involvement.html"
    ),
}


# The survey forms (here, and the invited survey) check their own token, as every SiteForm
# can, instead of the site-wide check before every view: so a post whose token is missing,
# expired or another session's, or that comes over HTTPS without a Referer (a privacy
# setting, a scanner, or any post from a status page, whose no-referrer policy means browsers
# send none), gets the form back with its answers and a message (422) rather than a 400 page
# that loses them. Nothing is stored without a good token all the same.
@bp.route("/surveys/partnership", methods=["GET", "POST"])
@csrf.exempt
@cached_blank_form(START_FROM)
def partnership():
    """Show and accept the partnership survey."""
    return _fill_in(SurveyKind.PARTNERSHIP)


@bp.route("/surveys/involvement", methods=["GET", "POST"])
@csrf.exempt
@cached_blank_form(START_FROM)
def involvement():
    """Show and accept the civic tech involvement survey."""
    return _fill_in(SurveyKind.INVOLVEMENT)


@bp.get("/status/<token>")
def status(token: str):
    """Show a submitter what they sent and where its review stands."""
    submission = services.submission_by_token(token) or abort(404)
    contact = contact_of(submission.organization_id, submission.contact_email)
    return render_template(
        "surveys/status.html", submission=submission, token=token, erase_form=SiteForm(),
        erasure_asked=contact.erasure_requested_at if contact else None,
    )  # fmt: skip


@bp.post("/status/<token>/erase")
@csrf.exempt  # a status page is no-referrer: its SiteForm checks the token instead
def status_erase(token: str):
    """Record the submitter's request that an administrator erase their address."""
    submission = services.submission_by_token(token) or abort(404)
    if not SiteForm().validate_on_submit():
        flash(_("The form expired; please try again."), "error")
    elif request_erasure(submission):
        db.session.commit()
        flash(
            _(
                "We received your request. An administrator will erase your address from every "
                "record we keep; after that, we can no longer write to you."
            ),
            "ok",
        )
    return redirect(url_for(".status", token=token), 303)


@bp.route("/status/lost", methods=["GET", "POST"])
def lost_link():
    """Mail an address the private links of the answers sent with it.

    The page answers the same whether or not the address sent anything, so that nobody
    can learn from it who answered; an address gets at most a few such mails an hour.
    """
    form = LostLinkForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("surveys/lost_link.html", form=form), status
    if not within_rate("lost-link", "LOST_LINK_RATE_LIMIT", request.remote_addr or ""):
        return render_template("surveys/lost_link.html", form=form, too_many=True), 429
    address = form.email.data
    if within_rate("lost-link-address", "LOST_LINK_RATE_LIMIT", address):
        ask_for_lost_links(address, request_language())
    return render_template("surveys/lost_link.html", form=form, sent_to=address)


@bp.route("/status/<token>/edit", methods=["GET", "POST"])
@csrf.exempt
def status_edit(token: str):
    """Let a submitter change answers that are still waiting for review."""
    submission = services.submission_by_token(token) or abort(404)
    if not submission.is_editable_by_submitter:
        flash(
            _("These answers have been reviewed, so they can no longer be changed here."), "error"
        )
        return redirect(url_for(".status", token=token), 303)
    survey = SURVEYS[submission.survey_kind]
    if request.method == "GET":
        form = survey.form(data=form_data(submission) | {"seen_version": submission.version})
    else:
        form = survey.form()
    page = _form_again(form, submission, token)
    if page is not None:
        return page
    try:
        seen = parse_id(form.seen_version.data) or 0
        services.update_submission(submission, survey.read(form), seen, language=request_language())
    except services.SubmissionLocked as locked:
        flash(str(locked), "error")
        return redirect(url_for(".status", token=token), 303)
    except services.EditConflict:
        flash(_("These answers changed in another window; here they are as now saved."), "error")
        return redirect(url_for(".status_edit", token=token), 303)
    flash(_("Your changes are saved. They will be reviewed before anything is published."), "ok")
    return redirect(url_for(".status", token=token), 303)


@bp.route("/status/<token>/revise", methods=["GET", "POST"])
@csrf.exempt
def status_revise(token: str):
    """Send changed answers for an approved submission, as a new one to be reviewed."""
    submission = services.submission_by_token(token) or abort(404)
    if submission.status is not SubmissionStatus.APPROVED:
        return redirect(url_for(".status", token=token), 303)
    if open_wave_for(submission.survey_kind) != submission.wave:
        flash(
            _(
                "%(wave)s is closed, so these answers can no longer change.",
                wave=submission.wave.name,
            ),
            "error",
        )
        return redirect(url_for(".status", token=token), 303)
    survey = SURVEYS[submission.survey_kind]
    form = survey.form(data=form_data(submission)) if request.method == "GET" else survey.form()
    page = _form_again(form, submission, token)
    if page is not None:
        return page
    revised = services.create_submission(
        submission.wave, survey.read(form), replaces=submission, language=request_language()
    )
    flash(
        _(
            "Thank you: your changed answers were received. Until a moderator approves them, "
            "the answers published now stay as they are."
        ),
        "ok",
    )
    return redirect(url_for(".status", token=revised.token), 303)


def _fill_in(kind: SurveyKind):
    """Run one survey: show it, take a list action, or store a valid submission."""
    wave = open_wave_for(kind)
    if wave is None:
        code = 200 if request.method == "GET" else 409
        return render_template("surveys/closed.html", kind=kind), code
    form = SURVEYS[kind].form()
    start_from = request.args.get("start_from", "")  # as START_FROM reads it
    if request.method == "GET" and start_from:
        data, message = starting_answers(start_from, kind, wave)
        flash(message, "ok" if data else "error")
        if data:
            form = SURVEYS[kind].form(data=data)
    if _list_action(form):
        return _render_form(kind, form, wave)
    if not form.validate_on_submit():
        return _render_form(kind, form, wave, refused=form.is_submitted())
    submission = services.create_submission(
        wave, SURVEYS[kind].read(form), language=request_language()
    )
    flash(_("Thank you: your answers were received and will be reviewed."), "ok")
    return redirect(url_for(".status", token=submission.token), 303)


def _form_again(form: SubmitterForm, submission: Submission, token: str):
    """Return the status link's form again after a list action or a refused post, else None."""
    kind, wave = submission.survey_kind, submission.wave
    if _list_action(form):
        return _render_form(kind, form, wave, submission, token=token)
    if not form.validate_on_submit():
        return _render_form(kind, form, wave, submission, token=token, refused=form.is_submitted())
    return None


def _list_action(form: SubmitterForm) -> bool:
    """Apply an 'add another' or 'remove' button pressed without JavaScript."""
    return request.method == "POST" and form.apply_list_action(request.form.get("list_action"))


def _render_form(
    kind: SurveyKind,
    form: SubmitterForm,
    wave: SurveyWave,
    submission: Submission | None = None,
    *,
    token: str = "",
    refused: bool = False,
):
    """Render a survey form for the submitter (`token`: the status link it was opened from)."""
    cancel = url_for(".status", token=token) if token else None
    return render_survey_form(kind, form, wave, submission, cancel, refused=refused)


def render_survey_form(
    kind: SurveyKind,
    form: SubmitterForm,
    wave: SurveyWave,
    submission: Submission | None,
    cancel_url: str | None,
    *,
    refused: bool = False,
    invitation=None,
):
    """Render a survey form; a refused post gets 422 and an error summary.

    `invitation`: the wave invitation whose personal link the form was opened from.
    """
    context = {
        "invitation": invitation,
        "form": form,
        "refused": refused,
        "cancel_url": cancel_url,
        "wave": wave,
        "kind": kind,
        "submission": submission,
    }
    return render_template(SURVEYS[kind].template, **context), 422 if refused else 200
