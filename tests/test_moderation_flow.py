"""Moderating at the speed of a queue: decide and go to next, words for the audit codes,
and the confirmation asked before unpublishing or rejecting many at once."""

import csv
import html
import io
import re
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from app.audit import Action
from app.extensions import db
from app.models import AuditEvent, SubmissionStatus
from app.moderation.words import ACTION_WORDS
from tests import factories
from tests.moderation_helpers import csrf_from, decide, events, fresh

FORM = re.compile(r'<form method="post" action="([^"]+)" class="decision decision-(\w+)">')


@pytest.fixture
def signed_in(auth, moderator):
    auth.login()
    return moderator


def make_waiting(wave, names: list[str]):
    """Store one pending partnership submission per name, oldest first."""
    partner = factories.make_org("Flow Partner", factories.OrgKind.NONPROFIT)
    return [
        factories.make_partnership(
            wave, factories.make_org(name), partner, status=SubmissionStatus.PENDING
        )
        for name in names
    ]


def decide_from_page(client, review_url: str, decision: str, note: str = "", then="next"):
    """Post `decision` through the review page's own form at `review_url`, as a browser does."""
    page = client.get(review_url).get_data(as_text=True)
    actions = {kind: html.unescape(action) for action, kind in FORM.findall(page)}
    assert decision in actions, f"no {decision} form on {review_url}"
    data = {
        "csrf_token": csrf_from(client, review_url),
        "decision": decision,
        "version": re.search(r'name="version" value="(\d+)"', page).group(1),
        "note": note,
    }
    if then:
        data["then"] = then
    return client.post(actions[decision], data=data)


def path_of(response) -> str:
    location = urlsplit(response.headers["Location"])
    return location.path + ("?" + location.query if location.query else "")


def test_approve_and_next_follows_the_queues_filters_and_order(client, signed_in, open_wave):
    a1, b1, a2, b2, a3 = make_waiting(
        open_wave, ["Alpha One", "Beta One", "Alpha Two", "Beta Two", "Alpha Three"]
    )
    queue = client.get("/moderation/?organization=Alpha").get_data(as_text=True)
    # The queue's links carry its filters to the review page.
    first = html.unescape(
        re.search(rf'href="(/moderation/submissions/{a1.id}\?[^"]+)"', queue).group(1)
    )
    assert "organization=Alpha" in first

    response = decide_from_page(client, first, "approve")
    assert response.status_code == 303
    assert path_of(response).startswith(f"/moderation/submissions/{a2.id}?")
    assert "organization=Alpha" in path_of(response)
    assert fresh(a1.id).status is SubmissionStatus.APPROVED

    response = decide_from_page(client, path_of(response), "approve")
    assert path_of(response).startswith(f"/moderation/submissions/{a3.id}?")
    response = decide_from_page(client, path_of(response), "approve")
    # The last one: back to the queue, with its filters, saying it is empty.
    assert urlsplit(response.headers["Location"]).path == "/moderation/"
    assert "organization=Alpha" in path_of(response)
    page = client.get(path_of(response)).get_data(as_text=True)
    assert "The queue is empty" in page
    assert [fresh(s.id).status for s in (b1, b2)] == [SubmissionStatus.PENDING] * 2


def test_the_last_in_order_goes_back_to_the_queue_saying_what_still_matches(
    client, signed_in, open_wave
):
    first, second = make_waiting(open_wave, ["Alpha One", "Alpha Two"])
    response = decide_from_page(client, f"/moderation/submissions/{second.id}", "approve")
    assert urlsplit(response.headers["Location"]).path == "/moderation/"
    page = client.get(path_of(response)).get_data(as_text=True)
    assert "That was the last submission of the queue; 1 still matches it." in page
    assert fresh(first.id).status is SubmissionStatus.PENDING


@pytest.mark.parametrize(
    ("decision", "status"),
    [
        ("reject", SubmissionStatus.REJECTED),
        ("request_changes", SubmissionStatus.CHANGES_REQUESTED),
    ],
)
def test_reject_and_ask_for_changes_go_to_next_too(client, signed_in, open_wave, decision, status):
    first, second = make_waiting(open_wave, ["Alpha One", "Alpha Two"])
    response = decide_from_page(
        client, f"/moderation/submissions/{first.id}", decision, note="Because"
    )
    assert path_of(response).startswith(f"/moderation/submissions/{second.id}")
    assert fresh(first.id).status is status


