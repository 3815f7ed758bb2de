"""Erasing an address on its owner's request: gone from every table, links dead, audited blind."""

import re

import sqlalchemy as sa

from app.audit import Action
from app.extensions import db
from app.models import AuditEvent, ContactState, OrganizationContact, OutboxMessage
from tests import factories
from tests.conftest import AuthActions
from tests.helpers import newest_submission, stored_text_holding
from tests.mail_helpers import outbox, sent_body
from tests.moderation_helpers import csrf_from, decide
from tests.partner_helpers import PARTNER_EMAIL
from tests.test_admin_users import post

RILEY = "riley@example.org"
INVITATION = re.compile(r"(/invitations/[A-Za-z0-9_-]+)\n")


def signed_in(app, email: str):
    """Return a new client signed in as `email`."""
    client = app.test_client()
    assert AuthActions(client).login(email).status_code == 303
    return client


def answered_approved_and_invited(app, surveys):
    """Riley answers for the brigade naming the library with a contact; a moderator approves;
    the next wave invites the brigade at Riley's address. Return the invitation's link."""
    assert surveys.partnership(**{"partners-0-email": PARTNER_EMAIL}).status_code == 303
    submission = newest_submission()
    reviewer = signed_in(app, "moderator@example.org")
    assert decide(reviewer, submission.id, "approve", submission.version).status_code == 303
    admin = signed_in(app, "admin@example.org")
    brigade = submission.organization
    response = post(admin, "/admin/waves/current/invite", {"invite": [f"partnership:{brigade.id}"]})
    assert response.status_code == 303
    [invitation] = outbox("invitation")
    assert invitation.to_address == RILEY
    return INVITATION.search(sent_body(invitation)).group(1), admin


def test_an_erased_address_is_gone_from_every_table_and_its_links_stop(
    app, client, surveys, open_wave, moderator, admin
):
    link, admin_client = answered_approved_and_invited(app, surveys)
    token = newest_submission().token
    assert stored_text_holding([RILEY], skip=("user_account",))  # it is there to begin with
    # The submitter asks from the status page; the request waits for an administrator.
    asked = post(client, f"/status/{token}/erase", {}, follow_redirects=True)
    assert "We received your request." in asked.get_data(as_text=True)
    assert "for your address to be erased; an administrator will erase it" in asked.text
    assert "Ask us to erase my address" not in asked.text  # asked once is enough
    waiting = admin_client.get("/admin/contacts").get_data(as_text=True)
    assert "A contact of Code for Testville, asked on" in waiting
    contact = db.session.scalar(sa.select(OrganizationContact).filter_by(email=RILEY))
    confirm = admin_client.get(f"/admin/contacts/{contact.id}/erase").get_data(as_text=True)
    assert "is left with no verified contact" in confirm  # its open invitation, said first
    assert stored_text_holding([RILEY], skip=("user_account",))  # only asked, nothing erased
    done = post(admin_client, f"/admin/contacts/{contact.id}/erase", {}, follow_redirects=True)
    assert "The address was erased from" in done.get_data(as_text=True)
    assert stored_text_holding([RILEY], skip=("user_account",)) == []
    assert stored_text_holding(["Riley Organizer"], skip=("user_account",)) == []
    db.session.expire_all()
    assert db.session.get(OrganizationContact, contact.id).state is ContactState.ERASED
    [line] = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == Action.CONTACT_ERASE)
    ).all()
    assert "erased" in line.note and "@" not in line.note
    # The invitation's link now leads to a clear page and no data.
    dead = client.get(link)
    assert dead.status_code == 404
    assert "This invitation link is not one we sent" in dead.get_data(as_text=True)
    wave_page = admin_client.get("/admin/waves/current").get_data(as_text=True)
    assert "Withdrawn: its address was erased" in wave_page and "(erased)" in wave_page
    # The partner, whose own address is another person's, is untouched.
    assert stored_text_holding([PARTNER_EMAIL])


def test_an_erased_partner_address_stops_its_link(app, client, asked, admin):
    link = f"/partners/{asked}"
    assert client.get(link).status_code == 200
    library = factories.Organization.query.filter_by(name="Testville Public Library").one()
    factories.make_contact(library, PARTNER_EMAIL)
    contact = db.session.scalar(sa.select(OrganizationContact).filter_by(email=PARTNER_EMAIL))
    admin_client = signed_in(app, "admin@example.org")
    post(admin_client, f"/admin/contacts/{contact.id}/erase", {})
    assert stored_text_holding([PARTNER_EMAIL], skip=("user_account",)) == []
    gone = client.get(link)
    assert gone.status_code == 404
    assert PARTNER_EMAIL not in gone.get_data(as_text=True)
    # A mail to it that waited is never sent, and its words are gone.
    for message in db.session.scalars(sa.select(OutboxMessage)):
        assert PARTNER_EMAIL not in message.to_address + message.body


def test_the_erase_page_only_asks_until_the_button_is_pressed(client, signed_in_admin):
    org = factories.make_org("Code for Testville")
    contact = factories.make_contact(org, RILEY)
    page = client.get(f"/admin/contacts/{contact.id}/erase")
    assert page.status_code == 200 and "Yes, erase this address everywhere" in page.get_data(
        as_text=True
    )
    token = csrf_from(client, f"/admin/contacts/{contact.id}/erase")
    assert token  # the GET showed a form; nothing changed
    db.session.expire_all()
    assert db.session.get(OrganizationContact, contact.id).email == RILEY
