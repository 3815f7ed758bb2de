"""The map draws the network's figures: colour by group or state, size by go-between score.

Two triangles of organizations joined by one go-between, laid out by the background job:
coloured by group, each triangle has its own colour; sized by go-between score, the one
between them is the biggest; its panel says so in words; a colour the map does not know
is named in a message, and the map is drawn as usual.
"""

import pytest

from tests.browser.test_map import open_map
from tests.test_graph_api import two_triangles

pytestmark = pytest.mark.browser

DRAWN = """() => {
  const cy = ConstellationMap.cy;
  const out = {};
  cy.nodes().forEach(n => {
    out[n.data('label')] = {colour: n.style('background-color'), width: n.renderedWidth()};
  });
  return out;
}"""


@pytest.fixture
def triangles(app, open_wave):
    """Store two triangles of partnerships joined by Bridge Collaborative (in NY)."""
    two_triangles(open_wave)


def test_coloured_by_group_and_sized_by_go_between_score(page, triangles):
    open_map(page, "?color=community&size=betweenness")
    drawn = page.evaluate(DRAWN)
    west = {drawn[f"West {n}"]["colour"] for n in (1, 2, 3)}
    east = {drawn[f"East {n}"]["colour"] for n in (1, 2, 3)}
    assert len(west) == 1 and len(east) == 1 and west != east  # a colour per group
    widths = {name: node["width"] for name, node in drawn.items()}
    assert max(widths, key=widths.get) == "Bridge Collaborative"
    assert widths["West 1"] < widths["West 3"] < widths["Bridge Collaborative"]
    legend = page.locator("#map-legend-colours")
    assert legend.is_visible()
    # The go-between joins one of the two groups: 4 and 3.
    assert legend.locator("li").all_inner_texts()[:2] == ["Group 1 (4 shown)", "Group 2 (3 shown)"]
    assert "shortest path" in page.locator("#map-legend-size").inner_text()


def test_a_new_colouring_restyles_without_fetching_again(page, triangles):
    open_map(page)
    before = page.evaluate(DRAWN)
    assert not page.locator("#map-legend-colours").is_visible()
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.locator(".map-filters-box").evaluate("box => box.open = true")
    page.select_option("#map-colour", "state")
    page.wait_for_function("document.getElementById('map-legend-colours').hidden === false")
    after = page.evaluate(DRAWN)
    assert [url for url in fetched if "/api/graph" in url] == []
    assert after["West 1"]["colour"] == after["West 2"]["colour"] != after["East 1"]["colour"]
    assert before["West 1"]["colour"] == before["East 1"]["colour"]  # both nonprofits before
    codes = page.locator("#map-legend-colours li").all_inner_texts()
    assert {"CA", "MA", "NY"} <= {code.strip() for code in codes}
    assert "color=state" in page.url


def test_the_panel_says_where_an_organization_stands(page, triangles):
    open_map(page, "?org=bridge-collaborative")
    panel = page.locator("#map-panel-body")
    panel.locator("h3", has_text="Place in the network").wait_for()
    assert "A go-between" in panel.inner_text()


def test_an_unknown_colour_is_named_and_the_map_drawn_as_usual(page, triangles):
    open_map(page, "?color=rainbow&size=huge")
    problems = page.locator("#map-problems")
    assert problems.is_visible()
    assert "Unknown colour 'rainbow'" in problems.inner_text()
    assert "Unknown size 'huge'" in problems.inner_text()
    assert page.evaluate("ConstellationMap.cy.nodes().length") == 7


IN_VIEW = """() => {
  const cy = ConstellationMap.cy;
  const inside = n => { const p = n.renderedPosition();
    return p.x >= 0 && p.y >= 0 && p.x <= cy.width() && p.y <= cy.height(); };
  return {group: cy.nodes('[community = 1]').every(inside), all: cy.nodes().every(inside),
          groupSize: cy.nodes('[community = 1]').length};
}"""


@pytest.fixture
def large_from_five(app):
    """Count a network "large" from 5 organizations, before the map's pages are published."""
    app.config["MAP_GROUP_VIEW_FROM"] = 5


def graph_requests(page) -> list[str]:
    """Record the query of each /api/graph request the page makes from now on."""
    asked = []
    page.on("request", lambda r: asked.append(r.url.split("?", 1)[-1]) if "/api/graph" in r.url
            else None)  # fmt: skip
    return asked


def test_a_large_network_opens_on_its_largest_group(page, large_from_five, triangles):
    asked = graph_requests(page)
    open_map(page)
    view = page.evaluate(IN_VIEW)
    assert view["group"] and view["groupSize"] == 4
    assert page.evaluate("ConstellationMap.cy.nodes().length") == 4  # the group alone
    message = page.locator("#map-toolbar-message").inner_text()
    assert message.startswith("The map opens on its largest group, 4 of 7 organizations.")
    # It downloaded what it draws: the opening group's document, and nothing more yet.
    assert ["view=opening" in url for url in asked] == [True]
    page.get_by_role("button", name="Show all").click()
    page.wait_for_function("() => ConstellationMap.cy.nodes().length === 7")
    assert len(asked) == 2 and "view=" not in asked[1]  # the whole view, once asked for
    assert page.evaluate(IN_VIEW)["all"]
    assert page.locator("#map-toolbar-message").inner_text() == ""


def test_searching_finds_an_organization_outside_the_opening_group(
    page, large_from_five, triangles
):
    open_map(page)
    group = page.evaluate("ConstellationMap.cy.nodes().map(n => n.data('label'))")
    outside = next(name for name in ("West 1", "East 1") if name not in group)
    page.get_by_label("Find an organization").fill(outside)
    page.get_by_role("button", name="Show", exact=True).click()
    page.get_by_role("complementary", name=outside).wait_for()
    assert page.evaluate("ConstellationMap.cy.nodes().length") == 7


def test_a_link_to_an_organization_downloads_the_whole_view(page, large_from_five, triangles):
    asked = graph_requests(page)
    open_map(page, "?org=bridge-collaborative")
    assert len(asked) == 1 and "view=" not in asked[0]
    page.get_by_role("complementary", name="Bridge Collaborative").wait_for()
