"""A partner whose link expired or got lost asks for new ones by email: one mail with every
link its address was asked with; an unknown address gets the same answer and no mail."""

from datetime import timedelta

import pytest

from app.extensions import db
from app.models import OutboxMessage
from tests.helpers import count
from tests.mail_helpers import outbox, sent_body
from tests.moderation_helpers import csrf_from
from tests.partner_helpers import (
    PARTNER_EMAIL,
    partner_events,
    the_reply,
    token_in,
)

SENT = "a message with new links is on its way"


def ask(client, email: str):
    """Post the new-link form with `email`."""
    data = {"csrf_token": csrf_from(client, "/partners/new-link"), "email": email}
    return client.post("/partners/new-link", data=data)


def test_an_expired_link_leads_to_new_ones_that_work(app, asked):
    reply = the_reply()
    reply.expires_at = reply.sent_at - timedelta(days=1)
    db.session.commit()
    partner = app.test_client()
    assert partner.get(f"/partners/{asked}").status_code == 410
    response = ask(partner, PARTNER_EMAIL.upper())  # any case: addresses are kept lower case
    assert response.status_code == 200 and SENT in response.get_data(as_text=True)
    [mail] = outbox("partner_links")
    assert mail.to_address == PARTNER_EMAIL
    assert "Code for Testville says it works with Testville Public Library:" in sent_body(mail)
    fresh = token_in(sent_body(mail))
    assert fresh != asked
    assert partner.get(f"/partners/{fresh}").status_code == 200
    assert partner.get(f"/partners/{asked}").status_code == 404  # the old link is replaced
    assert the_reply().expires_at > the_reply().sent_at
    assert [e.action for e in partner_events()] == ["partner.ask", "partner.new_link"]


def test_an_unknown_address_gets_the_same_answer_and_no_mail(app, asked):
    before = count(OutboxMessage), len(partner_events())
    known = ask(app.test_client(), PARTNER_EMAIL).get_data(as_text=True)
    unknown = ask(app.test_client(), "nobody@nowhere.example").get_data(as_text=True)
    assert SENT in unknown
    assert known.replace(PARTNER_EMAIL, "@") == unknown.replace("nobody@nowhere.example", "@")
    assert count(OutboxMessage) == before[0] + 1  # the known address's mail only
    assert len(partner_events()) == before[1] + 1


@pytest.mark.parametrize(
    "email, message",
    [
        ("", "Give the email address the question was sent to"),
        ("not-an-address", "Enter an email address like name@example.org"),
        ("a@b", "Enter an email address like name@example.org"),
        ("x" * 250 + "@example.org", "Keep an email address under 254 characters"),
        ("director@library.example\x00", "control character"),
    ],
)
def test_a_malformed_address_is_refused_and_nothing_is_sent(app, asked, email, message):
    before = count(OutboxMessage), the_reply().token_digest
    response = ask(app.test_client(), email)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert (count(OutboxMessage), the_reply().token_digest) == before


def test_new_links_are_rate_limited_like_lost_links(app, asked):
    app.config["LOST_LINK_RATE_LIMIT"] = "2 per hour"
    client = app.test_client()
    for _ in range(2):
        assert ask(client, PARTNER_EMAIL).status_code == 200
    assert ask(client, PARTNER_EMAIL).status_code == 429
    assert len(outbox("partner_links")) == 2


def test_the_form_page_changes_nothing(app, asked):
    before = the_reply().token_digest, count(OutboxMessage)
    page = app.test_client().get("/partners/new-link")
    assert page.status_code == 200 and "Send me new links" in page.get_data(as_text=True)
    assert (the_reply().token_digest, count(OutboxMessage)) == before
