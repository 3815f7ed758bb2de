"""The map reads at a glance: named brigades and hubs, and a chosen organization in view.

Checked through what Cytoscape reports of its own drawing: a label is drawn when its
font size times the zoom reaches the style's minimum (min-zoomed-font-size).
"""

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import OrgKind, SurveyWave
from app.network import bump_revision
from tests import factories
from tests.browser.test_map import HOSTILE, demo, marked, open_map  # noqa: F401  (demo is a fixture)

pytestmark = pytest.mark.browser

LABELS_ON_SCREEN = """() => {
  const cy = ConstellationMap.cy;
  const drawn = n => parseFloat(n.style('font-size')) * cy.zoom() >=
    parseFloat(n.style('min-zoomed-font-size')) && n.style('label') !== '';
  const px = n => parseFloat(n.style('font-size')) * cy.zoom();
  const named = cy.nodes().filter(drawn);
  const brigades = cy.nodes('[kind = "brigade"]');
  const loners = cy.nodes().filter(n => n.data('kind') !== 'brigade' && n.data('degree') === 1);
  return {
    brigades: brigades.length,
    brigadesNamed: brigades.filter(drawn).length,
    named: named.length,
    smallestLabel: Math.min(...named.map(px)),
    lonersNamed: loners.filter(drawn).length,
    fits: Math.floor(cy.width() * cy.height() / 6000),
    // Pairs of drawn names whose boxes, as Cytoscape measures them, run into each other.
    overlapping: (() => {
      const boxes = named.map(n => n.renderedBoundingBox(
        {includeNodes: false, includeEdges: false, includeLabels: true}));
      let count = 0;
      boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
        if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) { count += 1; }
      }));
      return count;
    })(),
  };
}"""


def test_every_brigade_is_named_at_the_default_view_on_a_desktop(page, app, demo):  # noqa: F811
    page.set_viewport_size({"width": 1280, "height": 900})
    open_map(page)
    labels = page.evaluate(LABELS_ON_SCREEN)
    assert labels["brigades"] >= 40
    assert labels["brigadesNamed"] == labels["brigades"]
    assert labels["overlapping"] == 0
    assert labels["smallestLabel"] >= 10  # readable, in screen pixels
    assert labels["lonersNamed"] == 0  # one-partner organizations wait for zooming in


def test_on_a_phone_as_many_brigades_are_named_as_fit(page, app, demo):  # noqa: F811
    page.set_viewport_size({"width": 390, "height": 844})
    open_map(page)
    labels = page.evaluate(LABELS_ON_SCREEN)
    assert 10 <= labels["brigadesNamed"] <= labels["named"] <= max(labels["fits"], 8)
    assert labels["smallestLabel"] >= 10
    assert labels["overlapping"] == 0  # fewer names rather than names on top of each other


def node_on_screen(page, slug: str) -> dict:
    """Return where the node `slug` is drawn on the page, and whether its partners are too."""
    return page.evaluate(
        """slug => {
          const cy = ConstellationMap.cy;
          const node = cy.nodes().filter(n => n.data('slug') === slug)[0];
          const box = cy.container().getBoundingClientRect();
          const p = node.renderedPosition();
          const inside = n => {
            const q = n.renderedPosition();
            return q.x >= 0 && q.y >= 0 && q.x <= cy.width() && q.y <= cy.height();
          };
          const centred = Math.abs(p.x - cy.width() / 2) < 3 && Math.abs(p.y - cy.height() / 2) < 3;
          return {x: box.left + p.x, y: box.top + p.y, centred: centred,
                  partnersInView: node.neighborhood('node').every(inside),
                  partners: node.neighborhood('node').length,
                  view: [cy.zoom(), cy.pan().x, cy.pan().y]};
        }""",
        slug,
    )


@pytest.mark.parametrize("size", [(1280, 720), (390, 844)], ids=["desktop", "phone"])
def test_a_clicked_organization_is_centred_beside_the_panel_and_the_view_comes_back(
    page,
    app,
    demo,  # noqa: F811
    size,
):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_map(page)
    if size[0] < 600:  # on a phone the whole map is small: zoomed in first, as a finger does
        page.evaluate("""() => {
          const cy = ConstellationMap.cy;
          const node = cy.nodes().filter(n => n.data('slug') === 'code-for-sacramento')[0];
          cy.zoom({level: cy.zoom() * 3, position: node.position()});
          cy.pan({x: cy.pan().x + 40, y: cy.pan().y});  // off centre, for the tap to centre
          cy.container().scrollIntoView({block: 'end'});
        }""")
        page.wait_for_timeout(400)  # the names and sizes settle after zooming
    before = node_on_screen(page, "code-for-sacramento")
    page.mouse.click(before["x"], before["y"])
    page.get_by_role("complementary", name="Code for Sacramento").wait_for()
    marked(page, "code-for-sacramento")
    after = node_on_screen(page, "code-for-sacramento")
    assert after["centred"] and after["partners"] >= 2 and after["partnersInView"]
    canvas = page.locator("#map-canvas").bounding_box()
    panel = page.locator("#map-panel").bounding_box()
    if size[0] > 600:
        assert canvas["x"] + canvas["width"] <= panel["x"] + 1  # the canvas is beside the panel
    else:
        assert canvas["y"] + canvas["height"] <= panel["y"] + 1  # on a phone, right below it
    page.get_by_role("button", name="Close details").click()
    page.wait_for_function("() => !ConstellationMap.cy.animated()")
    restored = node_on_screen(page, "code-for-sacramento")["view"]
    assert restored == pytest.approx(before["view"], abs=0.5)


