"""Private answers: a partner's contact, and what a submitter keeps for moderators only.

Through the real survey form and status link, with their CSRF tokens; the moderators'
own marks are in tests/test_private_marks.py.
"""

import re
from datetime import date

import pytest

from app.extensions import db
from app.models import (
    OrgKind,
    OutboxMessage,
    PartnershipAnswer,
    RelationshipStatus,
    Submission,
    WaveStatus,
)
from tests import factories
from tests.helpers import count, newest_submission
from tests.mail_helpers import sent_body

CHECKED = re.compile(r'<input[^>]*name="(partners-\d+-[a-z_]+)"[^>]*>')


def ticked(page: str) -> set[str]:
    """Return the names of the ticked checkboxes of a page."""
    return {
        match.group(1)
        for match in CHECKED.finditer(page)
        if 'type="checkbox"' in match.group(0) and "checked" in match.group(0)
    }


def private_form(**overrides) -> dict:
    """Return a partnership post with two partners: the first private, with a contact."""
    return factories.partnership_form(
        **{
            "partners-0-email": "  Librarian@Testville.Example ",
            "partners-0-private": "y",
            "partners-0-text_private": "y",
            "partners-1-name": "Testville Food Bank",
            "partners-1-kind": "nonprofit",
            "partners-1-status": "active",
            "partners-1-text_private": "y",
            **overrides,
        }
    )


def test_the_form_asks_each_partner_for_a_private_contact_and_two_marks(client, open_wave):
    page = client.get("/surveys/partnership").get_data(as_text=True)
    assert 'name="partners-0-email"' in page and 'type="email"' in page
    assert "Private: never published. We use it only to ask this partner to confirm" in page
    for name, label in (
        ("private", "Keep this partner for moderators only"),
        ("text_private", "Keep what I wrote about this partner for moderators only"),
    ):
        assert f'<label for="partners-0-{name}">{label}</label>' in page
        assert f'id="partners-0-{name}" name="partners-0-{name}" type="checkbox"' in page
    # The hint is tied to the group of marks, for screen readers.
    assert 'id="partners-0-privacy" aria-describedby="partners-0-privacy-hint"' in page


def test_the_partner_contact_and_marks_are_stored(surveys, open_wave):
    response = surveys.post("/surveys/partnership", private_form())
    assert response.status_code == 303
    first, second = newest_submission().partnerships
    assert first.partner_email == "librarian@testville.example"
    assert (first.private, first.text_private, first.private_reason) == (True, True, "")
    assert second.partner_email is None
    assert (second.private, second.text_private) == (False, True)


def test_a_partner_left_unmarked_is_public_and_has_no_contact(surveys, open_wave):
    assert surveys.partnership().status_code == 303
    answer = newest_submission().partnerships[0]
    assert (answer.partner_email, answer.private, answer.text_private) == (None, False, False)


@pytest.mark.parametrize(
    "email",
    [
        "not-an-address",
        "librarian@",
        "@testville.example",
        "librarian@testville",
        "two@@testville.example",
        "librarian@testville.example, other@testville.example",
        "<script>alert(1)</script>@testville.example",
        "a" * 250 + "@testville.example",
    ],
)
def test_a_malformed_partner_contact_is_refused_and_nothing_is_stored(surveys, open_wave, email):
    response = surveys.post("/surveys/partnership", private_form(**{"partners-0-email": email}))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Partner&#39;s contact email" in page  # in the error summary, linked to the field
    assert (
        "Enter an email address like name@example.org." in page
        or "Keep an email address under 254 characters." in page
    )
    assert 'id="partners-0-email-errors"' in page
    assert "<script>alert(1)</script>" not in page
    assert count(Submission) == 0 and count(PartnershipAnswer) == 0


def test_the_status_page_shows_the_contact_and_marks(client, surveys, open_wave):
    surveys.post("/surveys/partnership", private_form())
    submission = newest_submission()
    page = client.get(f"/status/{submission.token}").get_data(as_text=True)
    assert "librarian@testville.example" in page
    assert page.count("Moderators only: partner") == 1
    assert page.count("Moderators only: words") == 2


def receipt_body() -> str:
    """Return the receipt mailed to the submitter, as its recipient gets it."""
    [receipt] = [m for m in OutboxMessage.query.all() if m.to_address == "riley@example.org"]
    return sent_body(receipt)


