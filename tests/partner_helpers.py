"""Helpers for partners' replies: a reported partnership approved, and the partner's link.

Loaded as a pytest plugin by tests/conftest.py, so its fixtures are available everywhere.
"""

import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, PartnerReply
from app.moderation.replacing import replacements
from tests.conftest import AuthActions
from tests.helpers import newest_submission
from tests.mail_helpers import outbox, sent_body
from tests.moderation_helpers import csrf_from

PARTNER_EMAIL = "director@library.example"
LINK = re.compile(r"/partners/([A-Za-z0-9_\-]+)")


def report_and_approve(app, surveys, **overrides):
    """Send a partnership survey naming a partner with a contact; a moderator approves it."""
    data = {"partners-0-email": PARTNER_EMAIL, **overrides}
    assert surveys.partnership(**data).status_code == 303
    submission = newest_submission()
    moderator = app.test_client()
    assert AuthActions(moderator).login().status_code == 303
    url = f"/moderation/submissions/{submission.id}"
    replacing = ",".join(str(r.older.id) for r in replacements(submission))
    data = {"csrf_token": csrf_from(moderator, url), "decision": "approve",
            "version": submission.version, "replacing": replacing}  # fmt: skip
    response = moderator.post(f"{url}/decide", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)
    return newest_submission()


@pytest.fixture
def asked(app, surveys, open_wave, moderator):
    """Approve a survey naming the library with a contact; return the partner's token."""
    report_and_approve(app, surveys)
    return partner_token()


def question_mails():
    """Return the partners' question mails in the outbox, oldest first."""
    return outbox("partner_question")


def token_in(body: str) -> str:
    """Return the partner token of the personal link in a mail's body."""
    match = LINK.search(body.replace("/partners/new-link", ""))
    assert match, body
    return match.group(1)


def partner_token() -> str:
    """Return the token of the newest question mail's link."""
    return token_in(sent_body(question_mails()[-1]))


def answer(client, token: str, decision: str):
    """Post the partner's confirm or decline from its page, as its browser does."""
    data = {"csrf_token": csrf_from(client, f"/partners/{token}"), "decision": decision}
    return client.post(f"/partners/{token}/decide", data=data)


def send_correction(client, token: str, **fields):
    """Post the partner's correction form with `fields`."""
    url = f"/partners/{token}/correct"
    data = {"csrf_token": csrf_from(client, url), "kind": "", "city": "", "state": "", **fields}
    data.setdefault("cares_about", "")
    return client.post(url, data=data)


def the_reply() -> PartnerReply:
    """Return the only partner reply, fresh from the database."""
    db.session.expire_all()
    [reply] = db.session.scalars(sa.select(PartnerReply)).all()
    return reply


def partner_events(action: str | None = None) -> list[AuditEvent]:
    """Return the audit lines of partners' replies (of `action`), oldest first."""
    query = sa.select(AuditEvent).where(AuditEvent.action.like("partner.%"))
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query.order_by(AuditEvent.id)))
