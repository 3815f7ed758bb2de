"""Reports people want to look at: charts with their tables, the print stylesheet, the wave
list's published totals, and response rates only for those asked."""

import re
from datetime import date, timedelta

from app.charts import bar_chart, count_chart, share_chart
from app.extensions import db
from app.models import OrgKind, WaveInvitation
from app.models.enums import SurveyKind, WaveStatus, WaveSurveys
from app.waves.baseline import BASELINE_SLUG, load_baseline
from app.waves.reports import Row
from tests import factories
from tests.test_wave_reports import seed_25
from tests.wave_builders import partnerships

EARLIER = date.today() - timedelta(days=400)


def compact(page: str) -> str:
    """Drop the white space between tags, so that table rows can be matched."""
    return re.sub(r">\s+<", "><", page)


def charts_with_tables(page: str) -> list[str]:
    """Return the titles of the page's charts that have a table with the same caption."""
    titles = re.findall(r'<svg class="chart"[^>]*>\s*<title>([^<]+)</title>', page)
    return [title for title in titles if f"<caption>{title}</caption>" in page]


def test_bars_are_as_long_as_their_share_and_never_longer_than_the_room():
    chart = share_chart([Row("Half", 5, 50), Row("All", 10, 100), Row("None", 0, 0)])
    half, full, none = (row.bars[0] for row in chart.rows)
    assert full.width == 2 * half.width and none.width == 0
    assert full.figure == "100%" and full.figure_x == full.width + 4
    assert full.figure_x < chart.width
    tops = [row.label_y for row in chart.rows]
    assert tops == sorted(tops) and chart.height > tops[-1]
    too_much = bar_chart([("x" * 90, [(250, "250")])], 100)
    assert too_much.rows[0].bars[0].width < chart.width
    assert too_much.rows[0].label.endswith("…") and len(too_much.rows[0].label) < 60


def test_a_baseline_is_a_second_bar_and_a_legend():
    chart = share_chart([Row("Leads", 1, 100, 20)], baseline=True)
    assert chart.series == 2 and len(chart.legend_ys) == 2
    assert [bar.figure for bar in chart.rows[0].bars] == ["100%", "20%"]
    counts = count_chart([Row("Added", 3), Row("Ended", 6)])
    assert [bar.width for row in counts.rows for bar in row.bars][1] == 300


def test_involvement_report_has_its_charts_beside_2014(app, client, open_wave):
    load_baseline()
    seed_25(open_wave)
    page = client.get("/waves/current").get_data(as_text=True)
    assert "Involvement with a local civic tech group" in charts_with_tables(page)
    assert "Provided data or assistance to a local group" in charts_with_tables(page)
    assert "2014 published" in page.split("</svg>")[0]  # the legend names the 2014 bars
    assert "style=" not in page  # the Content-Security-Policy allows no style attributes


def test_2014_and_partnership_reports_have_their_charts(runner, client):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    nnip = client.get(f"/waves/{BASELINE_SLUG}").get_data(as_text=True)
    assert "Involvement with a local civic tech group" in charts_with_tables(nnip)
    constellation = client.get("/waves/2022-partner-constellation").get_data(as_text=True)
    charted = charts_with_tables(constellation)
    assert "Relationships by partner kind, most named first" in charted
    assert "Relationships by status" in charted


def test_the_waves_list_counts_the_2014_published_totals(runner, client):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    page = compact(client.get("/waves/").get_data(as_text=True))
    row = page.split(f'href="/waves/{BASELINE_SLUG}"')[1].split("</tr>")[0]
    assert "25 organizations (published totals)" in row
    constellation = page.split('href="/waves/2022-partner-constellation"')[1].split("</tr>")[0]
    assert '<td class="number">53</td>' in constellation


def test_every_page_links_the_print_stylesheet(app, client, open_wave):
    for path in ("/waves/", "/waves/current", "/waves/compare", "/"):
        page = client.get(path).get_data(as_text=True)
        link = (
            r'<link rel="stylesheet" href="(/static/css/print\.[0-9a-f]{12}\.css)" media="print">'
        )
        assert re.search(link, page), path
    sheet = client.get(re.search(link, page).group(1)).get_data(as_text=True)
    assert ".site-header" in sheet and ".language-switch" in sheet and "button" in sheet
    assert "attr(href)" in sheet


def panel_wave():
    """Return the current wave; four organizations (TX, MA, CA, NV) answered an earlier one."""
    earlier = factories.make_wave(slug="earlier", status=WaveStatus.CLOSED, opens_on=EARLIER)
    current = factories.make_wave(surveys=WaveSurveys.PARTNERSHIP)
    partner = factories.make_org("Shared Partner", OrgKind.NONPROFIT)
    orgs = {}
    for name, kind, state in [
        ("Code for Alpha", OrgKind.BRIGADE, "TX"),
        ("Beta Data", OrgKind.NNIP_PARTNER, "MA"),
        ("Code for Carmel", OrgKind.BRIGADE, "CA"),
        ("Nevada Lab", OrgKind.OTHER, "NV"),
    ]:
        orgs[state] = factories.make_org(name, kind, state=state)
        factories.make_partnership(earlier, orgs[state], partner)
    factories.make_partnership(current, orgs["TX"], partner)
    return current, orgs


def test_without_invitations_states_nobody_answered_are_one_line(client, signed_in_admin):
    panel_wave()
    page = compact(client.get("/admin/waves/current").get_data(as_text=True))
    assert '<th scope="row">TX</th><td>1</td><td>1</td><td>100%</td>' in page
    assert '<th scope="row">CA</th>' not in page and '<th scope="row">NV</th>' not in page
    assert "Nobody has answered yet in 3 states (3 organizations asked): CA, MA, NV." in page
    assert "Response rate by state" in charts_with_tables(page)


def test_with_invitations_only_those_invited_are_counted(client, signed_in_admin):
    current, orgs = panel_wave()
    for number, state in enumerate(("TX", "MA")):
        db.session.add(WaveInvitation(
            wave_id=current.id, organization_id=orgs[state].id,
            survey_kind=SurveyKind.PARTNERSHIP, email=f"{state.lower()}@example.org",
            token_digest=f"digest-{number}", token_seed=f"seed-{number}",
        ))  # fmt: skip
    db.session.commit()
    page = compact(client.get("/admin/waves/current").get_data(as_text=True))
    assert '<th scope="col">Invited</th>' in page
    assert '<th scope="row">TX</th><td>1</td><td>1</td><td>100%</td>' in page
    assert '<th scope="row">MA</th><td>1</td><td>0</td><td>0%</td>' in page
    for absent in ("CA", "NV"):
        assert f'<th scope="row">{absent}</th>' not in page and f": {absent}" not in page
    assert '<th scope="row">Other</th>' not in page
    assert "Response rate by kind of organization" in charts_with_tables(page)


def test_partnership_report_numbers_stay_in_the_table(app, client, open_wave):
    partnerships(open_wave, "Code for C", [("City of C", OrgKind.GOVERNMENT)])
    page = compact(client.get("/waves/current").get_data(as_text=True))
    assert "<caption>Relationships by status</caption>" in page
    row = '<th scope="row">Government</th><td class="number">1</td><td class="number">100%</td>'
    assert row in page
