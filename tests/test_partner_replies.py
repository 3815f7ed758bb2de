"""A partner named with a contact is asked, through its own link, whether it works with the
reporter; it confirms, declines (which hides the relationship everywhere) or withdraws."""

from datetime import timedelta

import pytest

from app.extensions import db
from app.models import ReplyState
from tests.helpers import count, newest_submission
from tests.mail_helpers import outbox, sent_body
from tests.moderation_helpers import csrf_from
from tests.partner_helpers import (
    PARTNER_EMAIL,
    answer,
    partner_events,
    question_mails,
    report_and_approve,
    the_reply,
    token_in,
)

PUBLIC_READERS = [
    "/api/graph",
    "/map/table",
    "/orgs/code-for-testville",
    "/downloads/partnerships.csv",
    "/downloads/organizations.csv",
    "/downloads/graph.json",
    "/downloads/graph.graphml",
    "/downloads/waves/current/partnership.csv",
]


def test_approval_mails_the_partner_its_personal_link(app, surveys, open_wave, moderator):
    assert surveys.partnership(**{"partners-0-email": PARTNER_EMAIL}).status_code == 303
    assert question_mails() == []  # nothing is asked before a moderator approves
    report_and_approve(app, surveys, **{"partners-1-name": "Testville Food Bank",
                                        "partners-1-kind": "nonprofit",
                                        "partners-1-status": "past"})  # fmt: skip
    [mail] = question_mails()  # the food bank gave no address: it is not asked
    assert mail.to_address == PARTNER_EMAIL
    assert mail.subject == "Code for Testville says it works with you: is that right?"
    assert (
        "Code for Testville says it works with you (active, since Wave current). Is that right?"
        in sent_body(mail)
    )
    assert "never published" in sent_body(mail) and "/partners/new-link" in sent_body(mail)
    reply = the_reply()
    assert reply.state is ReplyState.UNANSWERED and reply.email == PARTNER_EMAIL
    assert reply.expires_at - reply.sent_at == timedelta(days=60)
    assert reply.partner.name == "Testville Public Library"
    assert reply.reporter.name == "Code for Testville"
    assert f"/partners/{reply.token}" in sent_body(mail)
    assert [e.action for e in partner_events()] == ["partner.ask"]


def test_the_mail_is_in_the_language_of_the_reporters_form(app, client, surveys, open_wave,
                                                            moderator):  # fmt: skip
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    report_and_approve(app, surveys)
    [mail] = question_mails()
    assert the_reply().language == "es"
    assert sent_body(mail).startswith("Hola:")
    assert "(activa, " in sent_body(mail)


def test_the_page_says_who_named_the_partner_and_changes_nothing(app, asked):
    before = the_reply().version
    page = app.test_client().get(f"/partners/{asked}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Code for Testville says it works with Testville Public Library" in text
    assert "(active, since Wave current)" in text and "Not answered" in text
    for choice in ("Confirm", "Correct", "Decline to be shown"):
        assert choice in text
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert the_reply().version == before and len(partner_events()) == 1


def test_confirm_once_then_the_same_answer_changes_nothing(app, asked):
    partner = app.test_client()
    response = answer(partner, asked, "confirm")
    assert response.status_code == 303
    assert the_reply().state is ReplyState.CONFIRMED and the_reply().decided_at
    page = partner.get(response.headers["Location"]).get_data(as_text=True)
    assert "the relationship is confirmed" in page
    again = answer(partner, asked, "confirm")
    assert "already confirmed" in partner.get(again.headers["Location"]).get_data(as_text=True)
    assert [e.action for e in partner_events()] == ["partner.ask", "partner.confirm"]


def test_decline_removes_the_relationship_from_every_public_reader(app, asked):
    visitor = app.test_client()
    for url in PUBLIC_READERS:
        assert "Testville Public Library" in visitor.get(url).get_data(as_text=True), url
    assert visitor.get("/orgs/testville-public-library").status_code == 200
    assert answer(app.test_client(), asked, "decline").status_code == 303
    reply = the_reply()
    assert reply.state is ReplyState.DECLINED and reply.decided_at is not None
    for url in PUBLIC_READERS:
        response = visitor.get(url)
        assert response.status_code == 200, url
        assert "Testville Public Library" not in response.get_data(as_text=True), url
    # Named by no other public relationship, the partner is gone from the public site.
    assert visitor.get("/orgs/testville-public-library").status_code == 404
    [decline] = partner_events("partner.decline")
    assert decline.actor_label == "partner" and decline.to_status == "declined"
    assert decline.submission_id == newest_submission().id
    assert PARTNER_EMAIL not in decline.note


def test_withdrawing_a_decline_shows_the_relationship_again(app, asked):
    partner = app.test_client()
    answer(partner, asked, "decline")
    assert "Testville Public Library" not in partner.get("/api/graph").get_data(as_text=True)
    response = answer(partner, asked, "confirm")
    assert "decline is withdrawn" in partner.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert the_reply().state is ReplyState.CONFIRMED
    assert "Testville Public Library" in partner.get("/api/graph").get_data(as_text=True)
    actions = [e.action for e in partner_events()]
    assert actions == ["partner.ask", "partner.decline", "partner.withdraw"]


def test_a_decline_stays_in_force_in_a_later_approval(app, surveys, asked):
    answer(app.test_client(), asked, "decline")
    report_and_approve(app, surveys, **{"partners-0-status": "past"})  # answers sent again
    assert the_reply().state is ReplyState.DECLINED
    assert len(question_mails()) == 1  # not asked again
    assert "Testville Public Library" not in app.test_client().get("/api/graph").get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    "token",
    ["not-a-token", "x" * 65, "A" * 43, "%00", "..%2F..%2Fadmin"],
)
def test_forged_tokens_get_a_plain_page_and_change_nothing(app, asked, token):
    partner = app.test_client()
    before = (the_reply().version, count(type(the_reply())), len(partner_events()))
    page = partner.get(f"/partners/{token}")
    assert page.status_code in (400, 404)
    assert "Code for Testville" not in page.get_data(as_text=True)
    real = answer(partner, asked, "confirm")  # a real page's form token, a forged link
    csrf = csrf_from(partner, "/partners/new-link")
    post = partner.post(
        f"/partners/{token}/decide", data={"csrf_token": csrf, "decision": "decline"}
    )
    assert post.status_code in (400, 404)
    assert real.status_code == 303
    assert the_reply().state is ReplyState.CONFIRMED  # only the real link's answer
    assert len(partner_events()) == before[2] + 1


