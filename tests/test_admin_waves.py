"""Running survey waves under /admin/waves: create, open, close and reopen them."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.audit import Action
from app.extensions import db
from app.models import AuditEvent, SurveyWave
from app.models.enums import WaveStatus, WaveSurveys
from tests.factories import make_wave
from tests.helpers import count
from tests.test_admin_users import csrf_token, post

TODAY = date.today()
WAVE_URLS = [
    ("GET", "/admin/waves"),
    ("GET", "/admin/waves/new"),
    ("POST", "/admin/waves/new"),
    ("GET", "/admin/waves/current"),
    ("GET", "/admin/waves/current/edit"),
    ("POST", "/admin/waves/current/edit"),
    ("GET", "/admin/waves/current/non-responders.csv"),
    ("POST", "/admin/waves/current/open"),
    ("POST", "/admin/waves/current/close"),
    ("POST", "/admin/waves/current/reopen"),
    ("GET", "/admin/waves/current/close"),
    ("GET", "/admin/waves/current/reopen"),
    ("GET", "/admin/waves/current/invite"),
    ("POST", "/admin/waves/current/invite"),
    ("POST", "/admin/waves/current/reminders"),
]


def wave_form(**overrides) -> dict:
    """Return a valid form for a new wave, with `overrides`."""
    data = {
        "name": "Spring 2026",
        "slug": "",
        "surveys": "involvement",
        "opens_on": TODAY.isoformat(),
        "closes_on": (TODAY + timedelta(days=30)).isoformat(),
        "introduction": "Tell us how you work with civic tech.",
    }
    return {**data, **overrides}


def fresh(slug: str) -> SurveyWave:
    """Return the wave with `slug` as the database now has it."""
    db.session.expire_all()
    return db.session.scalar(sa.select(SurveyWave).where(SurveyWave.slug == slug))


def actions() -> list[str]:
    """Return the audit actions recorded, oldest first."""
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def test_every_wave_url_is_in_the_permission_tests(app):
    rules = {
        (method, rule.rule.replace("<wave_slug>", "current"))
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/admin/waves")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert rules == set(WAVE_URLS)


@pytest.mark.parametrize(("method", "url"), WAVE_URLS)
def test_moderators_and_visitors_cannot_run_waves(client, auth, moderator, method, url):
    make_wave(status=WaveStatus.DRAFT)
    data = {"csrf_token": csrf_token(client), **wave_form()} if method == "POST" else None
    assert client.open(url, method=method, data=data).status_code == 302
    auth.login()
    data = {"csrf_token": csrf_token(client), **wave_form()} if method == "POST" else None
    assert client.open(url, method=method, data=data).status_code == 403
    assert count(SurveyWave) == 1
    assert fresh("current").status is WaveStatus.DRAFT


def test_admin_nav_links_to_waves(client, signed_in_admin):
    assert 'href="/admin/waves"' in client.get("/admin/users").get_data(as_text=True)


def test_creating_a_wave_suggests_the_slug_and_stores_a_draft(client, signed_in_admin):
    response = post(client, "/admin/waves/new", wave_form(name="Spring 2026: Involvement"))
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/waves/spring-2026-involvement"
    wave = fresh("spring-2026-involvement")
    assert wave.status is WaveStatus.DRAFT
    assert wave.surveys is WaveSurveys.INVOLVEMENT
    assert wave.closes_on == TODAY + timedelta(days=30)
    assert actions() == [Action.USER_LOGIN.value, Action.WAVE_CREATE.value]
    page = client.get("/admin/waves").get_data(as_text=True)
    assert "Spring 2026: Involvement" in page and "Draft" in page


def test_an_edited_slug_is_kept(client, signed_in_admin):
    post(client, "/admin/waves/new", wave_form(slug="Involvement-2026", closes_on=""))
    wave = fresh("involvement-2026")
    assert wave.closes_on is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "  "}, "Enter a name for the wave."),
        ({"name": "x" * 121}, "Field cannot be longer than 120 characters."),
        ({"slug": "has spaces"}, "Use lowercase letters, digits and single hyphens only"),
        ({"slug": "a--b"}, "Use lowercase letters, digits and single hyphens only"),
        ({"slug": "x" * 61}, "Keep the address to 60 characters."),
        ({"slug": "current"}, "is taken by another wave"),
        ({"surveys": "all"}, "Not a valid choice"),
        ({"opens_on": ""}, "Enter the day the wave opens"),
        ({"opens_on": "next week"}, "Enter the day the wave opens"),
        ({"closes_on": TODAY.isoformat()}, "The closing day must be after the opening day."),
        ({"closes_on": (TODAY - timedelta(days=1)).isoformat()}, "must be after the opening"),
        ({"closes_on": "31/12/2026"}, "Not a valid date value."),
        ({"introduction": "x" * 2001}, "Keep the introduction to 2000 characters."),
    ],
)
def test_bad_input_gets_a_message_and_stores_nothing(client, signed_in_admin, overrides, message):
    make_wave(status=WaveStatus.CLOSED)
    response = post(client, "/admin/waves/new", wave_form(**overrides))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(SurveyWave) == 1
    assert Action.WAVE_CREATE.value not in actions()


def test_creating_without_csrf_stores_nothing(client, signed_in_admin):
    response = client.post("/admin/waves/new", data=wave_form())
    assert response.status_code in (400, 422)
    assert count(SurveyWave) == 0


def test_open_close_and_reopen_are_recorded(client, signed_in_admin):
    make_wave(status=WaveStatus.DRAFT, surveys=WaveSurveys.PARTNERSHIP)
    for step, status in [("open", "Open"), ("close", "Closed"), ("reopen", "Open")]:
        response = post(client, f"/admin/waves/current/{step}", follow_redirects=True)
        assert response.status_code == 200
        assert f"<dd>{status}</dd>" in response.get_data(as_text=True)
    assert fresh("current").status is WaveStatus.OPEN
    assert actions()[1:] == [
        Action.WAVE_OPEN.value,
        Action.WAVE_CLOSE.value,
        Action.WAVE_REOPEN.value,
    ]


def test_buttons_need_a_csrf_token(client, signed_in_admin):
    make_wave(status=WaveStatus.DRAFT)
    client.post("/admin/waves/current/open")
    assert fresh("current").status is WaveStatus.DRAFT


@pytest.mark.parametrize(
    ("status", "step", "message"),
    [
        (WaveStatus.OPEN, "open", "is already open"),
        (WaveStatus.CLOSED, "open", "is closed; reopen it instead"),
        (WaveStatus.DRAFT, "close", "is not open"),
        (WaveStatus.CLOSED, "close", "is not open"),
        (WaveStatus.DRAFT, "reopen", "is not closed"),
        (WaveStatus.OPEN, "reopen", "is not closed"),
    ],
)
def test_steps_out_of_order_are_refused(client, signed_in_admin, status, step, message):
    make_wave(status=status)
    response = post(client, f"/admin/waves/current/{step}", follow_redirects=True)
    assert message in response.get_data(as_text=True)
    assert fresh("current").status is status
    assert actions() == [Action.USER_LOGIN.value]


@pytest.mark.parametrize("status", [WaveStatus.DRAFT, WaveStatus.CLOSED])
def test_a_wave_whose_closing_day_has_passed_cannot_open(client, signed_in_admin, status):
    make_wave(
        status=status,
        opens_on=TODAY - timedelta(days=30),
        closes_on=TODAY - timedelta(days=1),
    )
    step = "open" if status is WaveStatus.DRAFT else "reopen"
    response = post(client, f"/admin/waves/current/{step}", follow_redirects=True)
    assert "which is in the past; it cannot be opened" in response.get_data(as_text=True)
    assert fresh("current").status is status


@pytest.mark.parametrize(
    ("open_surveys", "new_surveys", "allowed"),
    [
        (WaveSurveys.PARTNERSHIP, WaveSurveys.INVOLVEMENT, True),
        (WaveSurveys.INVOLVEMENT, WaveSurveys.PARTNERSHIP, True),
        (WaveSurveys.PARTNERSHIP, WaveSurveys.PARTNERSHIP, False),
        (WaveSurveys.BOTH, WaveSurveys.INVOLVEMENT, False),
        (WaveSurveys.INVOLVEMENT, WaveSurveys.BOTH, False),
    ],
)
def test_open_waves_must_run_different_surveys(
    client, signed_in_admin, open_surveys, new_surveys, allowed
):
    make_wave(slug="running", surveys=open_surveys)
    make_wave(status=WaveStatus.DRAFT, surveys=new_surveys)
    response = post(client, "/admin/waves/current/open", follow_redirects=True)
    page = response.get_data(as_text=True)
    if allowed:
        assert fresh("current").status is WaveStatus.OPEN
    else:
        assert "Wave running is open and includes the same survey" in page
        assert fresh("current").status is WaveStatus.DRAFT


def test_unknown_wave_is_404(client, signed_in_admin):
    assert client.get("/admin/waves/nothing").status_code == 404
    assert post(client, "/admin/waves/nothing/open").status_code == 404
