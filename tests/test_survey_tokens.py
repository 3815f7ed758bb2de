"""A survey sent with a form token that does not hold gets its form back, never a bare 400.

A token is missing, expired, forged or another session's when a page stayed open for
hours, cookies are blocked, or a scanner posts what it fetched once. The form comes back
(422) with the answers as sent, a message and a fresh token; nothing is stored. Over
HTTPS a post without a Referer (privacy settings, scanners, and every post from a status
or invitation page, whose policy is no-referrer) is taken like any other.
"""

import re
import time

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import (
    ContactState,
    InvitationStatus,
    OrganizationContact,
    ReplyState,
    Submission,
    SubmissionStatus,
    SurveyKind,
    WaveInvitation,
)
from tests import factories
from tests.conftest import CSRF_INPUT
from tests.helpers import count, newest_submission
from tests.partner_helpers import PARTNER_EMAIL, the_reply

EXPIRED = "This form has expired"
SURVEYS = pytest.mark.parametrize(
    "survey, answers",
    [("partnership", factories.partnership_form), ("involvement", factories.involvement_form)],
)


def token_of(response) -> str:
    """Return the form token a page carries."""
    match = CSRF_INPUT.search(response.get_data(as_text=True))
    assert match, f"no form token (status {response.status_code})"
    return match.group(1)


def missing(app, client, url):
    """Send no token at all."""
    client.get(url)
    return {}


def forged(app, client, url):
    """Send a token nobody was given."""
    client.get(url)
    return {"csrf_token": "forged"}


def without_the_cookie(app, client, url):
    """Send a good token from a session whose cookie the client does not send back."""
    return {"csrf_token": token_of(app.test_client().get(url))}


def another_sessions(app, client, url):
    """Send another session's token with this client's own session cookie."""
    client.get(url)
    return {"csrf_token": token_of(app.test_client().get(url))}


def expired(app, client, url):
    """Send this session's own token once it is older than WTF_CSRF_TIME_LIMIT."""
    app.config["WTF_CSRF_TIME_LIMIT"] = 1
    token = token_of(client.get(url))
    time.sleep(2.1)  # signed with whole seconds: two of them, past a limit of one
    return {"csrf_token": token}


BAD_TOKENS = pytest.mark.parametrize(
    "bad_token", [missing, forged, without_the_cookie, another_sessions, expired]
)


@SURVEYS
@BAD_TOKENS
def test_a_bad_token_gets_the_form_back_with_the_answers(
    app, client, open_wave, survey, answers, bad_token
):
    url = f"/surveys/{survey}"
    sent = answers(org_name="Code for Stale Tabs", contact_email="stale@example.org")
    response = client.post(url, data={**bad_token(app, client, url), **sent})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert EXPIRED in page and "nothing was saved" in page
    assert 'value="Code for Stale Tabs"' in page and 'value="stale@example.org"' in page
    assert count(Submission) == 0
    # Sent again from the page it got back, the form goes through.
    app.config["WTF_CSRF_TIME_LIMIT"] = 3600
    again = client.post(url, data={"csrf_token": token_of(response), **sent})
    assert again.status_code == 303
    assert newest_submission().organization.name == "Code for Stale Tabs"


