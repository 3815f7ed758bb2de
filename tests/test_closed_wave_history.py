"""A closed wave's approved answers are read-only history; what moderators may still do."""

import pytest

from app.audit import Action
from app.models import Submission, SubmissionStatus
from app.network import current_revision
from tests import factories
from tests.conftest import AuthActions
from tests.helpers import count, newest_submission
from tests.moderation_helpers import csrf_from, decide, events, fresh
from tests.test_admin_users import post

READ_ONLY = "is closed: its approved answers are read-only history"
CORRECT_LINK = "Correct the answers before deciding"


@pytest.fixture
def signed_in(auth, moderator):
    """Sign the moderator in on `client`."""
    auth.login()
    return moderator


@pytest.fixture
def admin_client(app, admin):
    """Return a second browser, with the admin signed in, to close and reopen waves."""
    other = app.test_client()
    AuthActions(other).login("admin@example.org")
    return other


@pytest.fixture
def waiting(surveys, open_wave):
    """Return a partnership submission waiting for review."""
    surveys.partnership(**{"partners-0-name": "History Partner"})
    return newest_submission()


@pytest.fixture
def approved(client, signed_in, waiting):
    """Return the submission, approved and published."""
    decide(client, waiting.id, "approve", waiting.version)
    return fresh(waiting.id)


def wave_step(admin_client, step: str) -> None:
    """Close or reopen the wave as the admin does, from its page."""
    response = post(admin_client, f"/admin/waves/current/{step}")
    assert response.status_code == 303


def correct(client, submission_id: int, partner: str):
    """Post corrected answers from the moderator's edit page."""
    data = factories.partnership_form(
        csrf_token=csrf_from(client, f"/moderation/submissions/{submission_id}"),
        seen_version=str(fresh(submission_id).version),
        **{"partners-0-name": partner},
    )
    return client.post(f"/moderation/submissions/{submission_id}/edit", data=data)


def partner_of(submission_id: int) -> str:
    """Return the first partner's name as stored now."""
    return fresh(submission_id).partnerships[0].partner.name


def test_a_closed_waves_approved_answers_cannot_be_corrected(client, approved, admin_client):
    wave_step(admin_client, "close")
    version = fresh(approved.id).version
    review = client.get(f"/moderation/submissions/{approved.id}").get_data(as_text=True)
    assert READ_ONLY in review and CORRECT_LINK not in review
    assert "Unpublish" in review
    response = client.get(f"/moderation/submissions/{approved.id}/edit", follow_redirects=True)
    assert "cannot be corrected. Unpublish them if they must leave public view." in (
        response.get_data(as_text=True)
    )
    response = correct(client, approved.id, "Rewritten History")
    assert response.status_code == 303
    assert READ_ONLY in client.get(response.headers["Location"]).get_data(as_text=True)
    assert partner_of(approved.id) == "History Partner"
    assert fresh(approved.id).version == version
    assert events(approved.id, Action.MODERATOR_EDIT.value) == []


def test_after_reopening_published_answers_change_through_a_reviewed_revision(
    client, approved, admin_client
):
    wave_step(admin_client, "close")
    wave_step(admin_client, "reopen")
    # Published answers never change in place, in an open wave either ...
    correct(client, approved.id, "Rewritten History")
    assert partner_of(approved.id) == "History Partner"
    # ... but the submitter may send changed answers again, which a moderator corrects and approves.
    revise = f"/status/{approved.token}/revise"
    data = factories.partnership_form(
        csrf_token=csrf_from(client, revise), **{"partners-0-name": "Revised Partner"}
    )
    assert client.post(revise, data=data).status_code == 303
    revision = newest_submission()
    assert correct(client, revision.id, "Revised Partner Org").status_code == 303
    assert decide(client, revision.id, "approve", fresh(revision.id).version).status_code == 303
    assert fresh(approved.id).status is SubmissionStatus.SUPERSEDED
    assert partner_of(revision.id) == "Revised Partner Org"


def test_a_closed_waves_approved_answers_can_be_unpublished_and_it_is_logged(
    client, signed_in, approved, admin_client
):
    wave_step(admin_client, "close")
    revision = current_revision()
    response = decide(client, approved.id, "unpublish", approved.version, note="Privacy request")
    assert response.status_code == 303
    assert fresh(approved.id).status is SubmissionStatus.UNPUBLISHED
    [event] = events(approved.id, Action.UNPUBLISH.value)
    assert (event.actor_id, event.from_status, event.to_status, event.note) == (
        signed_in.id,
        "approved",
        "unpublished",
        "Privacy request",
    )
    assert current_revision() == revision + 1
    assert "History Partner" not in client.get("/api/graph").get_data(as_text=True)


@pytest.mark.parametrize(
    ("decision", "note", "status"),
    [
        ("approve", "", SubmissionStatus.APPROVED),
        ("reject", "Not a real brigade", SubmissionStatus.REJECTED),
    ],
)
def test_answers_sent_in_time_can_still_be_decided(
    client, signed_in, waiting, admin_client, decision, note, status
):
    wave_step(admin_client, "close")
    response = decide(client, waiting.id, decision, waiting.version, note=note)
    assert response.status_code == 303
    assert fresh(waiting.id).status is status


def test_changes_cannot_be_asked_for_once_the_wave_closed(client, signed_in, waiting, admin_client):
    wave_step(admin_client, "close")
    review = client.get(f"/moderation/submissions/{waiting.id}").get_data(as_text=True)
    assert "Ask for changes" not in review and "Approve and publish" in review
    response = decide(client, waiting.id, "request_changes", waiting.version, note="Add a city")
    assert response.status_code == 409
    assert "is closed, so its submitter can no longer send changes" in (
        response.get_data(as_text=True)
    )
    assert fresh(waiting.id).status is SubmissionStatus.PENDING
    assert events(waiting.id, Action.REQUEST_CHANGES.value) == []


def test_answers_sent_in_time_can_still_be_corrected(client, signed_in, waiting, admin_client):
    wave_step(admin_client, "close")
    review = client.get(f"/moderation/submissions/{waiting.id}").get_data(as_text=True)
    assert CORRECT_LINK in review
    assert correct(client, waiting.id, "Corrected Partner").status_code == 303
    assert partner_of(waiting.id) == "Corrected Partner"


def test_the_submitter_cannot_revise_answers_of_a_closed_wave(client, approved, admin_client):
    revise = f"/status/{approved.token}/revise"
    csrf = csrf_from(client, revise)
    wave_step(admin_client, "close")
    submissions = count(Submission)
    data = factories.partnership_form(csrf_token=csrf, **{"partners-0-name": "Too Late"})
    response = client.post(revise, data=data, follow_redirects=True)
    assert "is closed, so these answers can no longer change." in response.get_data(as_text=True)
    assert count(Submission) == submissions
    assert partner_of(approved.id) == "History Partner"
