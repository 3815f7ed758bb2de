"""Public survey pages and the submitter's private status page."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.contacts.services import contact_of, request_erasure
from app.extensions import csrf, db
from app.forms import SiteForm
from app.i18n import N_, request_language
from app.inputs import parse_id
from app.linkrequests import LinkRequestPage, link_request_page
from app.models import Submission, SubmissionStatus, SurveyKind
from app.pageargs import text
from app.pagecache import cached_blank_form
from app.submissions import services
from app.submissions.form_data import form_data
from app.submissions.workflow import submitter_may_edit
from app.surveys.lost_link_form import LostLinkForm
from app.surveys.lost_links import ask_for_lost_links
from app.surveys.prefill import starting_answers
from app.surveys.taking import FormPlace, take_survey_form
from app.waves.rules import open_wave_for

# A blank form reads one argument: the status link to start from (a page of its own).
START_FROM = text("start_from", 200, kept=False)


# The survey forms (here, and the invited survey) check their own token, as every SiteForm
# can, instead of the site-wide check before every view: so a post whose token is missing,
# expired or another session's, or that comes over HTTPS without a Referer (a privacy
# setting, a scanner, or any post from a status page, whose no-referrer policy means browsers
# send none), gets the form back with its answers and a message (422) rather than a 400 page
# that loses them. Nothing is stored without a good token all the same.
@csrf.exempt
@cached_blank_form(START_FROM)
def partnership():
    """Show and accept the partnership survey."""
    return _fill_in(SurveyKind.PARTNERSHIP)


@csrf.exempt
@cached_blank_form(START_FROM)
def involvement():
    """Show and accept the civic tech involvement survey."""
    return _fill_in(SurveyKind.INVOLVEMENT)


def status(token: str):
    """Show a submitter what they sent and where its review stands."""
    submission = services.submission_by_token(token) or abort(404)
    contact = contact_of(submission.organization_id, submission.contact_email)
    return render_template(
        "surveys/status.html", submission=submission, token=token, erase_form=SiteForm(),
        erasure_asked=contact.erasure_requested_at if contact else None,
        editable=submitter_may_edit(submission),
    )  # fmt: skip


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


# Words marked where they are defined; the page translates them when shown.
LOST_LINK_PAGE = LinkRequestPage(
    form=LostLinkForm,
    ask=ask_for_lost_links,
    throttle="lost-link",
    title=N_("Lost your link?"),
    lead=N_(
        "Give the email address you sent your answers with, and we will mail you the private "
        "links of those answers."
    ),
    sent=N_(
        "If answers were sent with %(email)s, a message with their private links is on its way "
        "to that address. It may take a few minutes; look in your spam folder too."
    ),
    button=N_("Send me my links"),
)


def lost_link():
    """Mail an address the private links of the answers sent with it (app.linkrequests)."""
    return link_request_page(LOST_LINK_PAGE)


@csrf.exempt
def status_edit(token: str):
    """Let a submitter change answers that are still waiting for review."""
    submission = services.submission_by_token(token) or abort(404)
    if not submitter_may_edit(submission):
        flash(
            _("These answers have been reviewed, so they can no longer be changed here."), "error"
        )
        return redirect(url_for(".status", token=token), 303)
    start = form_data(submission) | {"seen_version": submission.version}
    taken = take_survey_form(submission.survey_kind, _status_place(submission, token), start)
    if taken.answers is None:  # the form shown again
        return taken.page
    try:
        seen = parse_id(taken.form.seen_version.data) or 0
        services.update_submission(submission, taken.answers, seen, language=request_language())
    except services.SubmissionLocked as locked:
        flash(str(locked), "error")
        return redirect(url_for(".status", token=token), 303)
    except services.EditConflict:
        flash(_("These answers changed in another window; here they are as now saved."), "error")
        return redirect(url_for(".status_edit", token=token), 303)
    flash(_("Your changes are saved. They will be reviewed before anything is published."), "ok")
    return redirect(url_for(".status", token=token), 303)


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
    place = _status_place(submission, token)
    taken = take_survey_form(submission.survey_kind, place, form_data(submission))
    if taken.answers is None:  # the form shown again
        return taken.page
    revised = services.create_submission(
        submission.wave, taken.answers, replaces=submission, language=request_language()
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
    start = None
    start_from = request.args.get("start_from", "")  # as START_FROM reads it
    if request.method == "GET" and start_from:
        start, message = starting_answers(start_from, kind, wave)
        flash(message, "ok" if start else "error")
    taken = take_survey_form(kind, FormPlace(wave), start)
    if taken.answers is None:  # the form shown again
        return taken.page
    submission = services.create_submission(wave, taken.answers, language=request_language())
    flash(_("Thank you: your answers were received and will be reviewed."), "ok")
    return redirect(url_for(".status", token=submission.token), 303)


def _status_place(submission: Submission, token: str) -> FormPlace:
    """Return where a status link shows its submission's form, "Cancel" going back to it."""
    cancel = url_for(".status", token=token)
    return FormPlace(submission.wave, submission, cancel)
