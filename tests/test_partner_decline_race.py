"""A partner declining while a moderator approves its correction: one outcome, nothing lost.

Both change the public network, so both lock its revision first (app/network.py); the
loser is told with a 409 page. Each trial starts the two requests together (the partner's
up to 90 ms later, in turn), through the real routes, from two threads with their own
clients and connections.
"""

import threading
import time
from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, PartnerReply, ReplyState, SubmissionStatus
from app.partners.messages import QUESTION_KIND
from tests.conftest import AuthActions
from tests.helpers import newest_submission
from tests.mail_helpers import outbox, sent_body
from tests.moderation_helpers import csrf_from, events, fresh
from tests.partner_helpers import send_correction, token_in

TRIALS = 50
DECLINE_LOST_RACE = "Your answer changed meanwhile"
APPROVAL_LOST_RACE = "declined to be shown after sending this correction"


@dataclass
class Trial:
    """One partner's reply with a correction waiting, and what each request was answered."""

    address: str
    token: str = ""
    correction_id: int = 0
    decline: int | str = 0  # the status code, or the exception the request raised
    approve: int | str = 0
    decline_page: str = ""
    approve_page: str = ""


def ask_partners(app, surveys, staff) -> list[Trial]:
    """Have TRIALS brigades each name a partner with a contact, approved in one bulk approve."""
    trials, selected = [], []
    for number in range(TRIALS):
        trial = Trial(address=f"director{number:02d}@library.example")
        response = surveys.partnership(
            org_name=f"Code for Town {number:02d}",
            contact_email=f"organizer{number:02d}@example.org",
            **{"partners-0-name": f"Town Library {number:02d}",
               "partners-0-email": trial.address},
        )  # fmt: skip
        assert response.status_code == 303
        submission = newest_submission()
        selected.append(f"{submission.id}:{submission.version}")
        trials.append(trial)
    data = {"csrf_token": csrf_from(staff, "/moderation/"), "decision": "approve",
            "selected": selected}  # fmt: skip
    assert staff.post("/moderation/bulk", data=data).status_code == 303
    tokens = {mail.to_address: token_in(sent_body(mail)) for mail in outbox(QUESTION_KIND)}
    for trial in trials:
        trial.token = tokens[trial.address]
    return trials


def send(trial: Trial, side: str, client, url: str, data: dict, start, delay: float) -> None:
    """Post `data` `delay` seconds after both threads are ready; keep the answer in `trial`."""
    start.wait(timeout=30)
    time.sleep(delay)
    try:
        response = client.post(url, data=data)
        outcome, page = response.status_code, response.get_data(as_text=True)
    except Exception as error:  # the test client raises what a server answers with a 500
        outcome, page = f"{type(error).__name__}: {error}", ""
    setattr(trial, side, outcome)
    setattr(trial, f"{side}_page", page)


def race(app, staff, trial: Trial, partner_delay: float) -> None:
    """Start the moderator's approval, and the partner's decline `partner_delay` s later."""
    partner = app.test_client()
    decline_url = f"/partners/{trial.token}"
    decline = {"csrf_token": csrf_from(partner, decline_url), "decision": "decline"}
    review_url = f"/moderation/submissions/{trial.correction_id}"
    approve = {"csrf_token": csrf_from(staff, review_url), "decision": "approve",
               "version": fresh(trial.correction_id).version}  # fmt: skip
    start = threading.Barrier(2)
    threads = [
        threading.Thread(target=send, args=(trial, "decline", partner, f"{decline_url}/decide",
                                            decline, start, partner_delay)),
        threading.Thread(target=send, args=(trial, "approve", staff, f"{review_url}/decide",
                                            approve, start, 0.0)),
    ]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a request never finished"


def outcome_of(trial: Trial) -> dict:
    """Return what the database says of the trial's reply, correction and audit lines."""
    db.session.expire_all()
    reply = db.session.scalar(
        sa.select(PartnerReply).where(PartnerReply.correction_id == trial.correction_id)
    )
    declines = db.session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.action == "partner.decline",
            AuditEvent.organization_id == reply.partner_id,
        )
    ).all()
    return {
        "reply": reply.state,
        "correction": fresh(trial.correction_id).status,
        "approvals": len(events(trial.correction_id, "submission.approve")),
        "confirmations": len(events(trial.correction_id, "partner.confirm")),
        "declined_from": [event.from_status for event in declines],
    }


def test_a_decline_racing_the_approval_of_its_correction_has_one_outcome(
    app, surveys, open_wave, moderator
):
    app.config["LAYOUT_RUNNER"] = "off"  # laying out the map is not what races here
    staff = app.test_client()
    assert AuthActions(staff).login().status_code == 303
    trials = ask_partners(app, surveys, staff)
    for trial in trials:
        sent = send_correction(app.test_client(), trial.token, city="Dayton",
                               cares_about="Reading, and a quiet place to learn code")  # fmt: skip
        assert sent.status_code == 303
        trial.correction_id = newest_submission().id

    for number, trial in enumerate(trials):
        # The moderator's request does more before it decides (about 50 ms here) than the
        # partner's: the partner starts 0 to 90 ms later in turn, so that each order
        # happens, and the two overlap at every point of their work.
        race(app, staff, trial, partner_delay=(number % 10) / 100)

    for number, trial in enumerate(trials):
        seen = f"trial {number}: decline {trial.decline}, approve {trial.approve}"
        assert trial.decline in (303, 409) and trial.approve in (303, 409), seen
        assert 303 in (trial.decline, trial.approve), seen  # someone's change went through
        found = outcome_of(trial)
        approved = trial.approve == 303
        expected = {
            # A decline the partner was told was taken is in force at the end.
            "reply": ReplyState.DECLINED if trial.decline == 303 else ReplyState.CONFIRMED,
            "correction": SubmissionStatus.APPROVED if approved else SubmissionStatus.PENDING,
            "approvals": int(approved),
            "confirmations": int(approved),
            # After the approval, a decline is one over the confirmation it made.
            "declined_from": (
                [("confirmed" if approved else "unanswered")] if trial.decline == 303 else []
            ),
        }
        assert found == expected, seen
        if trial.decline == 409:
            assert DECLINE_LOST_RACE in trial.decline_page, seen
        if trial.approve == 409:
            assert APPROVAL_LOST_RACE in trial.approve_page, seen