@SURVEYS
def test_a_bad_token_is_said_beside_the_answers_that_need_another_look(
    client, open_wave, survey, answers
):
    response = client.post(f"/surveys/{survey}", data=answers(contact_email="not-an-address"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert EXPIRED in page and "Fix these and send the form again" in page
    assert "CSRF" not in page  # the token's own words are not a visitor's
    assert count(Submission) == 0


@SURVEYS
def test_a_scanner_posting_one_fetched_form_many_times_gets_the_form_each_time(
    client, open_wave, survey, answers
):
    # What a scanner does: fetch once, then post the same token with altered fields.
    url = f"/surveys/{survey}"
    token = token_of(client.get(url))
    for altered in ("<script>", "' OR 1=1 --", "../../etc/passwd"):
        response = client.post(url, data={"csrf_token": token, **answers(contact_email=altered)})
        assert response.status_code == 422
        assert EXPIRED not in response.get_data(as_text=True)
    assert count(Submission) == 0


@SURVEYS
def test_over_https_a_survey_without_a_referer_is_taken(client, open_wave, survey, answers):
    url = f"https://localhost/surveys/{survey}"
    token = token_of(client.get(url))
    response = client.post(url, data={"csrf_token": token, **answers()})
    assert response.status_code == 303
    assert count(Submission) == 1


@pytest.mark.parametrize("step", ["edit", "revise"])
def test_over_https_a_status_page_form_is_taken_though_it_sends_no_referer(
    client, surveys, open_wave, step
):
    surveys.partnership()
    submission = newest_submission()
    if step == "revise":
        submission.status = SubmissionStatus.APPROVED
        db.session.commit()
    url = f"https://localhost/status/{submission.token}/{step}"
    page = client.get(url)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    version = re.search(r'name="seen_version" type="hidden" value="(\d*)"', page.text).group(1)
    changed = factories.partnership_form(
        seen_version=version, **{"partners-0-name": "Renamed Partner"}
    )
    response = client.post(url, data={"csrf_token": token_of(page), **changed})
    assert response.status_code == 303
    assert newest_submission().partnerships[0].partner.name == "Renamed Partner"


@pytest.mark.parametrize("step", ["edit", "revise"])
def test_a_status_page_form_with_a_bad_token_comes_back(client, surveys, open_wave, step):
    surveys.partnership()
    submission = newest_submission()
    if step == "revise":
        submission.status = SubmissionStatus.APPROVED
        db.session.commit()
    url = f"/status/{submission.token}/{step}"
    changed = factories.partnership_form(**{"partners-0-name": "Renamed Partner"})
    response = client.post(url, data={"csrf_token": "forged", **changed})
    assert response.status_code == 422
    assert EXPIRED in response.text and 'value="Renamed Partner"' in response.text
    assert count(Submission) == 1
    assert newest_submission().partnerships[0].partner.name == "Testville Public Library"


@pytest.fixture
def invited(open_wave) -> WaveInvitation:
    """Return an invitation of Code for Invited to the partnership survey, with its token."""
    invitation = WaveInvitation(
        wave=open_wave,
        organization=factories.make_org("Code for Invited"),
        survey_kind=SurveyKind.PARTNERSHIP,
        email="invited@example.org",
    )
    invitation.issue_token()
    db.session.add(invitation)
    db.session.commit()
    return invitation


def test_an_invited_survey_with_a_bad_token_comes_back(client, invited):
    url = f"/invitations/{invited.token}/survey"
    sent = factories.partnership_form(org_name="Code for Invited")
    response = client.post(url, data={"csrf_token": "forged", **sent})
    assert response.status_code == 422
    assert EXPIRED in response.text and 'value="Code for Invited"' in response.text
    assert count(Submission) == 0
    again = client.post(url, data={"csrf_token": token_of(response), **sent})
    assert again.status_code == 303
    db.session.refresh(invited)
    assert invited.status is InvitationStatus.ANSWERED


def test_over_https_an_invitation_is_started_answered_and_opted_out_without_a_referer(
    client, invited
):
    # The invitation's pages are no-referrer: a browser posts their forms without one.
    link = f"https://localhost/invitations/{invited.token}"
    landing = client.get(link)
    assert landing.headers["Referrer-Policy"] == "no-referrer"
    start = client.post(f"{link}/start", data={"csrf_token": token_of(landing)})
    assert start.status_code == 303 and start.headers["Location"].endswith("/survey")
    survey = client.get(f"{link}/survey")
    sent = factories.partnership_form(org_name="Code for Invited")
    answered = client.post(f"{link}/survey", data={"csrf_token": token_of(survey), **sent})
    assert answered.status_code == 303
    db.session.refresh(invited)
    assert invited.status is InvitationStatus.ANSWERED
    opt_out = client.get(f"{link}/opt-out")
    done = client.post(f"{link}/opt-out", data={"csrf_token": token_of(opt_out)})
    assert done.status_code == 200
    opted = sa.select(sa.func.count()).where(OrganizationContact.state == ContactState.OPTED_OUT)
    assert db.session.scalar(opted) == 1


def test_an_invitation_is_not_started_with_a_bad_token(client, invited):
    link = f"/invitations/{invited.token}"
    response = client.post(f"{link}/start", data={"csrf_token": "forged"}, follow_redirects=True)
    assert "The form expired; please try again." in response.text
    db.session.refresh(invited)
    assert invited.status is InvitationStatus.SENT


def test_over_https_a_partner_answers_and_corrects_without_a_referer(client, asked):
    # A partner's pages are no-referrer too.
    link = f"https://localhost/partners/{asked}"
    page = client.get(link)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    data = {"csrf_token": token_of(page), "decision": "confirm"}
    assert client.post(f"{link}/decide", data=data).status_code == 303
    assert the_reply().state is ReplyState.CONFIRMED
    form = client.get(f"{link}/correct")
    sent = {"csrf_token": token_of(form), "kind": "", "city": "", "state": "",
            "cares_about": "Reading"}  # fmt: skip
    assert client.post(f"{link}/correct", data=sent).status_code == 303
    assert newest_submission().cares_about == "Reading"
    new_link = client.get("https://localhost/partners/new-link")
    asked_again = {"csrf_token": token_of(new_link), "email": PARTNER_EMAIL}
    assert client.post("https://localhost/partners/new-link", data=asked_again).status_code == 200


def test_a_partner_answer_with_a_bad_token_changes_nothing(client, asked):
    link = f"/partners/{asked}"
    response = client.post(f"{link}/decide", data={"csrf_token": "forged", "decision": "decline"})
    assert response.status_code == 422
    assert "The form expired; please try again." in response.text
    assert the_reply().state is ReplyState.UNANSWERED


def test_over_https_a_submitter_asks_for_erasure_without_a_referer(client, surveys, open_wave):
    surveys.partnership()
    link = f"https://localhost/status/{newest_submission().token}"
    page = client.get(link)
    response = client.post(f"{link}/erase", data={"csrf_token": token_of(page)})
    assert response.status_code == 303
    requested = sa.select(OrganizationContact.erasure_requested_at)
    assert db.session.scalar(requested) is not None
