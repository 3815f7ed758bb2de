"""Who speaks for an organization: contacts verified only by approval, an admin or a reply.

Through the real survey, review, partner and admin pages, with their CSRF tokens.
"""

import re

import pytest
import sqlalchemy as sa

from app.audit import Action
from app.extensions import db
from app.models import (
    AuditEvent,
    ContactSource,
    ContactState,
    Organization,
    OrganizationContact,
    OrgKind,
)
from tests import factories
from tests.conftest import AuthActions
from tests.helpers import newest_submission
from tests.moderation_helpers import csrf_from, decide, fresh
from tests.partner_helpers import PARTNER_EMAIL, answer
from tests.test_admin_users import post


def contacts(name: str = "Code for Testville") -> dict[str, ContactState]:
    """Return the organization's contacts as {address: state}, fresh from the database."""
    db.session.expire_all()
    rows = db.session.scalars(
        sa.select(OrganizationContact).join(Organization).where(Organization.name == name)
    )
    return {row.email: row.state for row in rows}


def signed_in(app, email: str):
    """Return a new client signed in as `email`."""
    client = app.test_client()
    assert AuthActions(client).login(email).status_code == 303
    return client


def audit_notes(action: Action) -> list[str]:
    """Return the notes of the audit lines of `action`."""
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AuditEvent.note).where(AuditEvent.action == action)))


def test_an_address_is_a_contact_only_once_a_moderator_approves_its_answers(
    app, surveys, open_wave, moderator
):
    assert surveys.partnership().status_code == 303
    submission = newest_submission()
    assert contacts() == {}  # typed into a form: not yet anyone's contact
    reviewer = signed_in(app, "moderator@example.org")
    page = reviewer.get(f"/moderation/submissions/{submission.id}").get_data(as_text=True)
    assert "New contact for Code for Testville." in page
    assert decide(reviewer, submission.id, "approve", submission.version).status_code == 303
    assert contacts() == {"riley@example.org": ContactState.VERIFIED}
    [note] = audit_notes(Action.CONTACT_VERIFY)
    assert "riley@" not in note and "its answers were approved" in note
    # The next answers from the same address are from a verified contact.
    assert surveys.partnership(**{"partners-0-name": "Testville Food Bank"}).status_code == 303
    again = reviewer.get(f"/moderation/submissions/{newest_submission().id}")
    assert "A verified contact of Code for Testville." in again.get_data(as_text=True)


@pytest.mark.parametrize("decision", ["reject", "request_changes"])
def test_answers_sent_back_or_rejected_verify_nothing(app, surveys, open_wave, moderator, decision):
    surveys.partnership()
    submission = newest_submission()
    reviewer = signed_in(app, "moderator@example.org")
    response = decide(reviewer, submission.id, decision, submission.version, note="Not now")
    assert response.status_code == 303
    assert fresh(submission.id).status.value != "approved"
    assert contacts() == {}


def test_a_partner_replying_through_its_link_speaks_for_itself_from_then_on(client, asked):
    assert contacts("Testville Public Library") == {}  # the brigade's word is not enough
    assert answer(client, asked, "confirm").status_code == 303
    assert contacts("Testville Public Library") == {PARTNER_EMAIL: ContactState.VERIFIED}
    contact = db.session.scalar(sa.select(OrganizationContact).filter_by(email=PARTNER_EMAIL))
    assert contact.source is ContactSource.REPLY


ADD_URL = "/admin/orgs/{}/contacts"


@pytest.fixture
def brigade(app):
    """Return a published brigade with one verified contact."""
    org = factories.make_org("Code for Testville")
    factories.make_contact(org, "riley@example.org")
    return org


