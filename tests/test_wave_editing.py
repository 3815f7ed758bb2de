"""Editing a wave under /admin/waves/<slug>/edit: its details change, its address does not."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.audit import Action
from app.extensions import db
from app.models import AuditEvent, OrgKind, SubmissionStatus, SurveyWave
from app.models.enums import WaveStatus, WaveSurveys
from app.network import current_revision
from tests import factories
from tests.helpers import count
from tests.test_admin_users import post
from tests.test_admin_waves import fresh

TODAY = date.today()
URL = "/admin/waves/current/edit"


def edit_form(wave: SurveyWave, **overrides) -> dict:
    """Return the edit form as the page fills it in for `wave`, with `overrides`."""
    data = {
        "name": wave.name,
        "surveys": wave.surveys.value,
        "opens_on": wave.opens_on.isoformat(),
        "closes_on": wave.closes_on.isoformat() if wave.closes_on else "",
        "introduction": wave.introduction,
    }
    return {**data, **overrides}


def edit_notes() -> list[str]:
    """Return the notes of every wave edit in the audit log, oldest first."""
    db.session.expire_all()
    query = sa.select(AuditEvent.note).where(AuditEvent.action == Action.WAVE_EDIT.value)
    return list(db.session.scalars(query.order_by(AuditEvent.id)))


@pytest.fixture
def wave(app):
    """Return a draft wave with known details and no submissions."""
    wave = factories.make_wave(
        status=WaveStatus.DRAFT,
        surveys=WaveSurveys.PARTNERSHIP,
        opens_on=TODAY,
        closes_on=TODAY + timedelta(days=30),
    )
    wave.introduction = "Tell us who you work with."
    db.session.commit()
    return wave


def test_the_edit_page_starts_from_the_wave_and_shows_its_address_fixed(
    client, signed_in_admin, wave
):
    wave_page = client.get("/admin/waves/current").get_data(as_text=True)
    assert f'href="{URL}"' in wave_page
    page = client.get(URL).get_data(as_text=True)
    assert 'value="Wave current"' in page
    assert '<option selected value="partnership">' in page
    assert "Tell us who you work with." in page
    assert 'id="slug" value="current" readonly' in page
    assert 'name="slug"' not in page
    assert "Can change only while the wave has no submissions." in page


@pytest.mark.parametrize(
    ("field", "value", "stored", "logged"),
    [
        ("name", "Spring 2026", "Spring 2026", "name: “Wave current” → “Spring 2026”"),
        ("surveys", "both", WaveSurveys.BOTH, "surveys: partnership → both"),
        (
            "opens_on",
            (TODAY + timedelta(days=2)).isoformat(),
            TODAY + timedelta(days=2),
            f"opens_on: {TODAY.isoformat()} → {(TODAY + timedelta(days=2)).isoformat()}",
        ),
        ("closes_on", "", None, f"closes_on: {(TODAY + timedelta(days=30)).isoformat()} → none"),
        (
            "introduction",
            "Tell us how it went.",
            "Tell us how it went.",
            "introduction: “Tell us who you work with.” → “Tell us how it went.”",
        ),
    ],
)
def test_each_detail_can_change_and_is_logged_old_to_new(
    client, signed_in_admin, wave, field, value, stored, logged
):
    response = post(client, URL, edit_form(wave, **{field: value}))
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/waves/current"
    assert getattr(fresh("current"), field) == stored
    assert edit_notes() == [f"current: {logged}"]
    flashed = client.get("/admin/waves/current").get_data(as_text=True)
    assert "is saved. Changed:" in flashed


def test_changes_show_on_the_admin_list_and_the_public_report(client, signed_in_admin, wave):
    later = TODAY + timedelta(days=60)
    changes = {"name": "Autumn Wave", "closes_on": later.isoformat(), "introduction": "Hello."}
    post(client, URL, edit_form(wave, **changes))
    listing = client.get("/admin/waves").get_data(as_text=True)
    assert "Autumn Wave" in listing and later.isoformat() in listing
    # A draft has no public report (app.waves.rules); once open, the report shows the edits.
    assert client.get("/waves/current").status_code == 404
    post(client, "/admin/waves/current/open", {})
    report = client.get("/waves/current").get_data(as_text=True)
    assert "<h1>Autumn Wave</h1>" in report and "Hello." in report
    [note] = edit_notes()
    assert note.startswith("current: name: “Wave current” → “Autumn Wave”; closes_on: ")


def test_nothing_changed_stores_nothing(client, signed_in_admin, wave):
    response = post(client, URL, edit_form(wave), follow_redirects=True)
    assert "Nothing changed." in response.get_data(as_text=True)
    assert edit_notes() == []


def test_user_text_is_escaped(client, signed_in_admin, wave):
    post(client, URL, edit_form(wave, name="<b>Bold</b>", introduction="<script>x</script>"))
    page = client.get("/admin/waves/current").get_data(as_text=True)
    assert "&lt;b&gt;Bold&lt;/b&gt;" in page and "<b>Bold</b>" not in page
    assert "<script>x</script>" not in client.get("/waves/current").get_data(as_text=True)


def test_a_posted_slug_is_ignored(client, signed_in_admin, wave):
    post(client, URL, edit_form(wave, name="Renamed", slug="hijacked"))
    assert fresh("current").name == "Renamed"
    assert count(SurveyWave) == 1 and fresh("hijacked") is None
    assert client.get("/admin/waves/hijacked").status_code == 404


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "  "}, "Enter a name for the wave."),
        ({"name": "x" * 121}, "Field cannot be longer than 120 characters."),
        ({"surveys": "all"}, "Not a valid choice"),
        ({"opens_on": ""}, "Enter the day the wave opens"),
        ({"opens_on": "next week"}, "Enter the day the wave opens"),
        ({"closes_on": TODAY.isoformat()}, "The closing day must be after the opening day."),
        ({"closes_on": (TODAY - timedelta(days=1)).isoformat()}, "must be after the opening"),
        ({"opens_on": (TODAY + timedelta(days=31)).isoformat()}, "must be after the opening"),
        ({"closes_on": "31/12/2026"}, "Not a valid date value."),
        ({"introduction": "x" * 2001}, "Keep the introduction to 2000 characters."),
    ],
)
def test_bad_input_gets_a_message_and_stores_nothing(
    client, signed_in_admin, wave, overrides, message
):
    # Each bad answer comes with a good one, which must not be stored either.
    response = post(client, URL, edit_form(wave, **{"name": "Good Name", **overrides}))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    stored = fresh("current")
    assert (stored.name, stored.opens_on, stored.introduction) == (
        "Wave current",
        TODAY,
        "Tell us who you work with.",
    )
    assert edit_notes() == []


def test_editing_without_csrf_stores_nothing(client, signed_in_admin, wave):
    response = client.post(URL, data=edit_form(wave, name="No Token"))
    assert response.status_code in (400, 422)
    assert fresh("current").name == "Wave current"


@pytest.mark.parametrize("status", [SubmissionStatus.PENDING, SubmissionStatus.REJECTED])
def test_surveys_cannot_change_once_the_wave_has_submissions(client, signed_in_admin, wave, status):
    brigade, partner = factories.make_org("Code for Waves"), factories.make_org("Partner")
    factories.make_partnership(wave, brigade, partner, status=status)
    page = client.get(URL).get_data(as_text=True)
    assert "This wave has submissions, so the surveys it includes can no longer change." in page
    response = post(client, URL, edit_form(wave, name="Also Renamed", surveys="both"))
    assert response.status_code == 422
    assert "already has submissions, so the surveys it includes cannot change" in (
        response.get_data(as_text=True)
    )
    assert (fresh("current").surveys, fresh("current").name) == (
        WaveSurveys.PARTNERSHIP,
        "Wave current",
    )
    assert edit_notes() == []
    # Its other details still change.
    assert post(client, URL, edit_form(wave, name="Also Renamed")).status_code == 303
    assert fresh("current").name == "Also Renamed"


@pytest.mark.parametrize(
    ("other_surveys", "new_surveys", "allowed"),
    [
        (WaveSurveys.INVOLVEMENT, WaveSurveys.PARTNERSHIP, True),
        (WaveSurveys.INVOLVEMENT, WaveSurveys.BOTH, False),
        (WaveSurveys.PARTNERSHIP, WaveSurveys.PARTNERSHIP, False),
    ],
)
def test_an_open_wave_may_not_take_a_survey_another_open_wave_runs(
    client, signed_in_admin, other_surveys, new_surveys, allowed
):
    factories.make_wave(slug="running", surveys=other_surveys)
    # Open, running no survey the other runs.
    wave = factories.make_wave(
        surveys=WaveSurveys.INVOLVEMENT
        if other_surveys is WaveSurveys.PARTNERSHIP
        else WaveSurveys.PARTNERSHIP
    )
    response = post(client, URL, edit_form(wave, surveys=new_surveys.value))
    if allowed:
        assert fresh("current").surveys is new_surveys
    else:
        assert response.status_code == 422
        assert "Wave running is open and includes the same survey" in (
            response.get_data(as_text=True)
        )
        assert fresh("current").surveys is not new_surveys
        assert edit_notes() == []


def test_a_draft_wave_may_share_a_survey_with_an_open_one(client, signed_in_admin, wave):
    factories.make_wave(slug="running", surveys=WaveSurveys.BOTH)
    post(client, URL, edit_form(wave, surveys="both"))
    assert fresh("current").surveys is WaveSurveys.BOTH


def test_an_open_wave_cannot_get_a_closing_day_in_the_past(client, signed_in_admin):
    wave = factories.make_wave(opens_on=TODAY - timedelta(days=10))
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    response = post(client, URL, edit_form(wave, closes_on=yesterday))
    assert response.status_code == 422
    assert "is open, so its closing day cannot be in the past; close it instead." in (
        response.get_data(as_text=True)
    )
    assert fresh("current").closes_on is None


def test_renaming_shows_the_new_name_on_the_map(client, signed_in_admin, wave):
    brigade, partner = (
        factories.make_org("Code for Maps"),
        factories.make_org("Map Partner", OrgKind.NONPROFIT),
    )
    wave.status = WaveStatus.OPEN  # answers are approved only in a wave that has opened
    factories.make_partnership(wave, brigade, partner)
    assert client.get("/api/graph").get_json()["summary"]["waves"] == ["Wave current"]
    before = current_revision()
    post(client, URL, edit_form(wave, name="Mapped Wave"))
    assert current_revision() == before + 1
    assert client.get("/api/graph").get_json()["summary"]["waves"] == ["Mapped Wave"]


def test_an_introduction_change_is_shown_on_the_next_page_load(client, signed_in_admin, wave):
    # Public pages show a wave's introduction, and are cached per revision: a change bumps it.
    before = current_revision()
    post(client, URL, edit_form(wave, introduction="New words."))
    assert current_revision() == before + 1


@pytest.mark.parametrize("who", [None, "moderator@example.org"])
def test_only_admins_can_edit(client, auth, moderator, wave, who):
    if who:
        auth.login(who)
    assert client.get(URL).status_code == (403 if who else 302)
    response = post(client, URL, edit_form(wave, name="Not Allowed"))
    assert response.status_code == (403 if who else 302)
    assert fresh("current").name == "Wave current"
    assert edit_notes() == []


def test_an_unknown_wave_is_404(client, signed_in_admin):
    assert client.get("/admin/waves/nothing/edit").status_code == 404