def test_every_organization_is_at_least_10_px_wide_at_the_default_view(page, app, demo):  # noqa: F811
    page.set_viewport_size({"width": 390, "height": 844})
    open_map(page)
    smallest = page.evaluate(
        "() => Math.min(...ConstellationMap.cy.nodes().map(n => n.renderedWidth()))"
    )
    assert smallest >= 10


NEAR_MISS = """slug => {
  // A point 18 px from the organization, on no other organization and nearer to it than
  // to any other, as a finger lands beside a small target.
  const cy = ConstellationMap.cy;
  const node = cy.nodes().filter(n => n.data('slug') === slug)[0];
  const p = node.renderedPosition();
  const box = cy.container().getBoundingClientRect();
  for (let step = 0; step < 16; step += 1) {
    const a = step * Math.PI / 8, x = p.x + 18 * Math.cos(a), y = p.y + 18 * Math.sin(a);
    const clear = cy.nodes().every(n => n === node || Math.hypot(
      n.renderedPosition().x - x, n.renderedPosition().y - y) > 26);
    const onNothing = Math.hypot(p.x - x, p.y - y) > node.renderedWidth() / 2 + 2;
    if (clear && onNothing) {
      return {x: box.left + x, y: box.top + y};
    }
  }
  return null;
}"""


def test_a_tap_beside_a_small_organization_opens_it(page, app, demo):  # noqa: F811
    page.set_viewport_size({"width": 390, "height": 844})
    open_map(page)
    # Zoomed in once: at the whole map's view a phone has no room beside it to miss.
    page.evaluate("""() => {
      const cy = ConstellationMap.cy;
      const node = cy.nodes().filter(n => n.data('slug') === 'code-for-anchorage')[0];
      cy.zoom({level: cy.zoom() * 2, position: node.position()});
      cy.center(node);  // where a finger can reach it, whatever the layout
      cy.container().scrollIntoView({block: 'end'});
    }""")
    page.wait_for_timeout(400)  # the names and sizes settle after zooming
    point = page.evaluate(NEAR_MISS, "code-for-anchorage")
    assert point is not None
    page.mouse.click(point["x"], point["y"])
    page.get_by_role("complementary", name="Code for Anchorage").wait_for()


def test_hovering_an_organization_shows_a_card_about_it(page, app, demo):  # noqa: F811
    open_map(page)
    where = node_on_screen(page, "code-for-sacramento")
    page.mouse.move(where["x"], where["y"])
    card = page.locator("#map-card")
    card.wait_for()
    text = card.inner_text()
    assert text.startswith("Code for Sacramento")
    assert "Sacramento, CA" in text and "relationship" in text
    page.mouse.move(5, 5)  # away from the map
    card.wait_for(state="hidden")


def test_the_card_shows_a_hostile_name_as_text(page, app, demo):  # noqa: F811
    wave = db.session.scalar(sa.select(SurveyWave).filter_by(slug="2022-partner-constellation"))
    brigade = factories.make_org("Code for Escapeville", city="Escapeville", state="OH")
    partner = factories.make_org(HOSTILE, OrgKind.NONPROFIT)
    factories.make_partnership(wave, brigade, partner)
    bump_revision()
    db.session.commit()
    open_map(page, f"?org={brigade.slug}")  # centred with its partner, so both are in view
    page.get_by_role("complementary", name="Code for Escapeville").wait_for()
    marked(page, brigade.slug)
    where = node_on_screen(page, partner.slug)
    page.mouse.move(where["x"], where["y"])
    card = page.locator("#map-card")
    card.wait_for()
    assert card.inner_text().startswith(HOSTILE)
    assert card.locator("img").count() == 0


def test_on_a_phone_the_map_is_on_the_first_screen(page, app, demo):  # noqa: F811
    page.set_viewport_size({"width": 390, "height": 844})
    open_map(page)
    canvas = page.locator("#map-canvas").bounding_box()
    assert canvas["y"] < 844 / 2  # at least half the first screen is map
    assert page.locator(".map-filters-box").evaluate("box => box.open") is False
    assert page.get_by_label("Find an organization").is_visible()
    assert page.locator("#map-summary").is_visible()


# The page's layout shifts so far, summed as Lighthouse's CLS does (Layout Instability API).
SHIFTS = """() => new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => list.getEntries().forEach(entry => {
    if (!entry.hadRecentInput) { total += entry.value; }
  })).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => done(total), 300);
})"""


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_page_does_not_move_as_the_map_comes(page, app, demo, size):  # noqa: F811
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_map(page)
    assert page.evaluate(SHIFTS) < 0.1  # "good" for Lighthouse
    wide = size[0] > 600
    assert page.locator(".map-filters-box").evaluate("box => box.open") is wide
