"""Wave invitations: inviting, personal links, answering, reminders, opt-outs, closing."""

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.audit import Action
from app.extensions import db
from app.models import (
    AuditEvent,
    ContactState,
    InvitationStatus,
    OrganizationContact,
    OrgKind,
    Submission,
    SubmissionStatus,
    WaveInvitation,
)
from app.models.enums import WaveStatus, WaveSurveys
from app.models.types import utcnow
from tests import factories
from tests.helpers import count
from tests.mail_helpers import outbox, sent_body
from tests.test_admin_users import csrf_token, post

LINK = re.compile(r"(/invitations/[A-Za-z0-9_-]+)\n")
OPT_OUT = re.compile(r"(/invitations/[A-Za-z0-9_-]+/opt-out)")


@pytest.fixture
def waves(app):
    """Last year's closed partnership wave with two respondents, and this year's open one."""
    last = factories.make_wave(
        slug="last",
        surveys=WaveSurveys.PARTNERSHIP,
        status=WaveStatus.CLOSED,
        opens_on=date.today() - timedelta(days=365),
    )
    library = factories.make_org("Alpha Library", OrgKind.GOVERNMENT)
    for name, contact, email in [
        ("Code for Alpha", "Alex Alpha", "alpha@example.org"),
        ("Code for Beta", "Bea Beta", "beta@example.org"),
    ]:
        submission = factories.make_partnership(last, factories.make_org(name), library)
        submission.contact_name, submission.contact_email = contact, email
        factories.make_contact(submission.organization, email)  # verified by its approval
    # On the map, with a known contact, but not a respondent of the last wave.
    gamma = factories.make_partnership(
        factories.make_wave(slug="older", surveys=WaveSurveys.PARTNERSHIP,
                            status=WaveStatus.CLOSED,
                            opens_on=date.today() - timedelta(days=800)),
        factories.make_org("Code for Gamma"),
        library,
    )  # fmt: skip
    gamma.contact_email = "gamma@example.org"
    factories.make_contact(gamma.organization, "gamma@example.org")
    db.session.commit()
    current = factories.make_wave(surveys=WaveSurveys.PARTNERSHIP)
    return last, current


def invitations() -> list[WaveInvitation]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(WaveInvitation).order_by(WaveInvitation.id)))


def invitation_of(name: str) -> WaveInvitation:
    return next(i for i in invitations() if i.organization.name == name)


def invite(client, *chosen: str, pasted: str = "", follow: bool = False):
    data = {"invite": list(chosen), "pasted": pasted, "pasted_survey": "partnership"}
    return post(client, "/admin/waves/current/invite", data, follow_redirects=follow)


def key(name: str) -> str:
    org = db.session.scalar(sa.select(factories.Organization).filter_by(name=name))
    return f"partnership:{org.id}"


def link_of(message) -> str:
    return LINK.search(sent_body(message)).group(1)


def audit(action: Action) -> int:
    db.session.expire_all()
    return count_where(AuditEvent.action == action.value)


def opted_out() -> int:
    db.session.expire_all()
    return db.session.scalar(
        sa.select(sa.func.count()).where(OrganizationContact.state == ContactState.OPTED_OUT)
    )


def count_where(condition) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(condition))


def test_last_waves_respondents_are_preselected_and_invited_once(client, signed_in_admin, waves):
    page = client.get("/admin/waves/current/invite").get_data(as_text=True)
    for name in ("Code for Alpha", "Code for Beta"):
        assert re.search(rf'value="{key(name)}"[^>]*\n\s*checked', page), name
    assert re.search(rf'value="{key("Code for Gamma")}"[^>]*\n\s*>', page)  # offered, not chosen
    response = invite(client, key("Code for Alpha"), key("Code for Beta"))
    assert response.status_code == 303
    mails = outbox("invitation")
    assert sorted(m.to_address for m in mails) == ["alpha@example.org", "beta@example.org"]
    assert all(LINK.search(sent_body(m)) and OPT_OUT.search(sent_body(m)) for m in mails)
    assert not any(LINK.search(m.body) for m in mails)  # kept sealed, written as sent
    assert "Code for Alpha is invited to answer Wave current" in [m.subject for m in mails][0]
    assert audit(Action.INVITATION_SEND) == 2
    # Asked again, nothing is sent twice: the rows are refused and say why.
    again = invite(client, key("Code for Alpha"))
    assert again.status_code == 422
    assert "already invited to this survey of the wave; nothing is sent twice" in again.get_data(
        as_text=True
    )
    assert len(outbox("invitation")) == 2
    wave_page = client.get("/admin/waves/current").get_data(as_text=True)
    assert "2 invited: 0 mailed, 0 opened, 0 answered, 0 opted out." in wave_page
    assert "0 of the 2 organizations invited" in wave_page