def test_without_next_the_decision_stays_on_its_page(client, signed_in, open_wave):
    first, _second = make_waiting(open_wave, ["Alpha One", "Alpha Two"])
    response = decide_from_page(client, f"/moderation/submissions/{first.id}", "approve", then="")
    assert path_of(response).startswith(f"/moderation/submissions/{first.id}")


def test_go_to_next_after_a_stale_page_is_still_a_409_and_goes_nowhere(
    client, signed_in, open_wave
):
    first, _second = make_waiting(open_wave, ["Alpha One", "Alpha Two"])
    seen = first.version
    decide(client, first.id, "approve", seen)
    data = {
        "csrf_token": csrf_from(client, "/moderation/"),
        "decision": "reject",
        "version": seen,
        "note": "Spam",
        "then": "next",
    }
    response = client.post(f"/moderation/submissions/{first.id}/decide?status=waiting", data=data)
    assert response.status_code == 409
    assert "approved and published by moderator@example.org" in response.get_data(as_text=True)
    assert events(first.id, "submission.reject") == []


def test_the_review_page_offers_next_without_deciding_and_lists_its_shortcuts(
    client, signed_in, open_wave
):
    first, second = make_waiting(open_wave, ["Alpha One", "Alpha Two"])
    before = db.session.scalar(sa.select(sa.func.count(AuditEvent.id)))
    page = client.get(f"/moderation/submissions/{first.id}?status=waiting").get_data(as_text=True)
    assert re.search(
        rf'href="/moderation/submissions/{second.id}\?status=waiting" data-shortcut="n"', page
    )
    assert "Approve and go to next" in page and "Reject and go to next" in page
    assert "Ask for changes and go to next" in page
    assert "Keyboard shortcuts" in page
    assert re.search(r'<script type="module" src="/static/js/review-keys\.[0-9a-f]{12}\.js">', page)
    # The decisions come after the answers.
    assert page.index("Flow Partner") < page.index('id="decide-heading"')
    last = client.get(f"/moderation/submissions/{second.id}").get_data(as_text=True)
    assert "Back to the queue (this is the last one)" in last
    assert (
        db.session.scalar(sa.select(sa.func.count(AuditEvent.id))) == before
    )  # GETs store nothing


def test_bad_queue_arguments_on_a_review_page_are_ignored(client, signed_in, open_wave):
    [first] = make_waiting(open_wave, ["Alpha One"])
    response = client.get(
        f"/moderation/submissions/{first.id}?status=nonsense&kind=poem&page=-4&wave=xxx"
    )
    assert response.status_code == 200
    response = decide_from_page(
        client, f"/moderation/submissions/{first.id}?status=bogus&q=%25", "approve"
    )
    assert response.status_code == 303
    assert fresh(first.id).status is SubmissionStatus.APPROVED


def test_history_log_and_csv_give_words_and_keep_the_codes(client, signed_in, open_wave):
    [item] = make_waiting(open_wave, ["Alpha One"])
    decide(client, item.id, "request_changes", item.version, note="Name your city")
    review = client.get(f"/moderation/submissions/{item.id}").get_data(as_text=True)
    assert "asked for changes (Waiting for review → Changes requested)" in review

    log = client.get("/moderation/log").get_data(as_text=True)
    assert "<td>asked for changes</td>" in log
    assert "<td>submission.request_changes</td>" in log  # the code, in a column of its own
    assert "<td>Waiting for review → Changes requested</td>" in log
    assert "pending → changes_requested" not in log

    rows = list(
        csv.DictReader(io.StringIO(client.get("/moderation/log.csv").get_data(as_text=True)))
    )
    [row] = [r for r in rows if r["action"] == "submission.request_changes"]
    assert (row["from"], row["to"]) == ("pending", "changes_requested")
    assert row["what"] == "asked for changes"
    assert row["change"] == "Waiting for review → Changes requested"
    signed_in_row = next(r for r in rows if r["action"] == "user.login")
    assert signed_in_row["what"] == "signed in" and signed_in_row["change"] == ""


