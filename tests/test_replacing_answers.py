"""Answers that would replace another submission's published answers: a decision, not a side effect.

The journey of the issue: Code for NoVA's answers (4 partners) are published; someone
sends the survey again for "Code for NoVA", not through the status link, naming one
partner. A moderator sees exactly what approving would change and chooses.
"""

import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import OutboxMessage, SubmissionStatus
from tests.helpers import newest_submission
from tests.mail_helpers import sent_body
from tests.moderation_helpers import csrf_from, events, fresh

FIRST_PARTNERS = [
    "Arlington County", "Fairfax Library", "George Mason University", "NoVA Food Bank",
]  # fmt: skip


def nova_answers(contact: str, partners: list[str]) -> dict:
    """Return a partnership survey post for Code for NoVA naming `partners`."""
    data = {
        "org_name": "Code for NoVA",
        "org_kind": "brigade",
        "org_state": "VA",
        "contact_name": contact.split("@")[0].title(),
        "contact_email": contact,
    }
    for index, name in enumerate(partners):
        data |= {
            f"partners-{index}-name": name,
            f"partners-{index}-kind": "nonprofit",
            f"partners-{index}-status": "active",
        }
    return data


def form_fields(page: str, css_class: str) -> dict[str, str]:
    """Return the hidden inputs of the form with `css_class` on `page`, as a browser sends them."""
    match = re.search(rf'<form[^>]*class="[^"]*{css_class}[^"]*"[^>]*>(.*?)</form>', page, re.S)
    assert match, f"no form {css_class} on the page"
    return dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', match.group(1)))


@pytest.fixture
def published_and_fresh(surveys, open_wave, client, moderator, auth):
    """Publish Code for NoVA's first answers, then receive fresh ones naming one partner."""
    assert surveys.post("/surveys/partnership", nova_answers("first@example.org", FIRST_PARTNERS))
    first = newest_submission()
    auth.login()
    page = client.get(f"/moderation/submissions/{first.id}").get_data(as_text=True)
    assert "would replace" not in page  # nothing published yet: a plain approval
    fields = form_fields(page, "decision-approve")
    assert client.post(f"/moderation/submissions/{first.id}/decide", data=fields).status_code == 303
    surveys.post("/surveys/partnership", nova_answers("second@example.org", ["Fairfax Library"]))
    second = newest_submission()
    assert second.id != first.id
    return fresh(first.id), second


def graph_partners(client) -> set[str]:
    """Return the names of Code for NoVA's partners on the public map."""
    elements = client.get("/api/graph").get_json()["elements"]
    names = {node["data"]["id"]: node["data"]["label"] for node in elements["nodes"]}
    nova = next(i for i, name in names.items() if name == "Code for NoVA")
    return {names[e["data"]["target"]] for e in elements["edges"] if e["data"]["source"] == nova}


def mail_to(address: str) -> list[OutboxMessage]:
    return list(
        db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.to_address == address))
    )


def test_the_queue_row_says_what_approving_would_replace(client, published_and_fresh):
    first, second = published_and_fresh
    page = client.get("/moderation/").get_data(as_text=True)
    row = page.split(f'id="sel-{second.id}"')[1].split("</tr>")[0]
    assert f"would replace the published answers of #{first.id}" in row


def test_the_review_page_shows_partner_by_partner_what_would_no_longer_be_published(
    client, published_and_fresh
):
    first, second = published_and_fresh
    page = client.get(f"/moderation/submissions/{second.id}").get_data(as_text=True)
    assert "Approving would replace published answers" in page
    assert f"submission #{first.id}</a>" in page
    table = page.split('class="replacing-table"')[1].split("</table>")[0]
    dropped = re.findall(r'<tr class="dropped"><th scope="row">([^<]+)</th>', table)
    assert sorted(dropped) == ["Arlington County", "George Mason University", "NoVA Food Bank"]
    assert "Fairfax Library</th><td>Published (both name it)" in table
    assert f"Approve and replace #{first.id}" in page
    assert f"Combine with #{first.id} and approve" in page


def test_approving_without_seeing_the_replacement_is_refused(client, published_and_fresh):
    first, second = published_and_fresh
    url = f"/moderation/submissions/{second.id}"
    data = {"csrf_token": csrf_from(client, url), "decision": "approve", "version": second.version}
    response = client.post(f"{url}/decide", data=data)
    assert response.status_code == 409
    assert f"would replace the published answers of submission #{first.id}" in response.get_data(
        as_text=True
    )
    assert fresh(second.id).status is SubmissionStatus.PENDING
    assert fresh(first.id).status is SubmissionStatus.APPROVED
    assert graph_partners(client) == set(FIRST_PARTNERS)


