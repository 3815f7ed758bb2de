"""`/waves/compare` as a visual summary: sensible default waves and only the sections that apply."""

from datetime import date

from app.models import InvolvementLevel as Level
from app.models import OrgKind, WaveStatus, WaveSurveys
from tests import factories
from tests.wave_builders import involvement, partnerships

GOV = OrgKind.GOVERNMENT


def wave(slug: str, surveys: WaveSurveys, year: int, status=WaveStatus.CLOSED):
    """Store a wave opening on the first of June of `year`."""
    return factories.make_wave(slug=slug, surveys=surveys, status=status,
                               opens_on=date(year, 6, 1))  # fmt: skip


def partnership_waves():
    """Store two partnership waves around an involvement one, and a newer draft."""
    old = wave("p-old", WaveSurveys.PARTNERSHIP, 2020)
    wave("inv", WaveSurveys.INVOLVEMENT, 2021)
    new = wave("p-new", WaveSurveys.PARTNERSHIP, 2023)
    wave("draft", WaveSurveys.BOTH, 2024, status=WaveStatus.DRAFT)
    partnerships(old, "Code for X", [("City X", GOV), ("Library X", GOV)])
    partnerships(new, "Code for X", [("City X", GOV), ("Parks X", GOV)])
    return old, new


def test_defaults_to_the_two_latest_waves_of_the_same_survey(app, client):
    partnership_waves()
    response = client.get("/waves/compare")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<option value="p-old" selected>' in page and '<option value="p-new" selected>' in page
    assert "Wave p-old → Wave p-new" in page
    for other in ("inv", "draft"):
        assert f'<option value="{other}" selected>' not in page


def test_two_partnership_waves_show_no_involvement_section(app, client):
    partnership_waves()
    page = client.get("/waves/compare?from=p-old&to=p-new").get_data(as_text=True)
    assert "Involvement levels" not in page and "Level transitions" not in page
    assert "From \\ To" not in page and "more involved" not in page
    assert '<svg class="chart"' in page
    assert "<title>Partnerships added, continued, ended and not confirmed</title>" in page
    assert "<caption>Partnerships added, continued, ended and not confirmed</caption>" in page
    assert "<td>Code for X</td><td>Parks X</td>" in page and "<details" in page


def test_waves_without_a_survey_in_common_compare_only_who_answered(app, client):
    partnership_waves()
    page = client.get("/waves/compare?from=inv&to=p-new").get_data(as_text=True)
    assert "ran no survey in common" in page
    assert "Relationships" not in page and "Level transitions" not in page
    assert "Who answered" in page


def test_involvement_waves_chart_their_levels_and_transitions(app, client):
    old = wave("i-old", WaveSurveys.INVOLVEMENT, 2021)
    new = wave("i-new", WaveSurveys.INVOLVEMENT, 2022)
    involvement(old, "Data A", Level.SOME_CONTACT)
    involvement(new, "Data A", Level.EXTENSIVE)
    page = client.get("/waves/compare").get_data(as_text=True)
    assert "Wave i-old → Wave i-new" in page
    for title in (
        "Share of organizations at each level of involvement",
        "How the level of organizations that answered both waves changed",
    ):
        assert f"<title>{title}</title>" in page and f"<caption>{title}</caption>" in page
    assert "Relationships" not in page  # neither wave ran the partnership survey


def test_a_wave_compared_with_itself_is_refused_clearly(app, client):
    partnership_waves()
    response = client.get("/waves/compare?from=p-new&to=p-new")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "a wave compared with itself shows no change" in page
    assert "Wave p-new → Wave p-new" not in page


def test_with_a_single_wave_there_is_nothing_to_compare_yet(app, client):
    wave("only", WaveSurveys.PARTNERSHIP, 2022)
    response = client.get("/waves/compare")
    assert response.status_code == 200
    assert "not yet two waves of the same survey" in response.get_data(as_text=True)