def test_pasted_rows_are_checked_one_by_one(client, signed_in_admin, waves):
    pasted = "\n".join(
        [
            "Code for Alpha, Someone.New@Example.org",
            "Code for Beta, not-an-address",
            "Code for Alpha, other@example.org",
            "Code for Nowhere, nobody@example.org",
            "just a name",
            "",
            "Code for Gamma; gamma-new@example.org",
        ]
    )
    response = invite(client, pasted=pasted)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "2 invitations are in the outbox." in page
    assert "4 rows were refused; nothing was sent for them" in page
    assert "“not-an-address” is not a valid email address." in page
    assert "A duplicate: row 1 already invites Code for Alpha." in page
    assert "We know no organization called “Code for Nowhere”" in page
    assert "Write the organization&#39;s name, a comma, then an email address." in page
    assert sorted(m.to_address for m in outbox("invitation")) == [
        "gamma-new@example.org",
        "someone.new@example.org",
    ]
    assert len(invitations()) == 2


def test_a_personal_link_opens_the_prefilled_survey_with_no_other_contact(
    client, signed_in_admin, waves
):
    invite(client, pasted="Code for Alpha, fresh@example.org")
    link = link_of(outbox("invitation")[0])
    visitor = client.application.test_client()
    landing = visitor.get(link)
    assert landing.status_code == 200
    assert invitation_of("Code for Alpha").status is InvitationStatus.SENT  # a GET writes nothing
    assert landing.headers["Referrer-Policy"] == "no-referrer"
    token = csrf_token(visitor, link)
    start = visitor.post(f"{link}/start", data={"csrf_token": token})
    assert start.status_code == 303 and start.headers["Location"].endswith(f"{link}/survey")
    assert invitation_of("Code for Alpha").status is InvitationStatus.OPENED
    survey = visitor.get(f"{link}/survey").get_data(as_text=True)
    assert 'value="Code for Alpha"' in survey
    assert 'value="Alpha Library"' in survey  # last approved answers filled in
    assert 'value="fresh@example.org"' in survey  # the invitee's own address
    assert "alpha@example.org" not in survey and "Alex Alpha" not in survey
    assert "Bea Beta" not in survey and "beta@example.org" not in survey


def answer(client, link: str, **overrides):
    token = csrf_token(client, f"{link}/survey")
    data = factories.partnership_form(
        **{"org_name": "Code for Alpha", "contact_email": "fresh@example.org", **overrides}
    )
    return client.post(f"{link}/survey", data={"csrf_token": token, **data})


def test_answering_from_the_link_marks_it_answered(client, signed_in_admin, waves):
    invite(client, key("Code for Alpha"), key("Code for Beta"))
    alpha = invitation_of("Code for Alpha")
    link = link_of(next(m for m in outbox("invitation") if m.to_address == "alpha@example.org"))
    visitor = client.application.test_client()
    # The organization is the invitation's, whatever name was typed.
    response = answer(visitor, link, org_name="Code for Alphaa")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/status/")
    alpha = invitation_of("Code for Alpha")
    submission = db.session.get(Submission, alpha.submission_id)
    assert alpha.status is InvitationStatus.ANSWERED and alpha.opened_at and alpha.answered_at
    assert submission.organization.name == "Code for Alpha"
    assert submission.status is SubmissionStatus.PENDING
    assert audit(Action.INVITATION_ANSWER) == 1
    # Used: the link leads to a page that says so, and opens no form and no data.
    used = visitor.get(link)
    assert used.status_code == 410
    assert "This invitation has been used" in used.get_data(as_text=True)
    assert "fresh@example.org" not in used.get_data(as_text=True)
    form = {"csrf_token": csrf_token(visitor), **factories.partnership_form()}
    again = visitor.post(f"{link}/survey", data=form)
    assert again.status_code == 410
    assert count(Submission) == 4  # three earlier, one now
    page = client.get("/admin/waves/current").get_data(as_text=True)
    assert "2 invited: 0 mailed, 1 opened, 1 answered, 0 opted out." in page
    assert "1 of the 2 organizations invited" in page


def test_reminders_go_to_non_responders_at_most_every_three_days(client, signed_in_admin, waves):
    invite(client, key("Code for Alpha"), key("Code for Beta"))
    alpha_link = link_of(next(m for m in outbox("invitation") if "alpha@" in m.to_address))
    answer(client.application.test_client(), alpha_link)
    response = post(client, "/admin/waves/current/reminders", follow_redirects=True)
    assert "1 reminder is in the outbox." in response.get_data(as_text=True)
    reminders = outbox("reminder")
    assert [m.to_address for m in reminders] == ["beta@example.org"]
    assert reminders[0].subject.startswith("Reminder:") and OPT_OUT.search(sent_body(reminders[0]))
    again = post(client, "/admin/waves/current/reminders", follow_redirects=True)
    assert "Nobody to remind" in again.get_data(as_text=True)
    assert len(outbox("reminder")) == 1
    beta = invitation_of("Code for Beta")
    beta.last_reminded_at = utcnow() - timedelta(days=3, minutes=1)
    db.session.commit()
    post(client, "/admin/waves/current/reminders")
    assert [m.to_address for m in outbox("reminder")] == ["beta@example.org"] * 2
    assert audit(Action.INVITATION_REMIND) == 2


