"""The map's wave selector and "changes since" mode in a real browser."""

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Continuity,
    Organization,
    OrgKind,
    PartnershipAnswer,
    RelationshipStatus,
    Submission,
    SubmissionStatus,
    SurveyKind,
    SurveyWave,
    WaveStatus,
)
from app.network import bump_revision
from tests import factories
from tests.browser.test_map import api_graph, open_map, reload_done, shown

pytestmark = pytest.mark.browser
SINCE = "2022-partner-constellation"


@pytest.fixture
def answered_again(runner):
    """Load the demo, then approve Code for Sacramento's answers in the open wave.

    In 2022 it named Caltrans (active) and California GovOps (prospective); now it keeps
    Caltrans, marks GovOps ended and adds a library.
    """
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    wave = db.session.scalar(sa.select(SurveyWave).filter_by(status=WaveStatus.OPEN))
    named = {
        org.name: org
        for org in db.session.scalars(
            sa.select(Organization).where(
                Organization.name.in_(["Code for Sacramento", "Caltrans", "California GovOps"])
            )
        )
    }
    library = factories.make_org("Sacramento Public Library", OrgKind.GOVERNMENT)
    submission = Submission(
        wave=wave,
        survey_kind=SurveyKind.PARTNERSHIP,
        organization=named["Code for Sacramento"],
        status=SubmissionStatus.APPROVED,
    )
    for position, (partner, continuity) in enumerate(
        [
            (named["Caltrans"], Continuity.CONTINUING),
            (named["California GovOps"], Continuity.ENDED),
            (library, Continuity.NEW),
        ]
    ):
        submission.partnerships.append(
            PartnershipAnswer(
                position=position,
                partner=partner,
                status=RelationshipStatus.ACTIVE,
                continuity=continuity,
            )
        )
    db.session.add(submission)
    bump_revision()
    db.session.commit()
    return wave


def edges_by_change(page) -> dict[str, int]:
    """Count the drawn relationships by their change mark."""
    return page.evaluate(
        """() => {
          const counts = {};
          ConstellationMap.cy.edges().forEach(e => {
            const change = e.data('change') || 'none';
            counts[change] = (counts[change] || 0) + 1;
          });
          return counts;
        }"""
    )


def edge_style(page, change: str, name: str) -> str:
    """Return a style property of the first drawn relationship with `change`."""
    return page.evaluate(
        "([change, name]) => ConstellationMap.cy.edges()"
        ".filter(e => e.data('change') === change)[0].style(name)",
        [change, name],
    )


def test_choosing_a_wave_to_compare_marks_the_changes(page, app, answered_again):
    open_map(page)
    assert page.locator("#map-legend-changes").is_hidden()
    page.get_by_label("Show changes since").select_option(SINCE)
    reload_done(page)
    graph = api_graph(app, f"?since={SINCE}")
    counts = graph["summary"]["changes"]
    assert (counts["new"], counts["continuing"], counts["ended"]) == (1, 1, 1)
    assert edges_by_change(page) == {
        change: counts[change]
        for change in ("new", "continuing", "ended", "unconfirmed")
        if counts[change]
    }
    summary = page.locator("#map-summary").inner_text()
    assert "Changes since 2022 Partner Constellation" in summary
    assert "1 new relationship (drawn thick), 1 continuing, 1 ended" in summary
    assert page.locator("#map-legend-changes").is_visible()
    # New stands out and ended fades by width and dashes, not by colour alone.
    assert float(edge_style(page, "new", "width").removesuffix("px")) >= 5
    assert edge_style(page, "ended", "line-style") == "dashed"
    assert f"since={SINCE}" in page.url
    table_link = page.get_by_role("link", name="Table view of this data")
    assert f"since={SINCE}" in table_link.get_attribute("href")


def test_the_permalink_keeps_the_comparison_and_the_wave(page, app, answered_again):
    wave = answered_again.slug
    open_map(page, f"?since={SINCE}&wave={wave}")
    assert page.get_by_label("Show changes since").input_value() == SINCE
    assert page.get_by_label("Survey wave").input_value() == wave
    graph = api_graph(app, f"?since={SINCE}&wave={wave}")
    assert shown(page) == (len(graph["elements"]["nodes"]), len(graph["elements"]["edges"]))
    assert edges_by_change(page) == {"new": 1, "continuing": 1, "ended": 1}
    summary = page.locator("#map-summary").inner_text()
    assert f"in {answered_again.name}" in summary
    assert "have not answered again" in summary
    page.get_by_label("Show changes since").select_option("")
    reload_done(page)
    assert "since=" not in page.url
    assert set(edges_by_change(page)) == {"none"}
    assert page.locator("#map-legend-changes").is_hidden()


def test_a_later_wave_than_the_compared_one_is_explained(page, app, answered_again):
    open_map(page, f"?since={answered_again.slug}&wave={SINCE}")
    problems = page.locator("#map-problems")
    assert "can only be shown for a later wave" in problems.inner_text()
    assert page.get_by_label("Show changes since").input_value() == ""
    edges_2022 = api_graph(app, f"?wave={SINCE}")["elements"]["edges"]
    assert edges_by_change(page) == {"none": len(edges_2022)}
    # The same pair chosen in the form: the message says so and the last map stays.
    before = shown(page)
    page.get_by_label("Show changes since").select_option(answered_again.slug)
    page.wait_for_function(
        "() => document.getElementById('map-problems').innerText.includes('Change these filters')"
    )
    assert "can only be shown for a later wave" in problems.inner_text()
    assert shown(page) == before