def test_an_admin_adds_verified_contacts(client, signed_in_admin, brigade):
    rows = "Sam@Example.org, Sam Lee\n\n  jo@example.org  "
    response = post(client, ADD_URL.format(brigade.id), {"rows": rows}, follow_redirects=True)
    assert "2 contacts added." in response.get_data(as_text=True)
    assert contacts() == {
        "riley@example.org": ContactState.VERIFIED,
        "sam@example.org": ContactState.VERIFIED,
        "jo@example.org": ContactState.VERIFIED,
    }
    sam = db.session.scalar(sa.select(OrganizationContact).filter_by(email="sam@example.org"))
    assert sam.name == "Sam Lee" and sam.source is ContactSource.ADMIN
    assert len(audit_notes(Action.CONTACT_ADD)) == 2
    assert not any("@" in note for note in audit_notes(Action.CONTACT_ADD))


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("not-an-address", "“not-an-address” is not a valid email address."),
        ("a@example.org\nA@example.org, Again", "<q>A@example.org, Again</q> — A duplicate"),
        ("riley@example.org", "Already a contact of Code for Testville (verified)"),
        ("good@example.org\n<b>x</b>@", "“&lt;b&gt;x&lt;/b&gt;@” is not a valid email address."),
    ],
)
def test_a_bad_line_gets_its_message_and_nothing_is_stored(
    client, signed_in_admin, brigade, rows, message
):
    response = post(client, ADD_URL.format(brigade.id), {"rows": rows})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "nothing was stored" in page and message in page
    assert contacts() == {"riley@example.org": ContactState.VERIFIED}
    assert audit_notes(Action.CONTACT_ADD) == []


def test_a_retired_contact_is_no_longer_offered_for_invitations(client, signed_in_admin, brigade):
    factories.make_partnership(open_wave_of(), brigade, factories.make_org("A Library"))
    contact = db.session.scalar(sa.select(OrganizationContact))
    offered = f'value="partnership:{brigade.id}"'
    assert offered in client.get("/admin/waves/current/invite").get_data(as_text=True)
    response = post(client, f"/admin/contacts/{contact.id}/retire", follow_redirects=True)
    assert "The contact is now retired." in response.get_data(as_text=True)
    assert offered not in client.get("/admin/waves/current/invite").get_data(as_text=True)
    again = post(client, f"/admin/contacts/{contact.id}/retire", follow_redirects=True)
    assert "A contact that is retired cannot be changed that way." in again.get_data(as_text=True)
    post(client, f"/admin/contacts/{contact.id}/verify")
    assert contacts() == {"riley@example.org": ContactState.VERIFIED}


def open_wave_of():
    """Return the open "current" wave, made if needed."""
    return db.session.scalar(sa.select(factories.SurveyWave).filter_by(slug="current")) or (
        factories.make_wave()
    )


def test_moderators_cannot_see_or_change_contacts(app, brigade, moderator):
    reviewer = signed_in(app, "moderator@example.org")
    assert reviewer.get("/admin/contacts").status_code == 403
    assert reviewer.get(ADD_URL.format(brigade.id)).status_code == 403
    contact = db.session.scalar(sa.select(OrganizationContact))
    token = csrf_from(reviewer, "/moderation/")
    refused = reviewer.post(f"/admin/contacts/{contact.id}/retire", data={"csrf_token": token})
    assert refused.status_code == 403
    assert contacts() == {"riley@example.org": ContactState.VERIFIED}


def test_the_contacts_page_finds_an_address_without_putting_it_in_the_url(
    client, signed_in_admin, brigade
):
    response = post(client, "/admin/contacts", {"q": "RILEY@example.org"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'href="/admin/orgs/\d+/contacts">Code for Testville</a>: Verified', page)
    assert "riley" not in response.request.url


def test_a_partner_correction_never_counts_or_is_invited_as_a_respondent(
    app, client, asked, signed_in_admin
):
    from tests.partner_helpers import send_correction

    assert send_correction(client, asked, cares_about="Reading").status_code == 303
    correction = newest_submission()
    reviewer = signed_in(app, "moderator@example.org")
    decide(reviewer, correction.id, "approve", correction.version)
    assert fresh(correction.id).status.value == "approved"
    closed = db.session.scalar(sa.select(factories.SurveyWave).filter_by(slug="current"))
    closed.status = factories.WaveStatus.CLOSED
    db.session.commit()
    factories.make_wave(slug="next")
    page = client.get("/admin/waves/next/invite").get_data(as_text=True)
    library = db.session.scalar(sa.select(Organization).filter_by(kind=OrgKind.GOVERNMENT))
    # The library's address speaks for it (it replied), but it answered no survey and is
    # no brigade: it is not one of last wave's respondents, nor asked the brigades' survey.
    assert contacts("Testville Public Library") == {PARTNER_EMAIL: ContactState.VERIFIED}
    assert f'value="partnership:{library.id}"' not in page
    brigade = db.session.scalar(sa.select(Organization).filter_by(name="Code for Testville"))
    assert re.search(rf'value="partnership:{brigade.id}"[^>]*\n\s*checked', page)