def test_a_receipt_to_a_new_address_says_what_is_private_without_quoting_it(surveys, open_wave):
    surveys.post("/surveys/partnership", private_form())
    body = receipt_body()
    assert "1. A partner kept for moderators only" in body
    assert "Testville Public Library" not in body and "librarian@" not in body
    assert "2. Testville Food Bank (Active)" in body  # its words are the private part
    assert "What was written about it is kept for moderators only." in body


def test_a_receipt_to_a_verified_contact_quotes_everything(surveys, open_wave):
    brigade = factories.make_org("Code for Testville")
    factories.make_contact(brigade, "riley@example.org")
    surveys.post("/surveys/partnership", private_form())
    body = receipt_body()
    assert "1. Testville Public Library (Active)" in body
    assert "Partner's contact (private): librarian@testville.example" in body
    assert "Moderators only: partner" in body and "Digital literacy classes" in body


def edit_page(client, token: str) -> tuple[str, dict]:
    """Load the status link's edit form; return the page and the post it would send as is."""
    page = client.get(f"/status/{token}/edit").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    version = re.search(r'name="seen_version" type="hidden" value="(\d+)"', page).group(1)
    return page, {"csrf_token": csrf, "seen_version": version}


def test_editing_through_the_status_link_keeps_the_contact_and_marks(client, surveys, open_wave):
    surveys.post("/surveys/partnership", private_form())
    token = newest_submission().token
    page, hidden = edit_page(client, token)
    marks = {"partners-0-private", "partners-0-text_private", "partners-1-text_private"}
    assert ticked(page) == marks
    assert 'value="librarian@testville.example"' in page
    # The form sent back as it was loaded, with one answer changed.
    data = private_form(**hidden, **{"partners-0-priorities": "Story hours"})
    response = client.post(f"/status/{token}/edit", data=data)
    assert response.status_code == 303
    first, second = newest_submission().partnerships
    assert first.priorities == "Story hours"
    assert (first.partner_email, first.private, first.text_private) == (
        "librarian@testville.example",
        True,
        True,
    )
    assert (second.private, second.text_private) == (False, True)


def test_a_submitter_may_lift_their_own_marks(client, surveys, open_wave):
    surveys.post("/surveys/partnership", private_form())
    token = newest_submission().token
    _page, hidden = edit_page(client, token)
    data = private_form(
        **hidden,
        **{"partners-0-private": None, "partners-0-email": "", "partners-1-text_private": None},
    )
    assert client.post(f"/status/{token}/edit", data=data).status_code == 303
    first, second = newest_submission().partnerships
    assert (first.partner_email, first.private, first.text_private) == (None, False, True)
    assert second.text_private is False


def test_an_edit_with_a_malformed_contact_changes_nothing(client, surveys, open_wave):
    surveys.post("/surveys/partnership", private_form())
    submission = newest_submission()
    version = submission.version
    _page, hidden = edit_page(client, submission.token)
    data = private_form(**hidden, **{"partners-0-email": "nobody at all"})
    response = client.post(f"/status/{submission.token}/edit", data=data)
    assert response.status_code == 422
    assert "Enter an email address like name@example.org." in response.get_data(as_text=True)
    after = newest_submission()
    assert after.version == version
    assert after.partnerships[0].partner_email == "librarian@testville.example"


def test_a_public_start_leaves_out_what_is_kept_for_moderators(client, app, open_wave):
    old_wave = factories.make_wave(
        slug="2022",
        status=WaveStatus.CLOSED,
        opens_on=date(2022, 3, 1),
        closes_on=date(2022, 12, 31),
    )
    brigade = factories.make_org("Code for Repeat", city="Repeatville", state="OH")
    secret = factories.make_org("Secret Shelter XQZPARTNER", OrgKind.NONPROFIT)
    library = factories.make_org("Repeat Library", OrgKind.GOVERNMENT)
    submission = factories.make_partnership(old_wave, brigade, secret)
    submission.partnerships[0].private = True
    submission.partnerships[0].partner_email = "shelter@secret.example"
    submission.partnerships.append(
        PartnershipAnswer(
            position=1,
            partner=library,
            status=RelationshipStatus.ACTIVE,
            priorities="XQZWORDS priorities",
            how_built="XQZWORDS built",
            text_private=True,
            partner_email="librarian@repeat.example",
        )
    )
    db.session.commit()
    page = client.get("/surveys/partnership?start_from=code+for+repeat").get_data(as_text=True)
    assert 'value="Repeat Library"' in page  # the public partner is offered
    for hidden in ("XQZPARTNER", "XQZWORDS", "shelter@secret.example", "librarian@repeat"):
        assert hidden not in page
    assert ticked(page) == {"partners-0-text_private"}  # the words stay marked
