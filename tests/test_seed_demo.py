"""`flask seed-demo` loads the 2022 Partner Constellation and opens a current wave."""

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Organization,
    OrgKind,
    OrgStatus,
    PartnershipAnswer,
    RelationshipStatus,
    Submission,
    SubmissionStatus,
    SurveyKind,
    SurveyWave,
    WaveStatus,
)
from app.waves.rules import open_wave_for
from tests.helpers import count


def test_seed_loads_the_2022_network_as_an_approved_closed_wave(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "53 new submissions" in result.output
    wave = db.session.scalar(sa.select(SurveyWave).filter_by(slug="2022-partner-constellation"))
    assert wave.status is WaveStatus.CLOSED
    brigades = db.session.scalars(
        sa.select(Organization).where(Organization.kind == OrgKind.BRIGADE)
    ).all()
    assert len(brigades) == 53
    assert all(org.status is OrgStatus.APPROVED for org in brigades)
    submissions = db.session.scalars(sa.select(Submission).filter_by(wave=wave)).all()
    assert len(submissions) == 53
    assert {s.status for s in submissions} == {SubmissionStatus.APPROVED}
    # The 53 listed partnerships, plus five more named in brigades' posted answers.
    assert count(PartnershipAnswer) == 58
    assert all(s.contact_email is None for s in submissions)


def test_seed_keeps_what_partners_care_about(runner):
    runner.invoke(args=["seed-demo"])
    caltrans = db.session.scalar(sa.select(Organization).filter_by(name="Caltrans"))
    answer = db.session.scalar(sa.select(PartnershipAnswer).filter_by(partner=caltrans))
    assert answer.submission.organization.name == "Code for Sacramento"
    assert "open data" in answer.priorities
    assert answer.status is RelationshipStatus.ACTIVE
    govops = db.session.scalar(sa.select(Organization).filter_by(name="California GovOps"))
    prospective = db.session.scalar(sa.select(PartnershipAnswer).filter_by(partner=govops))
    assert prospective.status is RelationshipStatus.PROSPECTIVE
    sacramento = answer.submission.organization
    assert (sacramento.city, sacramento.state) == ("Sacramento", "CA")
    assert sacramento.latitude is not None


def test_seed_opens_a_wave_for_both_surveys(runner):
    runner.invoke(args=["seed-demo"])
    assert open_wave_for(SurveyKind.PARTNERSHIP) is not None
    assert open_wave_for(SurveyKind.INVOLVEMENT) is not None


def test_seed_twice_adds_nothing(runner):
    runner.invoke(args=["seed-demo"])
    before = (count(Organization), count(Submission), count(PartnershipAnswer), count(SurveyWave))
    result = runner.invoke(args=["seed-demo"])
    assert "0 new organizations, 0 new submissions" in result.output
    after = (count(Organization), count(Submission), count(PartnershipAnswer), count(SurveyWave))
    assert before == after


def test_if_empty_leaves_a_database_with_data_alone(runner):
    runner.invoke(args=["seed-demo"])
    wave = db.session.scalar(sa.select(SurveyWave).filter_by(status=WaveStatus.OPEN))
    wave.status = WaveStatus.CLOSED
    db.session.commit()
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "already has data" in result.output
    assert db.session.scalar(sa.select(SurveyWave).filter_by(status=WaveStatus.OPEN)) is None


def test_home_page_counts_only_approved_data(runner, client):
    runner.invoke(args=["seed-demo"])
    page = client.get("/").get_data(as_text=True)
    assert "<strong>53</strong> civic tech groups" in page
    assert "<strong>58</strong> partnerships" in page
    assert 'href="/surveys/partnership"' in page and 'href="/surveys/involvement"' in page
