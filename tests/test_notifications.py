"""Emails to submitters and moderators: who is told what, and when."""

import logging
from datetime import timedelta

import pytest

from app.extensions import db
from app.models import OutboxMessage, Role, Submission, SurveyKind
from app.models.types import utcnow
from app.notifications.services import (
    notify_moderators_of_submission,
    notify_submitter,
    queue_daily_digest,
)
from tests import factories
from tests.helpers import count
from tests.mail_helpers import SITE, make_submission, outbox, sent_body


@pytest.mark.parametrize(
    "action, subject_words, body_words",
    [
        ("approved", "are published", "approved them"),
        ("rejected", "were not published", "decided not to publish"),
        ("changes_requested", "need a change", "change something"),
        ("unpublished", "were withdrawn from the map", "withdrawn your answers"),
    ],
)
def test_submitter_hears_each_outcome_with_the_status_link(app, action, subject_words, body_words):
    submission = make_submission()
    with app.test_request_context(base_url=SITE):
        queued = notify_submitter(submission, action)
    db.session.commit()
    [message] = outbox()
    assert queued is not None and message.id == queued.id
    assert (message.kind, message.to_address) == ("decision", "riley@example.org")
    assert message.submission_id == submission.id
    assert message.subject == f"Your answers for Code for Testville {subject_words}"
    assert body_words in sent_body(message)
    assert "Hello Riley Organizer," in sent_body(message)
    assert "Wave current" in sent_body(message) and "partnership survey" in sent_body(message)
    assert f"{SITE}/status/{submission.token}" in sent_body(message)


def test_changes_requested_email_quotes_the_moderators_message(app):
    submission, other = make_submission(), make_submission("Other Group")
    other.message_to_submitter = "Name the library's branch."
    with app.test_request_context(base_url=SITE):
        notify_submitter(submission, "changes_requested", "Add your partner's city.\nThanks!")
        notify_submitter(other, "changes_requested")  # the message stored on the submission
    quoted, stored = outbox()
    assert "    Add your partner's city.\n    Thanks!" in sent_body(quoted)
    assert "You can change your answers at your private link" in sent_body(quoted)
    assert "    Name the library's branch." in sent_body(stored)


def test_rejection_email_never_carries_the_private_reason(app):
    submission = make_submission()
    with app.test_request_context(base_url=SITE):
        notify_submitter(submission, "rejected", message="Looks like spam from a rival group")
    [message] = outbox()
    assert "spam" not in sent_body(message).lower() and "rival" not in sent_body(message)
    assert "spam" not in message.subject.lower()


def test_no_email_without_a_contact_address(app):
    submission = make_submission(contact_email=None)
    with app.test_request_context(base_url=SITE):
        assert notify_submitter(submission, "approved") is None
    assert count(OutboxMessage) == 0


def test_bad_input_is_logged_not_raised(app, caplog):
    make_submission()
    broken = Submission(contact_email="someone@example.org")  # no wave, no organization
    with caplog.at_level(logging.INFO), app.test_request_context(base_url=SITE):
        assert notify_submitter(broken, "approved") is None
        assert notify_submitter(make_submission("Other Group"), "archived") is None
    db.session.commit()
    assert count(OutboxMessage) == 0
    assert "could not write the 'approved' email" in caplog.text
    assert "unknown decision 'archived'" in caplog.text


# What moderators are told ---------------------------------------------------------------


def test_immediate_notice_goes_to_every_active_account(app, moderator, admin):
    factories.make_user("former@example.org", Role.MODERATOR, active=False)
    submission = make_submission(kind=SurveyKind.INVOLVEMENT)
    with app.test_request_context(base_url=SITE):
        queued = notify_moderators_of_submission(submission)
    db.session.commit()
    messages = outbox("new_submission")
    assert [m.id for m in queued] == [m.id for m in messages]
    assert {m.to_address for m in messages} == {"moderator@example.org", "admin@example.org"}
    for message in messages:
        assert message.submission_id == submission.id
        assert message.subject == (
            "[Constellation] To review: civic tech involvement survey from Code for Testville"
        )
        assert "They wait for review" in sent_body(message)
        assert f"{SITE}/moderation/submissions/{submission.id}" in sent_body(message)
        assert "riley@example.org" not in sent_body(message)  # contact details stay on the site


def test_daily_setting_sends_no_immediate_notice(app_with):
    app = app_with(MODERATOR_NOTICES="daily")
    factories.make_user("moderator@example.org")
    with app.test_request_context(base_url=SITE):
        assert notify_moderators_of_submission(make_submission()) == []
    assert count(OutboxMessage) == 0


def test_digest_lists_new_submissions_per_survey(app, moderator, admin):
    now = utcnow()
    make_submission("Too Old Group", created_at=now - timedelta(days=2))
    first = make_submission("Code for Testville", created_at=now - timedelta(hours=3))
    make_submission(
        "Data Collaborative", kind=SurveyKind.INVOLVEMENT, created_at=now - timedelta(hours=1)
    )
    make_submission("Imported Group", contact_email=None, created_at=now - timedelta(hours=1))
    with app.test_request_context(base_url=SITE):
        queued = queue_daily_digest(now=now)
    db.session.commit()
    messages = outbox("digest")
    assert len(queued) == 2
    assert {m.to_address for m in messages} == {"moderator@example.org", "admin@example.org"}
    body = sent_body(messages[0])
    assert messages[0].subject == "[Constellation] 2 new submissions to review"
    assert "Partnership survey: 1" in body and "Civic tech involvement survey: 1" in body
    assert "Code for Testville (waiting for review)" in body and "Data Collaborative" in body
    assert f"{SITE}/moderation/submissions/{first.id}" in body
    assert "Too Old Group" not in body and "Imported Group" not in body


def test_next_digest_starts_where_the_last_one_stopped(app, moderator):
    now = utcnow()
    assert queue_daily_digest(now=now) == []  # no submissions: no digest
    make_submission("Code for Testville", created_at=now - timedelta(hours=2))
    assert len(queue_daily_digest(now=now - timedelta(hours=1))) == 1
    db.session.commit()
    assert queue_daily_digest(now=now) == []  # nothing new since
    make_submission("Latecomer Group", created_at=now + timedelta(minutes=5))
    [second] = queue_daily_digest(now=now + timedelta(hours=1))
    db.session.commit()
    assert "Latecomer Group" in sent_body(second) and "Code for Testville" not in sent_body(second)
    assert second.subject == "[Constellation] 1 new submission to review"
    assert count(OutboxMessage) == 2


# Delivery ---------------------------------------------------------------------------------
