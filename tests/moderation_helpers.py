"""Helpers for moderation tests: a submission waiting for review, and posting decisions."""

import re

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Submission

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_from(client, url: str) -> str:
    """Return the CSRF token of the page at `url`."""
    page = client.get(url).get_data(as_text=True)
    match = CSRF.search(page)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def decide(
    client, submission_id: int, decision: str, version: int, note: str = "", confirm: bool = True
):
    """Post a decision from the submission's review page, as a moderator's browser does.

    `confirm` answers yes on the confirmation page a decision such as unpublish shows first.
    """
    url = f"/moderation/submissions/{submission_id}"
    data = {"csrf_token": csrf_from(client, url), "decision": decision, "version": version}
    if note:
        data["note"] = note
    if confirm:
        data["confirmed"] = "yes"
    return client.post(f"{url}/decide", data=data)


def fresh(submission_id: int) -> Submission:
    """Return the submission as stored now."""
    db.session.expire_all()
    return db.session.get(Submission, submission_id)


def events(submission_id: int, action: str | None = None) -> list[AuditEvent]:
    """Return the audit events of a submission, oldest first."""
    query = sa.select(AuditEvent).where(AuditEvent.submission_id == submission_id)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query.order_by(AuditEvent.id)))
