"""Moderators' decisions through the review pages, and what the submitter sees."""

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Organization, OrgStatus, OutboxMessage, SubmissionStatus
from tests import factories
from tests.helpers import newest_submission
from tests.mail_helpers import sent_body
from tests.moderation_helpers import csrf_from, decide, events, fresh


@pytest.fixture
def waiting(surveys, open_wave):
    """A partnership submission naming a new partner, waiting for review."""
    surveys.partnership(**{"partners-0-name": "Brand New Partner Org"})
    return newest_submission()


@pytest.fixture
def signed_in(auth, moderator):
    auth.login()
    return moderator


def test_review_page_shows_answers_contact_and_history(client, signed_in, waiting):
    page = client.get(f"/moderation/submissions/{waiting.id}").get_data(as_text=True)
    assert "Brand New Partner Org" in page
    assert "riley@example.org" in page  # moderators see the private contact
    assert "submission.submitted" in page
    assert "Approve and publish" in page and "Ask for changes" in page


def test_approve_publishes_the_answers_and_tells_the_submitter(client, signed_in, waiting):
    response = decide(client, waiting.id, "approve", waiting.version)
    assert response.status_code == 303
    submission = fresh(waiting.id)
    assert submission.status is SubmissionStatus.APPROVED
    assert submission.decided_by_id == signed_in.id
    assert submission.partnerships[0].partner.status is OrgStatus.APPROVED
    assert submission.organization.status is OrgStatus.APPROVED
    [event] = events(waiting.id, "submission.approve")
    assert (event.actor_id, event.from_status, event.to_status) == (
        signed_in.id,
        "pending",
        "approved",
    )
    mail = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.to_address == "riley@example.org")
    ).all()
    assert any(waiting.token in sent_body(m) for m in mail)
    status_page = client.get(f"/status/{waiting.token}").get_data(as_text=True)
    assert "Approved and published" in status_page


def test_a_double_clicked_approve_records_one_event(client, signed_in, waiting):
    seen = waiting.version  # both clicks come from the same page
    first = decide(client, waiting.id, "approve", seen)
    second = decide(client, waiting.id, "approve", seen)
    assert first.status_code == second.status_code == 303
    assert len(events(waiting.id, "submission.approve")) == 1


def test_a_decision_on_a_stale_page_is_a_409_naming_who_won(client, auth, signed_in, waiting):
    seen = waiting.version  # the second decision comes from a page loaded before the first
    decide(client, waiting.id, "approve", seen)
    response = decide(client, waiting.id, "reject", seen, note="Spam")
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "approved and published by moderator@example.org" in page  # the action in words
    assert fresh(waiting.id).status is SubmissionStatus.APPROVED
    assert events(waiting.id, "submission.reject") == []


@pytest.mark.parametrize("decision", ["reject", "request_changes"])
def test_reject_and_request_changes_need_a_note(client, signed_in, waiting, decision):
    response = decide(client, waiting.id, decision, waiting.version)
    assert response.status_code == 422
    assert fresh(waiting.id).status is SubmissionStatus.PENDING


def test_a_rejection_reason_stays_private(client, signed_in, waiting):
    decide(client, waiting.id, "reject", waiting.version, note="Looks like a test entry XQZ")
    assert fresh(waiting.id).status is SubmissionStatus.REJECTED
    status_page = client.get(f"/status/{waiting.token}").get_data(as_text=True)
    assert "Not published" in status_page
    # The whole phrase: a random token on the page could hold a short marker by chance.
    assert "a test entry XQZ" not in status_page
    mail = db.session.scalars(sa.select(OutboxMessage.body)).all()
    assert not any("a test entry XQZ" in body for body in mail)


def test_changes_requested_then_resubmitted_goes_back_to_the_queue(
    client, surveys, signed_in, waiting
):
    decide(client, waiting.id, "request_changes", waiting.version, note="Add your city please")
    status_page = client.get(f"/status/{waiting.token}").get_data(as_text=True)
    assert "Add your city please" in status_page
    assert "Change your answers" in status_page
    edit_url = f"/status/{waiting.token}/edit"
    page = client.get(edit_url).get_data(as_text=True)
    version = page.split('name="seen_version" type="hidden" value="')[1].split('"')[0]
    data = factories.partnership_form(
        csrf_token=csrf_from(client, edit_url), seen_version=version, org_city="Newtown"
    )
    assert client.post(edit_url, data=data).status_code == 303
    submission = fresh(waiting.id)
    assert submission.status is SubmissionStatus.PENDING
    [event] = events(waiting.id, "submission.resubmitted")
    assert event.actor_label == "submitter"


def test_unpublish_takes_answers_off_public_pages(client, signed_in, waiting):
    decide(client, waiting.id, "approve", waiting.version)
    assert "<strong>1</strong> partnerships" in client.get("/").get_data(as_text=True)
    decide(client, waiting.id, "unpublish", fresh(waiting.id).version)
    assert fresh(waiting.id).status is SubmissionStatus.UNPUBLISHED
    home = client.get("/").get_data(as_text=True)
    assert "Brand New Partner Org" not in client.get("/surveys/partnership").get_data(as_text=True)
    assert "<strong>1</strong> partnerships" not in home


def test_an_illegal_decision_is_refused(client, signed_in, waiting):
    response = decide(client, waiting.id, "unpublish", waiting.version)
    assert response.status_code == 409
    assert "cannot be unpublished" in response.get_data(as_text=True)


def test_moderator_edit_keeps_the_old_answers_as_a_version(client, signed_in, waiting):
    url = f"/moderation/submissions/{waiting.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'value="Brand New Partner Org"' in page
    data = factories.partnership_form(
        csrf_token=csrf_from(client, url),
        seen_version=str(waiting.version),
        **{"partners-0-name": "Brand New Partner Organization"},
    )
    assert client.post(url, data=data).status_code == 303
    submission = fresh(waiting.id)
    assert submission.partnerships[0].partner.name == "Brand New Partner Organization"
    assert events(waiting.id, "submission.moderator_edit")[0].actor_id == signed_in.id
    review = client.get(f"/moderation/submissions/{waiting.id}").get_data(as_text=True)
    assert "Version 2" in review
    assert "<del>Brand New Partner Org</del>" in review
    assert "<ins>Brand New Partner Organization</ins>" in review
    assert (
        db.session.scalar(
            sa.select(Organization).where(Organization.name == "Brand New Partner Org")
        )
        is None
    )


def test_changed_answers_replace_the_approved_ones_once_approved(client, signed_in, waiting):
    decide(client, waiting.id, "approve", waiting.version)
    revise = f"/status/{waiting.token}/revise"
    data = factories.partnership_form(
        csrf_token=csrf_from(client, revise), **{"partners-0-name": "Second Partner"}
    )
    response = client.post(revise, data=data)
    assert response.status_code == 303
    revised = newest_submission()
    assert revised.id != waiting.id and revised.replaces_id == waiting.id
    assert fresh(waiting.id).status is SubmissionStatus.APPROVED  # unchanged until reviewed
    decide(client, revised.id, "approve", revised.version)
    assert fresh(waiting.id).status is SubmissionStatus.SUPERSEDED
    assert fresh(revised.id).status is SubmissionStatus.APPROVED