def test_bulk_approve_leaves_such_submissions_out_and_names_them(
    client, published_and_fresh, surveys
):
    first, second = published_and_fresh
    surveys.partnership()  # an ordinary submission from another brigade
    other = newest_submission()
    token = csrf_from(client, "/moderation/")
    response = client.post(
        "/moderation/bulk",
        data={
            "csrf_token": token,
            "decision": "approve",
            "selected": [f"{second.id}:{second.version}", f"{other.id}:{other.version}"],
        },
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "1 submission(s) approved." in page
    assert f"Left out #{second.id}: approving would replace published answers" in page
    assert fresh(other.id).status is SubmissionStatus.APPROVED
    assert fresh(second.id).status is SubmissionStatus.PENDING
    assert fresh(first.id).status is SubmissionStatus.APPROVED


def test_approve_and_replace_tells_both_submitters_and_the_log_names_the_replaced(
    client, published_and_fresh
):
    first, second = published_and_fresh
    page = client.get(f"/moderation/submissions/{second.id}").get_data(as_text=True)
    fields = form_fields(page, "decision-approve")
    assert fields["replacing"] == str(first.id)
    response = client.post(f"/moderation/submissions/{second.id}/decide", data=fields)
    assert response.status_code == 303
    assert fresh(second.id).status is SubmissionStatus.APPROVED
    assert fresh(first.id).status is SubmissionStatus.SUPERSEDED
    [approval] = events(second.id, "submission.approve")
    assert f"Replaces the published answers of submission #{first.id}" in approval.note
    assert "Arlington County" in approval.note
    [superseded] = events(first.id, "submission.supersede")
    assert f"#{second.id}" in superseded.note
    assert graph_partners(client) == {"Fairfax Library"}
    [told_first] = [m for m in mail_to("first@example.org") if "replaced" in m.subject]
    for name in ("Arlington County", "George Mason University", "NoVA Food Bank"):
        assert name in sent_body(told_first)
    assert "second@example.org" not in sent_body(told_first)  # the other contact stays private
    assert any("are published" in m.subject for m in mail_to("second@example.org"))


def test_combine_keeps_every_published_partner_as_one_new_version(client, published_and_fresh):
    first, second = published_and_fresh
    page = client.get(f"/moderation/submissions/{second.id}").get_data(as_text=True)
    fields = form_fields(page, "decision-combine")
    response = client.post(
        f"/moderation/submissions/{second.id}/combine", data=fields, follow_redirects=True
    )
    assert response.status_code == 200
    assert "kept from the answers it replaces" in response.get_data(as_text=True)
    combined = fresh(second.id)
    assert combined.status is SubmissionStatus.APPROVED
    assert [p.partner.name for p in combined.partnerships] == [
        "Fairfax Library", "Arlington County", "George Mason University", "NoVA Food Bank",
    ]  # fmt: skip
    assert fresh(first.id).status is SubmissionStatus.SUPERSEDED
    assert graph_partners(client) == set(FIRST_PARTNERS)
    [combine] = events(second.id, "submission.combine")
    assert f"#{first.id}" in combine.note
    versions = client.get(f"/moderation/submissions/{second.id}").get_data(as_text=True)
    assert "Version 2" in versions
    [told_first] = [m for m in mail_to("first@example.org") if "combined" in m.subject]
    assert "were kept" in sent_body(told_first) and "Arlington County" in sent_body(told_first)


def test_asking_for_changes_replaces_nothing(client, published_and_fresh):
    first, second = published_and_fresh
    page = client.get(f"/moderation/submissions/{second.id}").get_data(as_text=True)
    fields = form_fields(page, "decision-request_changes")
    fields["note"] = "You named one partner; Code for NoVA's published answers name four."
    response = client.post(f"/moderation/submissions/{second.id}/decide", data=fields)
    assert response.status_code == 303
    assert fresh(second.id).status is SubmissionStatus.CHANGES_REQUESTED
    assert fresh(first.id).status is SubmissionStatus.APPROVED
    assert graph_partners(client) == set(FIRST_PARTNERS)


def test_an_approval_that_became_a_replacement_meanwhile_is_refused(
    client, surveys, open_wave, moderator, auth
):
    # Two fresh submissions wait; the moderator opens the second, then someone approves
    # the first: approving the second from the page seen earlier would now replace it.
    surveys.post("/surveys/partnership", nova_answers("first@example.org", FIRST_PARTNERS))
    first = newest_submission()
    surveys.post("/surveys/partnership", nova_answers("second@example.org", ["Fairfax Library"]))
    second = newest_submission()
    auth.login()
    seen = client.get(f"/moderation/submissions/{second.id}").get_data(as_text=True)
    stale = form_fields(seen, "decision-approve")
    assert "replacing" not in stale
    page = client.get(f"/moderation/submissions/{first.id}").get_data(as_text=True)
    client.post(
        f"/moderation/submissions/{first.id}/decide", data=form_fields(page, "decision-approve")
    )
    response = client.post(f"/moderation/submissions/{second.id}/decide", data=stale)
    assert response.status_code == 409
    assert fresh(second.id).status is SubmissionStatus.PENDING
    assert graph_partners(client) == set(FIRST_PARTNERS)


def test_a_revision_sent_through_the_status_link_replaces_without_a_warning(
    client, published_and_fresh, surveys
):
    first, _ = published_and_fresh
    url = f"/status/{first.token}/revise"
    revised = surveys.post(url, nova_answers("first@example.org", FIRST_PARTNERS[:2]))
    assert revised.status_code == 303
    revision = newest_submission()
    assert revision.replaces_id == first.id
    page = client.get(f"/moderation/submissions/{revision.id}").get_data(as_text=True)
    assert "Approving would replace published answers" not in page
    fields = form_fields(page, "decision-approve")
    response = client.post(f"/moderation/submissions/{revision.id}/decide", data=fields)
    assert response.status_code == 303
    assert fresh(first.id).status is SubmissionStatus.SUPERSEDED
