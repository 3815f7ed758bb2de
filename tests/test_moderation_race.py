"""Two moderators deciding on one submission at the same moment: exactly one wins."""

import threading

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, SubmissionStatus
from tests import factories
from tests.conftest import AuthActions
from tests.helpers import newest_submission
from tests.moderation_helpers import csrf_from, fresh


def test_concurrent_approve_and_reject_one_wins(app, surveys, open_wave):
    surveys.partnership()
    submission = newest_submission()
    factories.make_user("first@example.org")
    factories.make_user("second@example.org")
    url = f"/moderation/submissions/{submission.id}"
    plans = [
        ("first@example.org", {"decision": "approve"}),
        ("second@example.org", {"decision": "reject", "note": "Duplicate entry"}),
    ]
    posts = []
    for email, decision in plans:
        client = app.test_client()
        AuthActions(client).login(email)
        data = {"csrf_token": csrf_from(client, url), "version": submission.version, **decision}
        posts.append((client, data))

    start = threading.Barrier(len(posts))
    results: dict[str, int] = {}

    def send(client, data):
        start.wait()
        response = client.post(f"{url}/decide", data=data)
        results[data["decision"]] = response.status_code

    threads = [threading.Thread(target=send, args=post) for post in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results.values()) == [303, 409]
    decisions = db.session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.submission_id == submission.id,
            AuditEvent.action.in_(["submission.approve", "submission.reject"]),
        )
    ).all()
    assert len(decisions) == 1
    winner = "approve" if results["approve"] == 303 else "reject"
    expected = SubmissionStatus.APPROVED if winner == "approve" else SubmissionStatus.REJECTED
    assert fresh(submission.id).status is expected
    assert decisions[0].action == f"submission.{winner}"
