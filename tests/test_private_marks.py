"""A moderator keeps a partner, or what was written of it, for moderators only.

Through the review page's real forms with their CSRF tokens: every change needs a reason,
is audited in words, is checked against the version the moderator saw, and survives the
submitter's edits through the status link.
"""

import re

import pytest

from app.models import AuditEvent, SubmissionStatus
from app.network import current_revision
from tests import factories
from tests.helpers import count, newest_submission
from tests.moderation_helpers import csrf_from, decide, events, fresh

REASON = "The legal aid office asked us not to publish this"


@pytest.fixture
def waiting(surveys, open_wave):
    """A partnership submission with two partners, waiting for review."""
    surveys.partnership(
        **{
            "partners-1-name": "Testville Legal Aid",
            "partners-1-kind": "nonprofit",
            "partners-1-status": "active",
            "partners-1-how_built": "Clinic nights at the library",
        }
    )
    return newest_submission()


@pytest.fixture
def signed_in(auth, moderator):
    auth.login()
    return moderator


def mark(client, submission, answer, *, reason=REASON, version=None, page=None, **marks):
    """Post the marks form of one partner from the review page (or the `page` given)."""
    url = f"/moderation/submissions/{submission.id}"
    data = {
        "csrf_token": csrf_from(client, page or url),
        "answer": answer.id,
        "version": submission.version if version is None else version,
        "reason": reason,
        **{name: "y" for name, on in marks.items() if on},
    }
    return client.post(f"{url}/marks", data=data)


def test_the_review_page_offers_the_marks_of_each_partner(client, signed_in, waiting):
    page = client.get(f"/moderation/submissions/{waiting.id}").get_data(as_text=True)
    for answer in waiting.partnerships:
        assert f'name="answer" value="{answer.id}"' in page
        assert f'<label for="mark-{answer.id}-private">Moderators only: partner</label>' in page
        assert f'<label for="mark-{answer.id}-reason">' in page


def test_a_mark_without_a_reason_is_refused_and_changes_nothing(client, signed_in, waiting):
    legal_aid = waiting.partnerships[1]
    response = mark(client, waiting, legal_aid, reason="   ", text_private=True)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Give the reason for this change; only moderators see it." in page
    # The moderator's tick stays on the page, to be sent again with a reason.
    assert re.search(rf'id="mark-{legal_aid.id}-text_private"[^>]*checked', page)
    after = fresh(waiting.id)
    assert after.version == waiting.version
    assert after.partnerships[1].text_private is False
    assert events(waiting.id, "submission.answer_redact") == []


def test_a_moderators_mark_is_stored_audited_and_shown(client, signed_in, waiting):
    legal_aid = waiting.partnerships[1]
    response = mark(client, waiting, legal_aid, private=True, text_private=True)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("#marks-heading")
    answer = fresh(waiting.id).partnerships[1]
    assert (answer.private, answer.text_private, answer.private_reason) == (True, True, REASON)
    notes = [e.note for e in events(waiting.id, "submission.answer_redact")]
    assert notes == [
        f"Testville Legal Aid (partner): {REASON}",
        f"Testville Legal Aid (words): {REASON}",
    ]
    page = client.get(f"/moderation/submissions/{waiting.id}").get_data(as_text=True)
    assert "The marks of Testville Legal Aid are saved." in page
    assert "Moderators only: partner</span>" in page and "Moderators only: words</span>" in page
    assert REASON in page
    assert "kept an answer for moderators only" in page  # the history, in words
    # The audit log and its CSV say it in words too.
    log = client.get("/moderation/log").get_data(as_text=True)
    assert "kept an answer for moderators only" in log and "Testville Legal Aid (partner)" in log
    csv = client.get("/moderation/log.csv").get_data(as_text=True)
    assert "kept an answer for moderators only" in csv
    # The submitter sees the marks, never the moderator's reason.
    status = client.get(f"/status/{waiting.token}").get_data(as_text=True)
    assert "Moderators only: partner" in status and REASON not in status


def test_lifting_a_mark_needs_a_reason_and_is_audited(client, signed_in, waiting):
    legal_aid = waiting.partnerships[1]
    mark(client, waiting, legal_aid, text_private=True)
    waiting = fresh(waiting.id)
    assert mark(client, waiting, legal_aid, reason="").status_code == 422
    assert mark(client, waiting, legal_aid, reason="They agreed after all").status_code == 303
    answer = fresh(waiting.id).partnerships[1]
    assert (answer.text_private, answer.private_reason) == (False, "")
    [lifted] = events(waiting.id, "submission.answer_unredact")
    assert lifted.note == "Testville Legal Aid (words): They agreed after all"


