"""Surveys take answers only into an open wave that runs them."""

from datetime import date, timedelta

import pytest

from app.extensions import db
from app.models import Submission, SurveyKind, WaveStatus, WaveSurveys
from app.waves.rules import open_wave_for
from tests import factories
from tests.helpers import count


def days_from_today(**offsets: int) -> dict:
    """Return wave dates as offsets from today, read when the test runs (not at import)."""
    return {name: date.today() + timedelta(days=days) for name, days in offsets.items()}


@pytest.mark.parametrize(
    ("wave", "partnership_open", "involvement_open"),
    [
        ({"surveys": WaveSurveys.BOTH}, True, True),
        ({"surveys": WaveSurveys.PARTNERSHIP}, True, False),
        ({"surveys": WaveSurveys.INVOLVEMENT}, False, True),
        ({"status": WaveStatus.DRAFT}, False, False),
        ({"status": WaveStatus.CLOSED}, False, False),
        ({"opens_on": 1}, False, False),
        ({"closes_on": -1}, False, False),
        ({"opens_on": 0, "closes_on": 0}, True, True),
    ],
)
def test_open_wave_rules(app, wave, partnership_open, involvement_open):
    dates = days_from_today(**{k: v for k, v in wave.items() if k in ("opens_on", "closes_on")})
    factories.make_wave(**{**wave, **dates})
    assert (open_wave_for(SurveyKind.PARTNERSHIP) is not None) is partnership_open
    assert (open_wave_for(SurveyKind.INVOLVEMENT) is not None) is involvement_open


def test_the_newest_open_wave_takes_answers(app):
    factories.make_wave(slug="older", **days_from_today(opens_on=-30))
    newer = factories.make_wave(slug="newer", **days_from_today(opens_on=-2))
    assert open_wave_for(SurveyKind.PARTNERSHIP).id == newer.id


@pytest.mark.parametrize("url", ["/surveys/partnership", "/surveys/involvement"])
def test_without_an_open_wave_the_form_says_so(client, url):
    factories.make_wave(status=WaveStatus.CLOSED)
    response = client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "No survey wave is open right now" in page
    assert "<form" not in page


def test_a_post_after_the_wave_closed_stores_nothing(surveys, open_wave):
    token = surveys.csrf_token("/surveys/partnership")
    open_wave.status = WaveStatus.CLOSED
    db.session.commit()
    data = {"csrf_token": token, **factories.partnership_form()}
    response = surveys.client.post("/surveys/partnership", data=data)
    assert response.status_code == 409
    assert "No survey wave is open right now" in response.get_data(as_text=True)
    assert count(Submission) == 0
