"""The Geography view: organizations at their cities on a map of the United States.

With the demo data, in headless Chromium at desktop and phone sizes: Code for Anchorage
sits in the Alaska inset (lower left), Code for Puerto Rico in the lower right, BetaNYC
in the north-east and Code for Sacramento in the west, over the states' outlines; a
partner with no place of its own sits beside its brigade; choosing Network again puts
everyone back without fetching the network again.
"""

import pytest

from tests.browser.test_map import demo, open_map  # noqa: F401  (demo is a fixture)

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 2000, 1250  # the map units the view projects into (map-geo.js)
WHERE = """slugs => {
  const cy = ConstellationMap.cy;
  const out = {};
  slugs.forEach(slug => {
    const node = cy.nodes().filter(n => n.data('slug') === slug)[0];
    out[slug] = node.position();
  });
  return out;
}"""


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_brigades_are_where_they_are(page, app, demo, size):  # noqa: F811
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_map(page, "?layout=geography")
    at = page.evaluate(WHERE, ["code-for-anchorage", "code-for-puerto-rico", "betanyc",
                               "code-for-sacramento"])  # fmt: skip
    anchorage, puerto_rico, nyc, sacramento = (
        at[s]
        for s in (
            "code-for-anchorage",
            "code-for-puerto-rico",
            "betanyc",
            "code-for-sacramento",
        )  # fmt: skip
    )
    assert anchorage["x"] < 0.3 * WIDTH and anchorage["y"] > 0.6 * HEIGHT  # the Alaska inset
    assert puerto_rico["x"] > 0.85 * WIDTH and puerto_rico["y"] > 0.75 * HEIGHT
    assert nyc["x"] > 0.8 * WIDTH and nyc["y"] < 0.5 * HEIGHT
    assert sacramento["x"] < 0.25 * WIDTH and 0.2 * HEIGHT < sacramento["y"] < 0.7 * HEIGHT
    outlines = page.locator("svg.geo-outlines path")
    assert outlines.count() >= 50  # the states, DC and the territories
    assert "scale(" in page.locator("svg.geo-outlines").get_attribute("style")


def test_a_partner_with_no_place_sits_beside_its_brigade(page, app, demo):  # noqa: F811
    open_map(page, "?layout=geography")
    distance = page.evaluate("""() => {
      const cy = ConstellationMap.cy;
      const partner = cy.nodes().filter(n => n.data('label') === 'Utah Bitcoin Community')[0];
      const brigade = cy.nodes().filter(n => n.data('slug') === 'code-for-utah')[0];
      const a = partner.position(), b = brigade.position();
      return Math.hypot(a.x - b.x, a.y - b.y);
    }""")
    assert 20 < distance < 80  # beside it, not on it, not elsewhere


def test_network_again_puts_everyone_back_without_a_new_fetch(page, app, demo):  # noqa: F811
    open_map(page)
    before = page.evaluate(WHERE, ["betanyc", "code-for-utah"])
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.locator(".map-filters-box").evaluate("box => box.open = true")
    page.select_option("#map-layout", "geography")
    page.wait_for_selector("svg.geo-outlines")
    assert page.evaluate(WHERE, ["betanyc"])["betanyc"] != before["betanyc"]
    assert "layout=geography" in page.url
    page.select_option("#map-layout", "network")
    page.wait_for_selector("svg.geo-outlines", state="detached")
    assert page.evaluate(WHERE, ["betanyc", "code-for-utah"]) == before
    assert [url for url in fetched if "/api/graph" in url] == []
