"""A partner's correction goes to moderation like any submission; approved, its own account
describes it. A decline after the correction stops its approval, with one audit line."""

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import (
    AuditEvent,
    Organization,
    OrgKind,
    OutboxMessage,
    ReplyState,
    Submission,
    SubmissionStatus,
    User,
)
from app.moderation import services as moderation
from app.submissions.workflow import Transition
from tests.conftest import AuthActions
from tests.helpers import count, newest_submission
from tests.mail_helpers import sent_body
from tests.moderation_helpers import decide, events
from tests.partner_helpers import (
    PARTNER_EMAIL,
    answer,
    partner_events,
    send_correction,
    the_reply,
)

OWN_WORDS = "Reading, and a quiet place to learn code"


@pytest.fixture
def staff(app):
    """Return a moderator's client, signed in."""
    client = app.test_client()
    assert AuthActions(client).login().status_code == 303
    return client


def library() -> Organization:
    """Return the partner's organization, fresh from the database."""
    db.session.expire_all()
    return db.session.scalar(sa.select(Organization).filter_by(name="Testville Public Library"))


def correct(app, token: str, **fields):
    """Send a correction as the partner; return the response."""
    return send_correction(app.test_client(), token, **fields)


def test_a_correction_waits_in_the_queue_with_the_partners_own_account(app, asked, staff):
    messages_before = count(OutboxMessage)
    response = correct(app, asked, kind="nonprofit", city="Dayton", state="OH",
                       cares_about=OWN_WORDS)  # fmt: skip
    assert response.status_code == 303
    correction = newest_submission()
    assert correction.status is SubmissionStatus.PENDING
    assert correction.organization.name == "Testville Public Library"
    assert correction.partnerships == [] and correction.contact_email == PARTNER_EMAIL
    assert (correction.own_kind, correction.own_city, correction.own_state) == (
        OrgKind.NONPROFIT, "Dayton", "OH",
    )  # fmt: skip
    assert correction.cares_about == OWN_WORDS and correction.wave.slug == "current"
    assert the_reply().correction_id == correction.id
    assert the_reply().state is ReplyState.UNANSWERED  # a correction is not yet a confirmation
    assert [e.action for e in events(correction.id)] == ["partner.correct"]
    # The moderators are told, as of any submission.
    notices = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == "new_submission")
    ).all()
    assert count(OutboxMessage) > messages_before and notices
    assert f"/moderation/submissions/{correction.id}" in sent_body(notices[-1])
    queue = staff.get("/moderation/").get_data(as_text=True)
    assert f"/moderation/submissions/{correction.id}" in queue
    page = staff.get(f"/moderation/submissions/{correction.id}").get_data(as_text=True)
    assert "The partner&#39;s own account" in page or "The partner's own account" in page
    assert OWN_WORDS in page and "Dayton" in page
    # Nothing changes in public until a moderator approves.
    assert library().kind is OrgKind.GOVERNMENT and library().city is None


def test_approving_the_correction_applies_the_own_account_and_confirms(app, asked, staff):
    correct(app, asked, city="Dayton", cares_about=OWN_WORDS)
    correction = newest_submission()
    response = decide(staff, correction.id, "approve", correction.version)
    assert response.status_code == 303
    org = library()
    assert org.city == "Dayton" and org.state is None  # only the fields it gave
    assert org.kind is OrgKind.GOVERNMENT
    reply = the_reply()
    assert reply.state is ReplyState.CONFIRMED
    confirm = partner_events("partner.confirm")
    assert len(confirm) == 1 and confirm[0].submission_id == correction.id
    # The reporter's published answers were not replaced by the partner's correction.
    first = db.session.scalar(sa.select(Submission).order_by(Submission.id))
    assert first.status is SubmissionStatus.APPROVED
    assert "Testville Public Library" in app.test_client().get("/api/graph").get_data(as_text=True)


