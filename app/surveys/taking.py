"""Taking a survey form from a request: the one way every page that shows a survey does it.

The public survey, a submitter's status link, an invitation's personal link and a moderator's
correction all show the same forms: started from known answers on a GET, a row added or
removed by a button without JavaScript, refused with its errors (422), or read as answers.
What each page then does with the answers (store, replace, correct) stays its own.
"""

from dataclasses import dataclass
from typing import Any

from flask import render_template, request

from app.models import Submission, SurveyKind, SurveyWave
from app.submissions.answers import Answers
from app.surveys.forms import PartnershipForm, SubmitterForm
from app.surveys.involvement_form import InvolvementForm
from app.surveys.mapping import involvement_answers, partnership_answers


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


@dataclass
class TakenForm:
    """A survey form read from the request: a page to show again, or valid answers.

    Exactly one of the two is set: a caller returns the page when there are no answers.
    """

    form: SubmitterForm
    page: Any = None  # the form shown again (a GET, a list button, or refused), else None
    answers: Answers | None = None


@dataclass(frozen=True)
class FormPlace:
    """Where a survey form is shown: its wave, and what the page around it says."""

    wave: SurveyWave
    submission: Submission | None = None  # the answers it changes, if any
    cancel_url: str | None = None  # where "Cancel" goes back to, if anywhere
    invitation: Any = None  # the wave invitation whose personal link opened it


def take_survey_form(kind: SurveyKind, place: FormPlace, start: dict | None = None) -> TakenForm:
    """Read `kind`'s form from the request, started from `start` on a GET.

    A GET, or a post that pressed "add another" or "remove", shows the form; a post that
    does not validate shows it refused with its errors; a valid post gives its answers.
    """
    survey = SURVEYS[kind]
    form = survey.form(data=start) if request.method == "GET" and start else survey.form()
    list_action = request.method == "POST" and form.apply_list_action(
        request.form.get("list_action")
    )
    if request.method == "GET" or list_action or not form.validate_on_submit():
        refused = form.is_submitted() and not list_action
        return TakenForm(form, page=render_survey_form(kind, form, place, refused=refused))
    return TakenForm(form, answers=survey.read(form))


def render_survey_form(kind: SurveyKind, form: SubmitterForm, place: FormPlace, *, refused=False):
    """Render a survey form; a refused post gets 422 and an error summary."""
    context = {
        "invitation": place.invitation,
        "form": form,
        "refused": refused,
        "cancel_url": place.cancel_url,
        "wave": place.wave,
        "kind": kind,
        "submission": place.submission,
    }
    return render_template(SURVEYS[kind].template, **context), 422 if refused else 200
