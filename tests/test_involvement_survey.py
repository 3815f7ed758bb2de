"""The civic tech involvement survey."""

import pytest

from app.models import (
    Answer3,
    InvolvementAnswer,
    InvolvementChoice,
    InvolvementLevel,
    InvolvementTopic,
    Organization,
    OrgKind,
    OrgStatus,
    Submission,
    SurveyKind,
)
from tests import factories
from tests.helpers import count, newest_submission


def test_form_asks_the_nnip_questions(client, open_wave):
    page = client.get("/surveys/involvement").get_data(as_text=True)
    for text in (
        "Leads or has led a local civic tech group",
        "Some contact, but not an active participant",
        "Irregular group meetings",
        "Lack of group leadership",
        "Transparency Camp",
        "Code for America Summit",
        "National Day of Civic Hacking",
        "stronger relationship",
    ):
        assert text in page


def test_valid_submission_is_stored_with_choices_and_groups(surveys, open_wave):
    brigade = factories.make_org("Code for Testville")
    response = surveys.involvement(
        events=["cfa_summit", "other"],
        event_other="Regional open data day",
        **{"local_groups-1": "Testville Civic Hackers"},
    )
    assert response.status_code == 303
    submission = newest_submission()
    assert submission.survey_kind is SurveyKind.INVOLVEMENT
    assert submission.organization.kind is OrgKind.NNIP_PARTNER
    answer = submission.involvement
    assert answer.level is InvolvementLevel.EXTENSIVE
    assert answer.provided_assistance is True
    assert answer.staff_count == 2
    assert answer.wants_stronger_relationship is Answer3.YES
    choices = sorted((c.topic, c.choice, c.detail) for c in submission.involvement_choices)
    assert choices == sorted(
        [
            (InvolvementTopic.ASSISTANCE, "data", ""),
            (InvolvementTopic.ASSISTANCE, "meeting_space", ""),
            (InvolvementTopic.BARRIER, "irregular_meetings", ""),
            (InvolvementTopic.EVENT, "cfa_summit", ""),
            (InvolvementTopic.EVENT, "other", "Regional open data day"),
        ]
    )
    groups = [g.organization for g in submission.local_groups]
    assert groups[0].id == brigade.id
    assert (groups[1].name, groups[1].kind, groups[1].status) == (
        "Testville Civic Hackers",
        OrgKind.BRIGADE,
        OrgStatus.PENDING,
    )
    # The intermediary's own place is not copied to a group it names: it stays unknown.
    assert (groups[1].city, groups[1].state) == (None, None)


def test_no_assistance_means_no_assistance_rows(surveys, open_wave):
    response = surveys.involvement(
        level="none", provided_assistance="no", assistance=[], barriers=[], events=[]
    )
    assert response.status_code == 303
    submission = newest_submission()
    assert submission.involvement.provided_assistance is False
    assert submission.involvement_choices == []


def test_typed_other_text_counts_as_ticking_other(surveys, open_wave):
    assert surveys.involvement(barrier_other="No meeting space nearby").status_code == 303
    rows = {(c.choice, c.detail) for c in newest_submission().involvement_choices}
    assert ("other", "No meeting space nearby") in rows


def test_the_same_group_named_twice_is_stored_once(surveys, open_wave):
    surveys.involvement(**{"local_groups-1": "code for testville"})
    assert len(newest_submission().local_groups) == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"level": None}, "Choose the level that fits best."),
        ({"level": "obsessed"}, "Not a valid choice"),
        ({"provided_assistance": None}, "Answer yes or no."),
        ({"assistance": []}, "Tick at least one kind."),
        ({"provided_assistance": "no"}, "You answered No above"),
        ({"assistance": ["data", "bribes"]}, "is not a valid choice"),
        ({"assistance": ["other"]}, "Describe the other answer you ticked."),
        ({"assistance_other": "x" * 301}, "Keep this under 300 characters."),
        ({"staff_count": ""}, "Enter a number (0 if none)."),
        ({"staff_count": "-1"}, "Enter a number from 0 to 500."),
        ({"staff_count": "5000"}, "Enter a number from 0 to 500."),
        ({"staff_count": "two"}, "Not a valid integer value."),
        ({"wants_stronger": None}, "Choose yes, no or not sure."),
        ({"local_groups-0": "g" * 201}, "Keep each name under 200 characters."),
        ({"comments": "c" * 2001}, "Keep this under 2000 characters."),
        ({"contact_email": "sam@"}, "Enter an email address like name@example.org."),
        ({"org_name": ""}, "Name your organization."),
    ],
)
def test_bad_input_is_refused_with_a_message(surveys, open_wave, overrides, message):
    response = surveys.involvement(**overrides)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(Submission) == count(InvolvementAnswer) == count(InvolvementChoice) == 0
    assert count(Organization) == 0


def test_more_than_ten_local_groups_is_refused(surveys, open_wave):
    groups = {f"local_groups-{i}": f"Group {i}" for i in range(11)}
    response = surveys.involvement(**groups)
    assert response.status_code == 422
    assert "List at most 10" in response.get_data(as_text=True)


def test_add_group_without_javascript(surveys, open_wave):
    page = surveys.involvement(list_action="add:local_groups").get_data(as_text=True)
    assert 'name="local_groups-3"' in page
    assert count(Submission) == 0


def test_unknown_list_action_is_treated_as_a_normal_post(surveys, open_wave):
    assert surveys.involvement(list_action="add:contact_email").status_code == 303
