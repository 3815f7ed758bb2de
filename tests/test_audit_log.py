"""The audit log: listed, filtered, exported, never editable."""

import csv
import io

import pytest

from tests.helpers import newest_submission
from tests.moderation_helpers import decide


@pytest.fixture
def decided(client, auth, moderator, surveys, open_wave):
    surveys.partnership()
    submission = newest_submission()
    auth.login()
    decide(client, submission.id, "reject", submission.version, note='=HYPERLINK("x")')
    return submission


def test_log_lists_decisions_with_who_and_when(client, decided):
    page = client.get("/moderation/log").get_data(as_text=True)
    assert "submission.reject" in page and "moderator@example.org" in page
    assert "submission.submitted" in page


def test_log_filters(client, decided):
    only_rejects = client.get("/moderation/log?action=submission.reject").get_data(as_text=True)
    assert "submission.reject" in only_rejects
    assert "<td>submission.submitted</td>" not in only_rejects
    bad = client.get("/moderation/log?action=nope&since=yesterday").get_data(as_text=True)
    assert "Unknown action" in bad and "is not a date" in bad


def test_log_csv_guards_against_formulas(client, decided):
    response = client.get("/moderation/log.csv?action=submission.reject")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:3] == ["at", "actor", "action"]
    assert rows[1][2] == "submission.reject"
    assert rows[1][7].startswith("'=HYPERLINK")


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_log_cannot_be_changed_through_the_web(client, decided, method):
    assert getattr(client, method)("/moderation/log").status_code == 405