def test_a_decline_before_the_approval_refuses_it_and_changes_nothing(app, asked, staff):
    correct(app, asked, kind="nonprofit", cares_about=OWN_WORDS)
    correction = newest_submission()
    version = correction.version
    assert answer(app.test_client(), asked, "decline").status_code == 303
    response = decide(staff, correction.id, "approve", version)
    assert response.status_code == 409
    assert "declined to be shown after sending this correction" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Submission, correction.id).status is SubmissionStatus.PENDING
    assert library().kind is OrgKind.GOVERNMENT
    assert the_reply().state is ReplyState.DECLINED
    outcome = db.session.scalars(
        sa.select(AuditEvent.action).where(
            AuditEvent.action.in_(["partner.decline", "submission.approve", "partner.confirm"]),
            AuditEvent.id > events(correction.id)[0].id,
        )
    ).all()
    assert outcome == ["partner.decline"]
    page = staff.get(f"/moderation/submissions/{correction.id}").get_data(as_text=True)
    assert "Approve and publish" not in page and "declined to be shown after" in page


def test_a_decline_racing_the_approval_fails_on_the_replys_version(app, asked, staff):
    """The approval checked the reply, then a decline committed: one outcome.

    A real decline waits for the network revision's lock the approval holds
    (tests/test_partner_decline_race.py); a writer that skips it is still stopped by the
    reply's version column. Only PostgreSQL lets it in: SQLite has one writer at a time,
    and the approval writes from its start.
    """
    if db.engine.dialect.name != "postgresql":
        pytest.skip("on SQLite no other writer can commit while the approval runs")
    correct(app, asked, cares_about=OWN_WORDS)
    correction = newest_submission()
    moderator = db.session.scalar(sa.select(User))
    the_reply()  # the moderator's session holds the reply as it reads it now
    declined = []

    def partner_declines_meanwhile(session, context, instances):
        """Commit the partner's decline on another connection, before the approval's flush."""
        if not declined:
            declined.append(True)
            with db.engine.begin() as other:
                other.execute(
                    sa.text("UPDATE partner_reply SET state = 'declined', version = version + 1")
                )

    session = db.session()
    sa.event.listen(session, "before_flush", partner_declines_meanwhile)
    try:
        with pytest.raises(moderation.DecisionConflict):
            moderation.decide(correction, Transition.APPROVE, moderator, correction.version)
    finally:
        sa.event.remove(session, "before_flush", partner_declines_meanwhile)
    assert declined
    db.session.expire_all()
    assert db.session.get(Submission, correction.id).status is SubmissionStatus.PENDING
    assert events(correction.id, "submission.approve") == []
    assert the_reply().state is ReplyState.DECLINED
    assert library().city is None and partner_events("partner.confirm") == []


def test_while_declined_or_waiting_no_second_correction_is_taken(app, asked):
    assert correct(app, asked, cares_about=OWN_WORDS).status_code == 303
    again = app.test_client().get(f"/partners/{asked}/correct")
    assert again.status_code == 303
    assert count(Submission) == 2
    page = app.test_client().get(f"/partners/{asked}").get_data(as_text=True)
    assert "earlier correction waits for review" in page


@pytest.mark.parametrize(
    "fields, message",
    [
        ({}, "Say at least one thing"),
        ({"kind": "spaceship"}, "Not a valid choice"),
        ({"state": "ZZ"}, "Not a valid choice"),
        ({"city": "x" * 101}, "Keep this under 100 characters"),
        ({"cares_about": "x" * 2001}, "Keep this under 2000 characters"),
        ({"cares_about": "Bell\x07 here"}, "control character"),
        ({"city": "   ", "cares_about": "  "}, "Say at least one thing"),
    ],
)
def test_a_bad_correction_is_refused_with_a_message_and_stores_nothing(app, asked, fields, message):
    before = (count(Submission), len(partner_events()))
    response = correct(app, asked, **fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert (count(Submission), len(partner_events())) == before
    assert the_reply().correction_id is None