def test_a_mark_from_a_stale_page_is_refused(client, signed_in, waiting):
    legal_aid = waiting.partnerships[1]
    seen = waiting.version
    mark(client, waiting, legal_aid, text_private=True)  # another moderator, first
    response = mark(client, fresh(waiting.id), legal_aid, version=seen, private=True)
    assert response.status_code == 409
    assert "Nothing you sent was applied." in response.get_data(as_text=True)
    assert fresh(waiting.id).partnerships[1].private is False
    assert len(events(waiting.id, "submission.answer_redact")) == 1


def test_the_same_mark_sent_twice_changes_nothing_more(client, signed_in, waiting):
    legal_aid = waiting.partnerships[1]
    seen = waiting.version
    mark(client, waiting, legal_aid, private=True)
    again = mark(client, fresh(waiting.id), legal_aid, version=seen, private=True)
    assert again.status_code == 303  # a double click: already so
    assert len(events(waiting.id, "submission.answer_redact")) == 1


@pytest.mark.parametrize("answer_id", ["0", "999999", "nope", ""])
def test_a_mark_for_an_unknown_partner_is_refused(client, signed_in, waiting, answer_id):
    url = f"/moderation/submissions/{waiting.id}"
    data = {"csrf_token": csrf_from(client, url), "answer": answer_id, "reason": REASON}
    data |= {"version": waiting.version, "private": "y"}
    before = count(AuditEvent)
    response = client.post(f"{url}/marks", data=data)
    assert response.status_code == 422
    assert "Nothing was changed" in response.get_data(as_text=True) or (
        "That partner is not in these answers any more." in response.get_data(as_text=True)
    )
    assert count(AuditEvent) == before


def test_marks_survive_the_submitters_edit_and_approval(client, signed_in, waiting):
    legal_aid = waiting.partnerships[1]
    mark(client, waiting, legal_aid, text_private=True)
    token = waiting.token
    page = client.get(f"/status/{token}/edit").get_data(as_text=True)
    assert '<input checked id="partners-1-text_private"' in page
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    version = re.search(r'name="seen_version" type="hidden" value="(\d+)"', page).group(1)
    # The submitter unticks the moderator's mark: it stays, with its reason.
    data = factories.partnership_form(
        csrf_token=csrf,
        seen_version=version,
        **{
            "partners-1-name": "Testville Legal Aid",
            "partners-1-kind": "nonprofit",
            "partners-1-status": "active",
            "partners-1-how_built": "Clinic nights, and a shared intake form",
        },
    )
    assert client.post(f"/status/{token}/edit", data=data).status_code == 303
    answer = fresh(waiting.id).partnerships[1]
    assert answer.how_built == "Clinic nights, and a shared intake form"
    assert (answer.text_private, answer.private_reason) == (True, REASON)
    submission = fresh(waiting.id)
    assert decide(client, submission.id, "approve", submission.version).status_code == 303
    assert fresh(waiting.id).partnerships[1].text_private is True


def test_marking_published_answers_changes_the_public_network(client, signed_in, waiting):
    decide(client, waiting.id, "approve", waiting.version)
    approved = fresh(waiting.id)
    assert approved.status is SubmissionStatus.APPROVED
    revision = current_revision()
    assert mark(client, approved, approved.partnerships[0], private=True).status_code == 303
    assert current_revision() == revision + 1
    assert fresh(waiting.id).partnerships[0].private is True


def test_rejected_answers_take_no_marks(client, signed_in, waiting):
    decide(client, waiting.id, "reject", waiting.version, note="Spam")
    rejected = fresh(waiting.id)
    # Its page offers no marks; a post made anyway (with the queue's token) is refused.
    page = client.get(f"/moderation/submissions/{waiting.id}").get_data(as_text=True)
    assert 'id="marks-heading"' not in page
    response = mark(client, rejected, rejected.partnerships[0], page="/moderation/", private=True)
    assert response.status_code == 422
    assert fresh(waiting.id).partnerships[0].private is False
    assert "nothing was changed" in response.get_data(as_text=True)
