"""The review queue: counts, filters, search, pages, bulk decisions, a fixed number of queries."""

import pytest

from app.extensions import db
from app.models import Submission, SubmissionStatus, SurveyKind
from app.moderation.queue import waiting_counts
from tests import factories
from tests.helpers import count_queries
from tests.moderation_helpers import csrf_from, events, fresh


@pytest.fixture
def signed_in(auth, moderator):
    auth.login()
    return moderator


def make_waiting(wave, count: int, *, prefix: str = "Queue Brigade") -> list[Submission]:
    """Store `count` pending partnership submissions from distinct organizations."""
    partner = factories.make_org(f"{prefix} Partner", factories.OrgKind.NONPROFIT)
    made = []
    for number in range(count):
        brigade = factories.make_org(f"{prefix} {number:03d}", status=factories.OrgStatus.PENDING)
        made.append(
            factories.make_partnership(wave, brigade, partner, status=SubmissionStatus.PENDING)
        )
    return made


def test_queue_lists_waiting_submissions_oldest_first_with_counts(client, signed_in, open_wave):
    made = make_waiting(open_wave, 3)
    page = client.get("/moderation/").get_data(as_text=True)
    positions = [page.index(f"Queue Brigade {n:03d}") for n in range(3)]
    assert positions == sorted(positions)
    assert f">{made[0].id}</a>" in page
    assert "3 submissions match" in page
    assert "Wave current" in page  # the counts table


def test_queue_filters_and_search(client, signed_in, open_wave, surveys):
    make_waiting(open_wave, 2)
    surveys.involvement()
    involvement_page = client.get("/moderation/?kind=involvement").get_data(as_text=True)
    assert "Testville Data Collaborative" in involvement_page
    assert "Queue Brigade 000" not in involvement_page
    found = client.get("/moderation/?q=sam@example").get_data(as_text=True)
    assert "1 submission match" in found
    by_partner = client.get("/moderation/?q=Queue+Brigade+Partner").get_data(as_text=True)
    assert "2 submissions match" in by_partner
    other_wave = client.get("/moderation/?wave=nope").get_data(as_text=True)
    assert "0 submissions match" in other_wave
    bad = client.get("/moderation/?status=bogus&kind=poem").get_data(as_text=True)
    assert "Unknown status" in bad and "Unknown survey" in bad


def test_queue_pages_through_many_submissions(client, signed_in, open_wave):
    make_waiting(open_wave, 55)
    first = client.get("/moderation/").get_data(as_text=True)
    assert "Page 1 of 2" in first and "Queue Brigade 049" in first
    assert "Queue Brigade 050" not in first
    second = client.get("/moderation/?page=2").get_data(as_text=True)
    assert "Queue Brigade 054" in second


def test_queue_query_count_does_not_grow_with_the_queue(client, signed_in, open_wave):
    make_waiting(open_wave, 3, prefix="Small")
    with count_queries() as small:
        client.get("/moderation/")
    make_waiting(open_wave, 40, prefix="Large")
    with count_queries() as large:
        client.get("/moderation/")
    assert len(large) == len(small)


def test_bulk_approve_skips_what_changed_meanwhile(client, signed_in, open_wave):
    made = make_waiting(open_wave, 3)
    stale = made[2]
    stale.status = SubmissionStatus.REJECTED  # another moderator got there first
    db.session.commit()
    data = {
        "csrf_token": csrf_from(client, "/moderation/"),
        "decision": "approve",
        "selected": [f"{s.id}:{s.version if s is not stale else 1}" for s in made],
    }
    response = client.post("/moderation/bulk", data=data, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "2 submission(s) approved" in page and "1 skipped" in page
    assert [fresh(s.id).status for s in made] == [
        SubmissionStatus.APPROVED,
        SubmissionStatus.APPROVED,
        SubmissionStatus.REJECTED,
    ]
    assert len(events(made[0].id, "submission.approve")) == 1
    assert events(stale.id, "submission.approve") == []
    assert fresh(made[0].id).version == 2


def test_bulk_reject_needs_a_reason(client, signed_in, open_wave):
    made = make_waiting(open_wave, 1)
    data = {
        "csrf_token": csrf_from(client, "/moderation/"),
        "decision": "reject",
        "selected": [f"{made[0].id}:{made[0].version}"],
    }
    page = client.post("/moderation/bulk", data=data, follow_redirects=True).get_data(as_text=True)
    assert "Give the reason" in page
    assert fresh(made[0].id).status is SubmissionStatus.PENDING


def test_involvement_kind_counts_separately(app, open_wave, surveys):
    surveys.involvement()
    [(wave, kind, pending, changes)] = waiting_counts()
    assert (wave.id, kind, pending, changes) == (open_wave.id, SurveyKind.INVOLVEMENT, 1, 0)


def test_bulk_decisions_pass_the_workflow_check_of_single_ones(client, signed_in, open_wave):
    # A rejected submission ticked with its current version is not "changed meanwhile":
    # the workflow itself refuses to approve it, and says so as a single decision would.
    [rejected] = make_waiting(open_wave, 1)
    rejected.status = SubmissionStatus.REJECTED
    db.session.commit()
    data = {
        "csrf_token": csrf_from(client, "/moderation/"),
        "decision": "approve",
        "selected": [f"{rejected.id}:{fresh(rejected.id).version}"],
    }
    page = client.post("/moderation/bulk", data=data, follow_redirects=True).get_data(as_text=True)
    assert "0 submission(s) approved" in page
    assert f"#{rejected.id} left as it was: A submission that is not published cannot be" in page
    assert fresh(rejected.id).status is SubmissionStatus.REJECTED
    assert events(rejected.id, "submission.approve") == []
