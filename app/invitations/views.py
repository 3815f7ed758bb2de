"""The invitee's pages: a personal link to a wave's survey, and opting out of invitations.

A GET never writes: the link's page offers "Start the survey", a POST that records the
invitation as opened, and the survey itself records it answered when it is sent.
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.contacts.services import is_opted_out
from app.extensions import csrf
from app.forms import SiteForm
from app.i18n import request_language
from app.invitations import personal_links
from app.invitations.personal_links import LinkState
from app.models import WaveInvitation
from app.submissions import services as survey_services
from app.surveys.prefill import invitation_answers
from app.surveys.taking import FormPlace, take_survey_form


def invitation(invite_token: str):
    """Show what the personal link invites to, with a button to start the survey."""
    found = _invitation(invite_token)
    state = personal_links.link_state(found)
    if state is not LinkState.USABLE:
        return _gone(found, state)
    return render_template(
        "invitations/invitation.html", invitation=found, token=invite_token, form=SiteForm()
    )


# Each form here checks its own token (a SiteForm), rather than the site-wide check: these
# pages' policy is no-referrer, so a browser posts them without a Referer, which that check
# refuses over HTTPS (Flask-WTF's WTF_CSRF_SSL_STRICT). The link's token is the key anyway.
@csrf.exempt
def start(invite_token: str):
    """Record that the invitee opened the survey, and go to it."""
    found = _invitation(invite_token)
    state = personal_links.link_state(found)
    if state is not LinkState.USABLE:
        return _gone(found, state)
    if not SiteForm().validate_on_submit():
        flash(_("The form expired; please try again."), "error")
        return redirect(url_for(".invitation", invite_token=invite_token), 303)
    personal_links.mark_opened(found)
    return redirect(url_for(".survey", invite_token=invite_token), 303)


@csrf.exempt  # and a bad one gets the form back, as on the public surveys (app/surveys/routes.py)
def survey(invite_token: str):
    """Show and accept the invited survey, with the organization set and its answers filled in."""
    found = _invitation(invite_token)
    state = personal_links.link_state(found)
    if state is not LinkState.USABLE:
        return _gone(found, state)
    kind, wave = found.survey_kind, found.wave
    start = invitation_answers(found.organization, kind, wave, found.email)
    taken = take_survey_form(kind, FormPlace(wave, invitation=found), start)
    if taken.answers is None:  # the form shown again
        return taken.page
    submission = survey_services.create_submission(
        wave, taken.answers, language=request_language(), invitation=found
    )
    flash(_("Thank you: your answers were received and will be reviewed."), "ok")
    return redirect(url_for("surveys.status", token=submission.token), 303)


@csrf.exempt
def opt_out(invite_token: str):
    """Ask, then record, that the invitation's address wants no more invitations."""
    found = _invitation(invite_token)
    form = SiteForm()
    if form.validate_on_submit():
        personal_links.opt_out(found)
        return render_template("invitations/opt_out.html", invitation=found, done=True, form=form)
    done = is_opted_out(found.email)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "invitations/opt_out.html", invitation=found, done=done, form=form
    ), status


def _invitation(token: str) -> WaveInvitation:
    """Return the invitation behind `token`, or answer a friendly 404 for a forged one."""
    found = personal_links.invitation_by_token(token)
    if found is None:
        abort(
            404,
            description=_(
                "This invitation link is not one we sent. Check that it was copied whole from "
                "the email."
            ),
        )
    return found


def _gone(found: WaveInvitation, state: LinkState):
    """Answer 410 for a link that was used or whose wave no longer takes answers."""
    return render_template("invitations/gone.html", invitation=found, state=state.value), 410
