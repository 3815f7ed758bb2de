"""Answering again: a new wave's form starts from the organization's last approved answers."""

import re
from datetime import date

import pytest

from app.extensions import db
from app.models import (
    Continuity,
    OrgKind,
    PartnershipAnswer,
    RelationshipStatus,
    SubmissionStatus,
    WaveStatus,
)
from tests import factories
from tests.helpers import newest_submission


def partner_value(page: str, index: int) -> str:
    """Return what the form's partner name box number `index` holds."""
    tag = re.search(rf'<input[^>]*name="partners-{index}-name"[^>]*>', page).group(0)
    match = re.search(r'value="([^"]*)"', tag)
    return match.group(1) if match else ""


@pytest.fixture
def answered_before(app, open_wave):
    """Code for Repeat answered the 2022 wave (approved), naming two partners."""
    old_wave = factories.make_wave(
        slug="2022",
        status=WaveStatus.CLOSED,
        opens_on=date(2022, 3, 1),
        closes_on=date(2022, 12, 31),
    )
    brigade = factories.make_org("Code for Repeat", city="Repeatville", state="OH")
    library = factories.make_org("Repeat Library", OrgKind.GOVERNMENT)
    food_bank = factories.make_org("Repeat Food Bank", OrgKind.NONPROFIT)
    submission = factories.make_partnership(old_wave, brigade, library)
    submission.contact_email = "old-contact@example.org"
    submission.partnerships[0].priorities = "Digital literacy"
    submission.partnerships.append(
        PartnershipAnswer(position=1, partner=food_bank, status=RelationshipStatus.ACTIVE)
    )
    db.session.commit()
    return submission


def test_the_form_starts_from_the_last_published_answers(client, answered_before):
    page = client.get("/surveys/partnership?start_from=code+for+repeat").get_data(as_text=True)
    assert "published answers from Wave 2022" in page
    assert 'value="Code for Repeat"' in page
    assert [partner_value(page, 0), partner_value(page, 1)] == [
        "Repeat Library",
        "Repeat Food Bank",
    ]
    assert "Digital literacy" in page
    assert '<option selected value="continuing">' in page
    assert "old-contact@example.org" not in page  # contact details are never copied


def test_continuing_new_and_ended_partners_are_stored(surveys, answered_before):
    response = surveys.partnership(
        org_name="Code for Repeat",
        **{
            "partners-0-name": "Repeat Library",
            "partners-0-continuity": "continuing",
            "partners-1-name": "Repeat Food Bank",
            "partners-1-status": "past",
            "partners-1-continuity": "ended",
            "partners-2-name": "Repeat Makerspace",
            "partners-2-status": "active",
            "partners-2-continuity": "new",
        },
    )
    assert response.status_code == 303
    rows = [(p.partner.name, p.continuity) for p in newest_submission().partnerships]
    assert rows == [
        ("Repeat Library", Continuity.CONTINUING),
        ("Repeat Food Bank", Continuity.ENDED),
        ("Repeat Makerspace", Continuity.NEW),
    ]
    # The earlier wave keeps its own answers.
    db.session.expire_all()
    assert [p.continuity for p in answered_before.partnerships] == [None, None]
    assert answered_before.status is SubmissionStatus.APPROVED


@pytest.mark.parametrize("name", ["Nobody Known", "Code for Pending"])
def test_no_published_answers_means_a_blank_form(client, answered_before, name):
    factories.make_org("Code for Pending", status=factories.OrgStatus.PENDING)
    page = client.get(f"/surveys/partnership?start_from={name}").get_data(as_text=True)
    assert "found no published answers" in page
    assert partner_value(page, 0) == ""


def test_unpublished_answers_are_not_offered(client, answered_before):
    answered_before.status = SubmissionStatus.UNPUBLISHED
    db.session.commit()
    page = client.get("/surveys/partnership?start_from=Code+for+Repeat").get_data(as_text=True)
    assert "found no published answers" in page
    assert partner_value(page, 0) == ""


def test_involvement_answers_start_from_the_last_ones(client, surveys, open_wave):
    surveys.involvement(level="some_contact")  # answered in the current wave ...
    earlier = newest_submission()
    earlier.status = SubmissionStatus.APPROVED
    for org in [earlier.organization, *(g.organization for g in earlier.local_groups)]:
        org.status = factories.OrgStatus.APPROVED
    open_wave.status = WaveStatus.CLOSED  # ... which then closed; a new wave opens
    db.session.commit()
    factories.make_wave(slug="next")
    page = client.get("/surveys/involvement?start_from=Testville+Data+Collaborative").get_data(
        as_text=True
    )
    level = re.search(r'<input[^>]*value="some_contact"[^>]*>', page).group(0)
    assert "checked" in level
    assert "sam@example.org" not in page
