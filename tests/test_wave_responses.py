"""A wave's admin page: who has answered among earlier respondents, and the CSV to follow up."""

import csv
import io
import re
from datetime import date, timedelta

import pytest

from app.models import Submission
from app.models.enums import OrgKind, SubmissionStatus, WaveStatus, WaveSurveys
from tests.factories import make_org, make_partnership, make_wave
from tests.helpers import count
from tests.test_admin_users import post

CLOSED_MESSAGE = "No survey wave is open right now"
EARLIER = date.today() - timedelta(days=400)


def test_a_wave_opened_here_makes_the_survey_take_answers(client, signed_in_admin, surveys):
    make_wave(status=WaveStatus.DRAFT, surveys=WaveSurveys.PARTNERSHIP)
    assert CLOSED_MESSAGE in client.get("/surveys/partnership").get_data(as_text=True)
    post(client, "/admin/waves/current/open")
    assert CLOSED_MESSAGE not in client.get("/surveys/partnership").get_data(as_text=True)
    assert surveys.partnership().status_code == 303
    assert count(Submission) == 1

    post(client, "/admin/waves/current/close")
    assert CLOSED_MESSAGE in client.get("/surveys/partnership").get_data(as_text=True)
    assert client.post("/surveys/partnership", data={}).status_code in (400, 409)
    assert count(Submission) == 1


def test_the_involvement_survey_stays_closed_for_a_partnership_wave(client, signed_in_admin):
    make_wave(status=WaveStatus.DRAFT, surveys=WaveSurveys.PARTNERSHIP)
    post(client, "/admin/waves/current/open")
    assert CLOSED_MESSAGE in client.get("/surveys/involvement").get_data(as_text=True)


@pytest.fixture
def panel(app):
    """Return orgs approved in an earlier wave; two of them answer the current one."""
    earlier = make_wave(slug="earlier", status=WaveStatus.CLOSED, opens_on=EARLIER)
    current = make_wave(surveys=WaveSurveys.PARTNERSHIP)
    partner = make_org("Shared Partner", OrgKind.NONPROFIT)
    orgs = {
        "alpha": make_org("Code for Alpha", city="Austin", state="TX"),
        "beta": make_org("Beta Data", OrgKind.NNIP_PARTNER, city="Boston", state="MA"),
        "gamma": make_org("=Gamma Lab", OrgKind.NNIP_PARTNER, city="Dallas", state="TX"),
        "delta": make_org("Code for Delta", city="Houston", state="TX"),
        "rejected": make_org("Rejected Before", state="CA"),
    }
    for key in ("alpha", "beta", "gamma", "delta"):
        make_partnership(earlier, orgs[key], partner)
    make_partnership(earlier, orgs["rejected"], partner, status=SubmissionStatus.REJECTED)
    make_partnership(current, orgs["alpha"], partner, status=SubmissionStatus.PENDING)
    make_partnership(current, orgs["beta"], partner)
    # A rejected answer in this wave does not count as answering it.
    make_partnership(current, orgs["delta"], partner, status=SubmissionStatus.REJECTED)
    return orgs


def test_response_rates_overall_by_kind_and_state(client, signed_in_admin, panel):
    page = client.get("/admin/waves/current").get_data(as_text=True)
    assert "2 of the 4 organizations" in page and "(50%)" in page
    compact = re.sub(r">\s+<", "><", page)
    for label, expected, responded, percent in [
        ("Civic tech group (brigade)", 2, 1, 50),
        ("Data intermediary (NNIP partner)", 2, 1, 50),
        ("TX", 3, 1, 33),
        ("MA", 1, 1, 100),
    ]:
        row = (
            f'<th scope="row">{label}</th><td>{expected}</td>'
            f"<td>{responded}</td><td>{percent}%</td>"
        )
        assert row in compact
    # Matched as an element's whole text: a random CSRF token may contain "CA".
    assert "Rejected Before" not in page and ">CA<" not in compact
    assert "=Gamma Lab" in page and "Code for Delta" in page


def test_non_responders_csv_has_public_fields_only_and_guards_formulas(
    client, signed_in_admin, panel
):
    response = client.get("/admin/waves/current/non-responders.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "current-non-responders.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows == [
        ["name", "kind", "city", "state"],
        ["Code for Delta", "Civic tech group (brigade)", "Houston", "TX"],
        ["'=Gamma Lab", "Data intermediary (NNIP partner)", "Dallas", "TX"],
    ]
    assert "@" not in response.get_data(as_text=True)


def test_a_wave_without_earlier_respondents_says_so(client, signed_in_admin, open_wave):
    page = client.get("/admin/waves/current").get_data(as_text=True)
    assert "no one to follow up" in page
    rows = client.get("/admin/waves/current/non-responders.csv").get_data(as_text=True)
    assert rows.strip() == "name,kind,city,state"


def test_earlier_waves_of_other_surveys_do_not_count(client, signed_in_admin):
    earlier = make_wave(
        slug="earlier", status=WaveStatus.CLOSED, opens_on=EARLIER, surveys=WaveSurveys.BOTH
    )
    make_wave(surveys=WaveSurveys.INVOLVEMENT)
    make_partnership(earlier, make_org("Partnership Only"), make_org("Partner"))
    page = client.get("/admin/waves/current").get_data(as_text=True)
    assert "no one to follow up" in page
