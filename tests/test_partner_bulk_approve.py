"""Bulk approve from the queue asks every partner given a contact, as a single approve does."""

import sqlalchemy as sa

from app.extensions import db
from app.models import PartnerReply, ReplyState, SubmissionStatus
from app.partners.messages import QUESTION_KIND
from tests.conftest import AuthActions
from tests.helpers import newest_submission
from tests.mail_helpers import outbox
from tests.moderation_helpers import csrf_from, events, fresh

BRIGADES = ["Code for Alpha", "Code for Beta", "Code for Gamma"]


def test_bulk_approve_with_partner_contacts_approves_all_and_asks_each_partner(
    app, surveys, open_wave, moderator
):
    made = []
    for number, brigade in enumerate(BRIGADES):
        response = surveys.partnership(
            org_name=brigade,
            contact_email=f"contact{number}@example.org",
            **{"partners-0-name": f"Alpha Library {number}",
               "partners-0-email": f"director{number}@library.example",
               "partners-1-name": "Shared Food Bank", "partners-1-kind": "nonprofit",
               "partners-1-status": "past", "partners-1-email": "Help@FoodBank.example"},
        )  # fmt: skip
        assert response.status_code == 303
        made.append(newest_submission())
    staff = app.test_client()
    assert AuthActions(staff).login().status_code == 303
    data = {
        "csrf_token": csrf_from(staff, "/moderation/"),
        "decision": "approve",
        "selected": [f"{s.id}:{s.version}" for s in made],
    }
    response = staff.post("/moderation/bulk", data=data, follow_redirects=True)

    assert response.status_code == 200
    assert "3 submission(s) approved" in response.get_data(as_text=True)
    assert [fresh(s.id).status for s in made] == [SubmissionStatus.APPROVED] * 3
    assert all(len(events(s.id, "submission.approve")) == 1 for s in made)
    replies = db.session.scalars(sa.select(PartnerReply).order_by(PartnerReply.id)).all()
    assert len(replies) == 6
    assert all(r.state is ReplyState.UNANSWERED and r.wave_id == open_wave.id for r in replies)
    mails = outbox(QUESTION_KIND)
    expected = {f"director{n}@library.example" for n in range(3)} | {"help@foodbank.example"}
    assert {mail.to_address for mail in mails} == expected
    assert len(mails) == 6  # each brigade's word is its own question to the food bank
    for submission in made:
        asked = [mail for mail in mails if mail.submission_id == submission.id]
        assert len(asked) == 2
        assert all(submission.organization.name in mail.subject for mail in asked)
        assert len(events(submission.id, "partner.ask")) == 2