def test_an_opt_out_is_honoured_for_every_later_invitation(client, signed_in_admin, waves):
    invite(client, key("Code for Beta"))
    opt_out = OPT_OUT.search(sent_body(outbox("invitation")[0])).group(1)
    visitor = client.application.test_client()
    assert visitor.get(opt_out).status_code == 200
    assert opted_out() == 0  # the GET asks; only the button records it
    done = visitor.post(opt_out, data={"csrf_token": csrf_token(visitor, opt_out)})
    assert "will get no more invitations or reminders" in done.get_data(as_text=True)
    assert opted_out() == 1
    assert audit(Action.INVITATION_OPT_OUT) == 1
    post(client, "/admin/waves/current/reminders")
    assert outbox("reminder") == []
    refused = invite(client, pasted="Code for Gamma, BETA@example.org").get_data(as_text=True)
    assert "beta@example.org asked not to be invited again." in refused
    assert len(outbox("invitation")) == 1
    page = client.get("/admin/waves/current").get_data(as_text=True)
    assert "1 invited: 0 mailed, 0 opened, 0 answered, 1 opted out." in page


def test_links_expire_when_the_wave_closes_and_work_again_when_reopened(
    client, signed_in_admin, waves
):
    invite(client, key("Code for Alpha"))
    link = link_of(outbox("invitation")[0])
    visitor = client.application.test_client()
    token = csrf_token(visitor, f"{link}/survey")
    post(client, "/admin/waves/current/close")
    expired = visitor.get(link)
    assert expired.status_code == 410
    assert "This invitation has expired" in expired.get_data(as_text=True)
    assert visitor.get(f"{link}/survey").status_code == 410
    sent = visitor.post(
        f"{link}/survey", data={"csrf_token": token, **factories.partnership_form()}
    )
    assert sent.status_code == 410
    assert count(Submission) == 3
    assert invitation_of("Code for Alpha").status is InvitationStatus.SENT
    post(client, "/admin/waves/current/reopen")
    assert visitor.get(link).status_code == 200


def test_a_forged_token_gets_a_clear_page_and_no_data(client, waves):
    for url in ("/invitations/forged", "/invitations/forged/survey", "/invitations/forged/opt-out"):
        response = client.get(url)
        assert response.status_code == 404
        assert "This invitation link is not one we sent" in response.get_data(as_text=True)
    assert client.post("/invitations/forged/start").status_code in (400, 404)
    assert client.get("/invitations/" + "x" * 500).status_code == 404


def test_reminders_are_refused_for_a_closed_wave(client, signed_in_admin, waves):
    invite(client, key("Code for Alpha"))
    post(client, "/admin/waves/current/close")
    response = post(client, "/admin/waves/current/reminders", follow_redirects=True)
    assert "does not take answers now, so no reminder can be sent" in response.get_data(
        as_text=True
    )
    assert outbox("reminder") == []
    refused = invite(client, pasted="Code for Beta, b@example.org")
    assert "is not open, so nobody can be invited to it" in refused.get_data(as_text=True)
    assert len(invitations()) == 1


def test_closing_a_wave_asks_first_and_says_what_will_happen(client, signed_in_admin, waves):
    _, current = waves
    invite(client, key("Code for Alpha"), key("Code for Beta"))
    factories.make_partnership(
        current, factories.make_org("Code for Delta"), factories.make_org("Delta Library"),
        status=SubmissionStatus.PENDING,
    )  # fmt: skip
    wave_page = client.get("/admin/waves/current").get_data(as_text=True)
    assert 'action="/admin/waves/current/close"' in wave_page
    assert 'method="get"' in wave_page
    page = client.get("/admin/waves/current/close").get_data(as_text=True)
    assert "2 invitation links stop working" in page
    assert "1 submission waits for review" in page
    assert db.session.get(type(current), current.id).status is WaveStatus.OPEN  # only asked
    assert audit(Action.WAVE_CLOSE) == 0
    done = post(client, "/admin/waves/current/close", follow_redirects=True)
    assert "<dd>Closed</dd>" in done.get_data(as_text=True)
    reopen = client.get("/admin/waves/current/reopen").get_data(as_text=True)
    assert "2 invitation links work again" in reopen


def test_the_survey_kind_must_be_one_the_wave_runs(client, signed_in_admin, waves):
    response = post(
        client,
        "/admin/waves/current/invite",
        {"pasted": "Code for Alpha, a@example.org", "pasted_survey": "involvement"},
    )
    assert response.status_code == 422
    assert invitations() == []  # the wave runs the partnership survey only