def test_every_audit_action_has_its_words():
    assert [a.value for a in Action if a.value not in ACTION_WORDS] == []


def test_unpublish_asks_first_and_changes_nothing_until_confirmed(client, signed_in, open_wave):
    [item] = make_waiting(open_wave, ["Alpha One"])
    decide(client, item.id, "approve", item.version)
    version = fresh(item.id).version
    response = decide(client, item.id, "unpublish", version, confirm=False)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"Unpublish submission #{item.id} from Alpha One?" in page
    assert "the 1 relationship they name leave the public map" in page
    assert 'name="confirmed" value="yes"' in page and "Cancel" in page
    assert fresh(item.id).status is SubmissionStatus.APPROVED
    assert events(item.id, "submission.unpublish") == []

    response = decide(client, item.id, "unpublish", version, confirm=True)
    assert response.status_code == 303
    assert fresh(item.id).status is SubmissionStatus.UNPUBLISHED


def test_a_confirmation_that_comes_too_late_is_a_409(client, signed_in, open_wave):
    [item] = make_waiting(open_wave, ["Alpha One"])
    decide(client, item.id, "approve", item.version)
    version = fresh(item.id).version
    decide(client, item.id, "unpublish", version, confirm=False)  # the confirmation page
    fresh(item.id).contact_name = "Changed meanwhile"
    db.session.commit()
    assert decide(client, item.id, "unpublish", version).status_code == 409
    assert fresh(item.id).status is SubmissionStatus.APPROVED


def bulk(client, selection: list[str], decision="reject", note="Spam", **extra):
    data = {"csrf_token": csrf_from(client, "/moderation/"), "decision": decision, "note": note,
            "selected": selection, "back": "/moderation/?status=waiting", **extra}  # fmt: skip
    return client.post("/moderation/bulk", data=data)


def test_bulk_reject_asks_first_saying_how_many_and_what_happens(client, signed_in, open_wave):
    made = make_waiting(open_wave, [f"Alpha {n}" for n in range(7)])
    stale = made[0]
    ticked = [f"{s.id}:{s.version}" for s in made]
    stale.contact_name = "Changed meanwhile"
    db.session.commit()
    response = bulk(client, ticked)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Reject 6 submissions?" in page
    assert "Their submitters are told; nothing is published." in page
    assert "1 skipped because someone changed them first" in page
    assert 'href="/moderation/?status=waiting"' in page  # Cancel
    assert all(fresh(s.id).status is SubmissionStatus.PENDING for s in made)
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).where(AuditEvent.action == "submission.reject")
        )
        == 0
    )

    response = bulk(client, ticked, confirmed="yes")
    assert response.status_code == 303
    assert [fresh(s.id).status for s in made[1:]] == [SubmissionStatus.REJECTED] * 6
    assert fresh(stale.id).status is SubmissionStatus.PENDING


def test_bulk_reject_confirmation_posts_back_what_was_ticked(client, signed_in, open_wave):
    made = make_waiting(open_wave, ["Alpha One", "Alpha Two"])
    page = bulk(client, [f"{s.id}:{s.version}" for s in made], note="Line one\nLine two")
    fields = re.findall(
        r'<input type="hidden" name="(\w+)" value="([^"]*)">', page.get_data(as_text=True)
    )
    data = {}
    for name, value in fields:
        data.setdefault(name, []).append(html.unescape(value))
    assert data["confirmed"] == ["yes"] and len(data["selected"]) == 2
    response = client.post("/moderation/bulk", data=data)
    assert response.status_code == 303
    assert fresh(made[0].id).review_note == "Line one\nLine two"


def test_bulk_reject_without_a_reason_is_refused_before_any_confirmation(
    client, signed_in, open_wave
):
    [item] = make_waiting(open_wave, ["Alpha One"])
    response = bulk(client, [f"{item.id}:{item.version}"], note="", confirmed="yes")
    assert response.status_code == 303
    assert fresh(item.id).status is SubmissionStatus.PENDING


def test_bulk_approve_needs_no_confirmation(client, signed_in, open_wave):
    [item] = make_waiting(open_wave, ["Alpha One"])
    response = bulk(client, [f"{item.id}:{item.version}"], decision="approve", note="")
    assert response.status_code == 303
    assert fresh(item.id).status is SubmissionStatus.APPROVED
