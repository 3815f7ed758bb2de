"""The 2014 NNIP baseline: published totals loaded by `flask seed-demo`, once."""

import sqlalchemy as sa

from app.extensions import db
from app.models import PublishedTotal, SurveyWave, WaveStatus, WaveSurveys
from app.network import current_revision
from tests.helpers import count


def baseline() -> SurveyWave:
    return db.session.scalar(sa.select(SurveyWave).filter_by(slug="2014-nnip-civic-tech"))


def test_seed_demo_loads_the_2014_totals(runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    wave = baseline()
    assert wave.name == "2014 NNIP Civic Tech Survey"
    assert (wave.status, wave.surveys) == (WaveStatus.CLOSED, WaveSurveys.INVOLVEMENT)
    assert (wave.opens_on.isoformat(), wave.closes_on.isoformat()) == ("2014-07-01", "2014-07-31")
    totals = {
        (t.measure, t.value): t.count
        for t in db.session.scalars(sa.select(PublishedTotal).filter_by(wave_id=wave.id))
    }
    assert totals == {
        ("level", "leads"): 5,
        ("level", "extensive"): 11,
        ("level", "some_contact"): 3,
        ("level", "none"): 6,
        ("provided_assistance", "yes"): 16,
        ("barrier", "irregular_meetings"): 0,
        ("barrier", "no_leadership"): 0,
        ("event", "transparency_camp"): 0,
        ("event", "cfa_summit"): 0,
    }


def test_seed_demo_twice_adds_nothing(runner):
    runner.invoke(args=["seed-demo"])
    before = (count(SurveyWave), count(PublishedTotal), current_revision())
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0 and "0 new waves" in result.output
    assert (count(SurveyWave), count(PublishedTotal), current_revision()) == before


def test_baseline_report_is_labelled_as_published_totals(runner, client):
    runner.invoke(args=["seed-demo"])
    page = client.get("/waves/2014-nnip-civic-tech").get_data(as_text=True)
    assert "Published totals, not individual answers." in page
    assert "named, not counted" in page and "Lack of group leadership" in page
    assert "Transparency Camp" in page and "2014 published" not in page
    for share in ("20%", "44%", "12%", "24%", "64%"):
        assert share in page
    listing = client.get("/waves/").get_data(as_text=True)
    assert "2014 NNIP Civic Tech Survey" in listing