def test_an_expired_link_says_so_and_changes_nothing(app, asked):
    reply = the_reply()
    reply.expires_at = reply.sent_at - timedelta(seconds=1)
    db.session.commit()
    partner = app.test_client()
    page = partner.get(f"/partners/{asked}")
    assert page.status_code == 410
    text = page.get_data(as_text=True)
    assert "expired" in text and "/partners/new-link" in text
    assert "Code for Testville" not in text
    csrf = csrf_from(partner, "/partners/new-link")
    post = partner.post(
        f"/partners/{asked}/decide", data={"csrf_token": csrf, "decision": "decline"}
    )
    assert post.status_code == 410
    assert the_reply().state is ReplyState.UNANSWERED and len(partner_events()) == 1


def test_an_old_link_stops_working_once_a_new_one_is_issued(app, surveys, asked, moderator):
    reply = the_reply()
    reply.expires_at = reply.sent_at  # expired: the next approval asks again
    db.session.commit()
    report_and_approve(app, surveys)
    assert len(question_mails()) == 2
    fresh_token = token_in(sent_body(question_mails()[-1]))
    assert fresh_token != asked
    partner = app.test_client()
    assert partner.get(f"/partners/{asked}").status_code == 404
    assert partner.get(f"/partners/{fresh_token}").status_code == 200


def test_a_missing_or_unknown_decision_changes_nothing(app, asked):
    partner = app.test_client()
    for decision in ("", "maybe", "CONFIRM"):
        response = answer(partner, asked, decision)
        assert response.status_code == 422
        assert "Choose confirm or decline" in response.get_data(as_text=True)
    assert the_reply().state is ReplyState.UNANSWERED and len(partner_events()) == 1
    no_csrf = partner.post(f"/partners/{asked}/decide", data={"decision": "decline"})
    assert no_csrf.status_code == 422  # the page again, saying the form expired
    assert "The form expired; please try again." in no_csrf.get_data(as_text=True)
    assert the_reply().state is ReplyState.UNANSWERED


def test_moderators_see_each_partners_reply_and_its_email(app, surveys, asked, auth):
    answer(app.test_client(), asked, "decline")
    report_and_approve(app, surveys, **{"partners-1-name": "Testville Food Bank",
                                        "partners-1-kind": "nonprofit",
                                        "partners-1-status": "active"})  # fmt: skip
    auth.login()
    page = auth.client.get(f"/moderation/submissions/{newest_submission().id}")
    text = page.get_data(as_text=True)
    assert "Declined by the partner" in text and "No partner email given" in text
    assert PARTNER_EMAIL in text
    assert len(outbox("partner_question")) == 1


def test_the_queue_names_each_submissions_replies_and_private_marks(app, client, surveys, asked,
                                                                    auth):  # fmt: skip
    assert answer(app.test_client(), asked, "decline").status_code == 303
    assert surveys.partnership(**{"partners-0-private": "y"}).status_code == 303
    auth.login()
    waiting = client.get("/moderation/").get_data(as_text=True)
    assert "1 partner declined to be shown" in waiting
    assert "1 partner or its words kept for moderators only" in waiting
    published = client.get("/moderation/?status=approved").get_data(as_text=True)
    assert "1 partner declined to be shown" in published
    assert "kept for moderators only" not in published and "partner confirmed" not in published


def test_the_queue_names_a_confirmation(app, client, asked, auth):
    assert answer(app.test_client(), asked, "confirm").status_code == 303
    auth.login()
    published = client.get("/moderation/?status=approved").get_data(as_text=True)
    assert "1 partner confirmed" in published and "declined to be shown" not in published
