"""The submitter's private status link, and editing while the answers wait for review."""

import re

import pytest

from app.extensions import db
from app.models import Organization, OrgStatus, SubmissionStatus, WaveStatus
from tests import factories
from tests.helpers import count, newest_submission


@pytest.fixture
def submitted(surveys, open_wave):
    """Send a partnership survey and return the stored submission."""
    surveys.partnership(
        **{
            "partners-1-name": "Brand New Partner",
            "partners-1-kind": "nonprofit",
            "partners-1-status": "past",
        }
    )
    return newest_submission()


def edit_token(client, token: str) -> tuple[str, str]:
    """Load the edit form and return its CSRF token and seen_version."""
    page = client.get(f"/status/{token}/edit").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    version = re.search(r'name="seen_version" type="hidden" value="(\d+)"', page).group(1)
    return csrf, version


def test_status_page_shows_answers_status_and_private_link(client, submitted):
    response = client.get(f"/status/{submitted.token}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Waiting for review" in page
    assert f"http://localhost/status/{submitted.token}" in page
    assert "Testville Public Library" in page and "Brand New Partner" in page
    assert "Digital literacy classes" in page
    assert "Change your answers" in page


def test_status_page_is_private(client, submitted):
    response = client.get(f"/status/{submitted.token}")
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.parametrize("token", ["nope", "a" * 43, "x" * 500])
def test_unknown_token_is_404(client, submitted, token):
    assert client.get(f"/status/{token}").status_code == 404
    assert client.get(f"/status/{token}/edit").status_code == 404


def test_confirmation_redirect_lands_on_the_status_page(surveys, open_wave):
    response = surveys.post("/surveys/partnership", factories.partnership_form(), follow=True)
    page = response.get_data(as_text=True)
    assert "your answers were received" in page
    assert "Your private link" in page


def test_edit_form_starts_from_the_stored_answers(client, submitted):
    page = client.get(f"/status/{submitted.token}/edit").get_data(as_text=True)
    assert 'value="Code for Testville"' in page
    assert 'value="Brand New Partner"' in page
    assert "Digital literacy classes" in page
    assert 'value="riley@example.org"' in page


def test_editing_replaces_the_answers_and_drops_unused_new_names(client, submitted):
    csrf, version = edit_token(client, submitted.token)
    data = factories.partnership_form(
        csrf_token=csrf,
        seen_version=version,
        **{"partners-0-name": "Testville Transit", "partners-0-priorities": "Bus data"},
    )
    response = client.post(f"/status/{submitted.token}/edit", data=data)
    assert response.status_code == 303
    edited = newest_submission()
    assert edited.id == submitted.id
    assert [(p.partner.name, p.priorities) for p in edited.partnerships] == [
        ("Testville Transit", "Bus data")
    ]
    names = set(db.session.scalars(db.select(Organization.name)))
    # The pending names that no answer uses any more are gone.
    assert names == {"Code for Testville", "Testville Transit"}
    assert edited.version == int(version) + 1


def test_approved_organizations_are_never_dropped_by_an_edit(client, surveys, open_wave):
    library = factories.make_org("Testville Public Library", status=OrgStatus.APPROVED)
    surveys.partnership()
    submission = newest_submission()
    csrf, version = edit_token(client, submission.token)
    data = factories.partnership_form(
        csrf_token=csrf, seen_version=version, **{"partners-0-name": "Other Partner"}
    )
    client.post(f"/status/{submission.token}/edit", data=data)
    assert db.session.get(Organization, library.id) is not None


def test_an_invalid_edit_changes_nothing(client, submitted):
    csrf, version = edit_token(client, submitted.token)
    data = factories.partnership_form(csrf_token=csrf, seen_version=version, contact_email="x")
    response = client.post(f"/status/{submitted.token}/edit", data=data)
    assert response.status_code == 422
    assert len(newest_submission().partnerships) == 2


def test_an_edit_from_a_stale_page_is_refused(client, submitted):
    csrf, version = edit_token(client, submitted.token)
    first = factories.partnership_form(csrf_token=csrf, seen_version=version)
    assert client.post(f"/status/{submitted.token}/edit", data=first).status_code == 303
    stale = factories.partnership_form(
        csrf_token=csrf, seen_version=version, **{"partners-0-name": "Lost Update"}
    )
    response = client.post(f"/status/{submitted.token}/edit", data=stale, follow_redirects=True)
    assert "changed in another window" in response.get_data(as_text=True)
    assert "Lost Update" not in {p.partner.name for p in newest_submission().partnerships}


def test_reviewed_answers_cannot_be_edited(client, submitted):
    submitted.status = SubmissionStatus.APPROVED
    db.session.commit()
    page = client.get(f"/status/{submitted.token}").get_data(as_text=True)
    assert "Change your answers" not in page
    response = client.get(f"/status/{submitted.token}/edit", follow_redirects=True)
    assert "can no longer be changed" in response.get_data(as_text=True)
    csrf = re.search(r'value="([^"]+)"', client.get("/surveys/partnership").get_data(as_text=True))
    data = factories.partnership_form(csrf_token=csrf.group(1), seen_version="2")
    client.post(f"/status/{submitted.token}/edit", data=data)
    assert len(newest_submission().partnerships) == 2


def test_answers_cannot_change_after_the_wave_closes(client, submitted, open_wave):
    csrf, version = edit_token(client, submitted.token)
    open_wave.status = WaveStatus.CLOSED
    db.session.commit()
    data = factories.partnership_form(
        csrf_token=csrf, seen_version=version, **{"partners-0-name": "Too Late Partner"}
    )
    response = client.post(f"/status/{submitted.token}/edit", data=data, follow_redirects=True)
    assert "is closed" in response.get_data(as_text=True)
    assert count(Organization) == 3  # nothing new was named


def test_involvement_answers_can_be_edited(surveys, client, open_wave):
    surveys.involvement()
    submission = newest_submission()
    page = client.get(f"/status/{submission.token}/edit").get_data(as_text=True)
    assert 'value="extensive" checked' in page or 'checked id="level-1"' in page
    csrf, version = edit_token(client, submission.token)
    data = factories.involvement_form(
        csrf_token=csrf, seen_version=version, level="some_contact", events=[]
    )
    assert client.post(f"/status/{submission.token}/edit", data=data).status_code == 303
    edited = newest_submission()
    assert edited.involvement.level.value == "some_contact"
    assert all(c.topic.value != "event" for c in edited.involvement_choices)
