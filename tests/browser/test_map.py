"""The network map in a real browser: drawing, search, filters, panel, permalinks, exports."""

import datetime
import json
import struct

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Organization, OrgKind, SurveyWave
from app.network import bump_revision
from tests import factories

pytestmark = pytest.mark.browser
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output


def api_graph(app, query: str = "") -> dict:
    response = app.test_client().get(f"/api/graph{query}")
    assert response.status_code == 200
    return response.get_json()


def open_map(page, query: str = "") -> None:
    page.goto(f"{page.base_url}/map{query}")
    page.wait_for_selector("#map-app[data-loaded]")


def marked(page, chosen: str) -> None:
    """Wait until the map marks `chosen` (a slug or a relationship's id) and has moved to it.

    A tap is answered by the panel first; the map marks and moves once it is painted.
    """
    page.wait_for_selector(f'#map-app[data-marked="{chosen}"]', state="attached")
    page.wait_for_function("() => !ConstellationMap.cy.animated()")


def shown(page) -> tuple[int, int]:
    """Return how many nodes and edges the map draws."""
    cy = "ConstellationMap.cy"
    return tuple(page.evaluate(f"[{cy}.nodes().length, {cy}.edges().length]"))


def reload_done(page) -> None:
    """Wait for the refetch a control started."""
    page.wait_for_selector("#map-app[data-loaded]")


def node_screen_point(page, slug: str) -> dict:
    """Return where a node is drawn, in page coordinates."""
    return page.evaluate(
        """slug => {
          const node = ConstellationMap.cy.nodes().filter(n => n.data('slug') === slug)[0];
          const box = ConstellationMap.cy.container().getBoundingClientRect();
          const p = node.renderedPosition();
          return {x: box.left + p.x, y: box.top + p.y};
        }""",
        slug,
    )


def is_centred(page, slug: str) -> bool:
    return page.evaluate(
        """slug => {
          const cy = ConstellationMap.cy;
          const p = cy.nodes().filter(n => n.data('slug') === slug)[0].renderedPosition();
          return Math.abs(p.x - cy.width() / 2) < 3 && Math.abs(p.y - cy.height() / 2) < 3;
        }""",
        slug,
    )


def classes_of(page, slug: str) -> list[str]:
    return page.evaluate(
        "slug => ConstellationMap.cy.nodes().filter(n => n.data('slug') === slug)[0].classes()",
        slug,
    )


def test_the_map_draws_the_seeded_network(page, app, demo):
    graph = api_graph(app)
    open_map(page)
    assert shown(page) == (len(graph["elements"]["nodes"]), len(graph["elements"]["edges"]))
    assert shown(page)[0] == 111
    summary = page.locator("#map-summary").inner_text()
    assert summary.startswith("53 brigades, 58 other organizations, 58 relationships")
    assert "in 2022 Partner Constellation." in summary
    assert page.get_by_role("region", name="Legend").is_visible()
    assert page.locator("#map-panel").is_hidden()
    assert page.evaluate("document.querySelectorAll('#map-search-names option').length") == 111


def test_search_centres_an_organization_and_opens_its_panel(page, app, demo):
    open_map(page)
    search = page.get_by_label("Find an organization")
    search.fill("Code for Sacr")
    assert page.locator('#map-search-names option[value="Code for Sacramento"]').count() == 1
    search.press("Enter")
    panel = page.get_by_role("complementary", name="Code for Sacramento")
    panel.wait_for()
    assert panel.evaluate("el => el === document.activeElement")  # focus moved to the panel
    panel.get_by_role("button", name="Caltrans").wait_for()
    assert "open data on the state portal" in panel.inner_text()
    assert panel.get_by_role("heading", name="Who else works with partners like mine").is_visible()
    marked(page, "code-for-sacramento")
    assert is_centred(page, "code-for-sacramento")
    assert "chosen" in classes_of(page, "code-for-sacramento")
    assert "near" in classes_of(page, "caltrans")
    assert "faded" in classes_of(page, "code-for-philly")
    assert "org=code-for-sacramento" in page.url
    table_link = page.get_by_role("link", name="Table view of this data")
    assert table_link.get_attribute("href") == "/map/table?org=code-for-sacramento"


def test_picking_a_suggestion_selects_it(page, app, demo):
    open_map(page)
    page.get_by_label("Find an organization").fill("Caltrans")  # what choosing an option does
    page.get_by_role("complementary", name="Caltrans").wait_for()
    page.get_by_role("complementary").get_by_role("button", name="Code for Sacramento").click()
    panel = page.get_by_role("complementary", name="Code for Sacramento")
    panel.wait_for()
    assert "org=code-for-sacramento" in page.url


def test_a_kind_filter_hides_organizations(page, app, demo):
    open_map(page)
    everyone = shown(page)
    page.get_by_label("University").check()
    reload_done(page)
    graph = api_graph(app, "?kind=university")
    assert shown(page) == (len(graph["elements"]["nodes"]), len(graph["elements"]["edges"]))
    assert shown(page)[0] < everyone[0]
    assert "kind=university" in page.url
    table_link = page.get_by_role("link", name="Table view of this data")
    assert "kind=university" in table_link.get_attribute("href")
    assert "with the filters chosen" in page.locator("#map-summary").inner_text()
    page.get_by_role("button", name="Reset").click()
    reload_done(page)
    assert shown(page) == everyone
    assert not page.get_by_label("University").is_checked()
    assert page.url.endswith("/map")


def test_a_hostile_name_is_shown_as_text(page, app, demo):
    wave = db.session.scalar(sa.select(SurveyWave).filter_by(slug="2022-partner-constellation"))
    brigade = factories.make_org("Code for Escapeville", city="Escapeville", state="OH")
    partner = factories.make_org(HOSTILE, OrgKind.NONPROFIT)
    submission = factories.make_partnership(wave, brigade, partner)
    submission.partnerships[0].priorities = "<script>alert(2)</script> & more"
    bump_revision()
    db.session.commit()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_map(page, f"?org={brigade.slug}")
    panel = page.get_by_role("complementary", name="Code for Escapeville")
    panel.get_by_role("button", name=HOSTILE).wait_for()
    assert "<script>alert(2)</script> & more" in panel.inner_text()
    panel.get_by_role("button", name=HOSTILE).click()
    page.get_by_role("heading", name=HOSTILE).wait_for()
    assert page.locator("#map-panel img").count() == 0
    assert page.locator(f'#map-search-names option[value="{HOSTILE}"]').count() == 1
    assert dialogs == []


def test_a_permalink_restores_the_view(page, app, demo):
    open_map(page, "?org=code-for-sacramento&kind=brigade,government")
    graph = api_graph(app, "?kind=brigade&kind=government")
    assert shown(page)[0] == len(graph["elements"]["nodes"])
    assert page.get_by_label("Government").is_checked()
    assert not page.get_by_label("Nonprofit").is_checked()
    page.get_by_role("complementary", name="Code for Sacramento").wait_for()
    statuses = page.get_by_role("group", name="Partnership status")
    statuses.get_by_label("Active").check()  # one more filter
    reload_done(page)
    url = page.url
    assert "status=active" in url and "org=code-for-sacramento" in url
    page.reload()
    page.wait_for_selector("#map-app[data-loaded]")
    assert page.url == url
    assert page.get_by_label("Active").is_checked() and page.get_by_label("Brigade").is_checked()
    page.get_by_role("complementary", name="Code for Sacramento").wait_for()
    marked(page, "code-for-sacramento")
    assert is_centred(page, "code-for-sacramento")


def test_an_unknown_filter_is_explained_on_the_page(page, app, demo):
    open_map(page, "?kind=spaceship")
    problems = page.get_by_role("alert")
    assert "Unknown organization kind 'spaceship'." in problems.inner_text()
    assert shown(page)[0] == 111
    assert "spaceship" not in page.url


def test_clicking_a_node_and_an_edge_opens_the_panel(page, app, demo):
    open_map(page, "?org=code-for-sacramento")
    page.get_by_role("complementary", name="Code for Sacramento").wait_for()
    marked(page, "code-for-sacramento")
    point = node_screen_point(page, "caltrans")
    page.mouse.click(point["x"], point["y"])
    panel = page.get_by_role("complementary", name="Caltrans")
    panel.wait_for()
    assert panel.evaluate("el => el === document.activeElement")
    assert "org=caltrans" in page.url
    marked(page, "caltrans")  # centred on Caltrans
    # Zoomed in on their partnership: in the packed layout the two are so near that its
    # middle is within a finger's reach (22 px) of both, and a tap there means a node.
    page.evaluate("""() => {
      const cy = ConstellationMap.cy;
      const slugs = ['caltrans', 'code-for-sacramento'];
      cy.zoom(4);
      cy.center(cy.nodes().filter(n => slugs.includes(n.data('slug'))));
    }""")
    page.wait_for_timeout(400)  # the names and sizes settle after zooming
    # halfway between the two ends of their partnership
    a, b = node_screen_point(page, "caltrans"), node_screen_point(page, "code-for-sacramento")
    page.mouse.click((a["x"] + b["x"]) / 2, (a["y"] + b["y"]) / 2)
    edge = page.get_by_role("complementary", name="Code for Sacramento and Caltrans")
    edge.wait_for()
    edge.get_by_text("open data on the state portal", exact=False).wait_for()
    page.keyboard.press("Escape")
    assert page.locator("#map-panel").is_hidden()
    assert "org=" not in page.url


def test_escape_closes_the_panel_and_gives_focus_back(page, app, demo):
    open_map(page)
    search = page.get_by_label("Find an organization")
    search.fill("Code for Sacramento")
    page.get_by_role("button", name="Show", exact=True).click()
    page.get_by_role("complementary", name="Code for Sacramento").wait_for()
    page.keyboard.press("Escape")
    assert page.locator("#map-panel").is_hidden()
    assert search.evaluate("el => el === document.activeElement")
    assert page.evaluate("ConstellationMap.cy.elements('.faded').length") == 0


def test_the_view_downloads_as_png_and_json(page, app, demo, tmp_path):
    open_map(page, "?kind=university")
    with page.expect_download() as png:
        page.get_by_role("button", name="Download PNG").click()
    assert png.value.suggested_filename == "constellation-map.png"
    png.value.save_as(tmp_path / "map.png")
    image = (tmp_path / "map.png").read_bytes()
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", image[16:24])  # the IHDR chunk
    canvas = page.evaluate("[ConstellationMap.cy.width(), ConstellationMap.cy.height()]")
    assert width >= 2 * canvas[0] and height > 2 * canvas[1] + 200  # caption, legend, credit
    caption = page.evaluate("ConstellationMap.exporter.caption(document.getElementById('map-app'))")
    assert caption["title"] == "Civic tech partnership map"
    assert caption["lines"][1] == "Filters: Kinds of organization: University"
    assert caption["lines"][0] == page.locator("#map-summary").inner_text()
    assert (
        "Constellation contributors and the Code for America network, CC BY 4.0"
        in (caption["credit"])
    )
    assert caption["credit"].endswith(datetime.date.today().isoformat())
    with page.expect_download() as document:
        page.get_by_role("button", name="Download JSON").click()
    assert document.value.suggested_filename == "constellation-map.json"
    document.value.save_as(tmp_path / "map.json")
    saved = json.loads((tmp_path / "map.json").read_text())
    assert len(saved["elements"]["nodes"]) == shown(page)[0]
    assert saved["filters"]["kind"] == ["university"]


def test_copy_link_copies_the_address_of_the_view(page, app, demo):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_map(page, "?kind=brigade&org=code-for-sacramento")
    page.get_by_role("button", name="Copy link").click()
    page.get_by_text("Link copied.", exact=False).wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == page.url


def test_the_map_has_no_re_arrange_button(page, app, demo):
    # The server's layout is the one every filter and wave shares; a re-arranged copy
    # would show the same organizations somewhere else (issue 11).
    open_map(page)
    assert page.get_by_role("button", name="Re-arrange").count() == 0


def test_embed_mode_shows_the_map_without_the_site(page, app, demo):
    open_map(page, "?embed=1&kind=government")
    assert page.locator("header.site-header").count() == 0
    assert page.get_by_role("link", name="Open full map").first.get_attribute("href") == (
        "/map?kind=government"
    )
    page.get_by_label("Find an organization").fill("Caltrans")
    page.get_by_role("complementary", name="Caltrans").wait_for()
    assert "embed=1" in page.url


def test_on_a_phone_the_panel_comes_below_the_map(page, app, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    open_map(page, "?org=code-for-sacramento")
    page.get_by_role("complementary", name="Code for Sacramento").wait_for()
    canvas = page.locator("#map-canvas").bounding_box()
    panel = page.locator("#map-panel").bounding_box()
    assert panel["y"] >= canvas["y"] + canvas["height"]
    assert canvas["width"] > 300
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organization)) >= 111


def test_the_keyboard_passes_the_map_and_the_skip_link_jumps_it(page, app, demo):
    open_map(page)
    page.get_by_role("button", name="Download JSON").focus()
    page.keyboard.press("Tab")  # the canvas takes no focus: straight on to the text version
    assert page.evaluate("document.activeElement.id") == "map-table-link"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "map-export-json"
    page.get_by_role("link", name="Skip the map").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "map-text"
    assert page.get_by_role("link", name="Table view of this data").is_visible()


def test_a_theme_filter_shows_the_partners_who_care_about_it(page, app, demo):
    open_map(page)
    everyone = shown(page)
    page.get_by_label("Food", exact=True).check()
    reload_done(page)
    graph = api_graph(app, "?theme=food")
    assert shown(page) == (len(graph["elements"]["nodes"]), len(graph["elements"]["edges"]))
    assert 0 < shown(page)[1] < everyone[1]
    assert all("food" in edge["data"]["themes"] for edge in graph["elements"]["edges"])
    assert "theme=food" in page.url


def test_the_compact_document_expands_to_the_default_one(page, app, demo):
    open_map(page)
    documents = page.evaluate("""async () => {
      const get = query => fetch('/api/graph' + query).then(r => r.json());
      const [plain, compact] = await Promise.all([get(''), get('?format=compact')]);
      return [plain, ConstellationMap.compact.expand(compact), compact.format];
    }""")
    plain, expanded, form = documents
    assert form == "compact"
    assert expanded == plain  # every node and relationship, field for field
    assert len(expanded["elements"]["nodes"]) == 111


# Records, in order, when the panel shows the organization's details and when the map
# marks it (what the map shows as chosen at each moment, too).
ORDER = """() => {
  window.order = [];
  const root = document.getElementById('map-app');
  const chosen = () => ConstellationMap.cy.elements('.chosen').length;
  new MutationObserver(() => {
    if (document.querySelector('#map-panel-body h3') && !order.some(e => e[0] === 'details')) {
      order.push(['details', chosen()]);
    }
  }).observe(document.getElementById('map-panel-body'), {childList: true, subtree: true});
  new MutationObserver(() => { if (root.dataset.marked) { order.push(['marked', chosen()]); } })
    .observe(root, {attributes: true, attributeFilter: ['data-marked']});
}"""


def test_a_tap_shows_the_panel_first_and_then_marks_the_map(page, app, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    open_map(page)
    page.evaluate(ORDER)
    # The details have a minute, not 400 ms, to come first: on a loaded machine they took
    # longer, and the map was rightly marked without them; the order is what is checked.
    page.evaluate("() => { document.getElementById('map-app').dataset.detailsWait = '60000'; }")
    page.evaluate("() => document.getElementById('map-canvas').scrollIntoView({block: 'end'})")
    point = node_screen_point(page, "code-for-sacramento")
    page.mouse.click(point["x"], point["y"])
    page.get_by_role("complementary", name="Code for Sacramento").wait_for()
    marked(page, "code-for-sacramento")
    order = page.evaluate("order")
    # The details were on the panel while the map had nothing marked; then it was marked.
    assert order == [["details", 0], ["marked", 1]]
    assert "chosen" in classes_of(page, "code-for-sacramento")


def test_closing_the_panel_before_the_map_is_marked_leaves_it_unmarked(page, app, demo):
    open_map(page)
    page.evaluate("""() => {
      // The details never come: the map would be marked DETAILS_WAIT later.
      window.fetch = () => new Promise(() => {});
    }""")
    search = page.get_by_label("Find an organization")
    search.fill("Code for Sacramento")
    search.press("Enter")
    page.locator("#map-panel").wait_for()
    page.keyboard.press("Escape")
    page.wait_for_timeout(800)  # past the wait for the details
    assert page.evaluate("ConstellationMap.cy.elements('.chosen, .near, .faded').length") == 0
    assert page.get_by_role("complementary").count() == 0


# Kept by the page as the map comes: at each change of its marks, whether it says it is
# drawn (and by what), whether Cytoscape holds it all, and the first picture's painted pixels.
WATCH = """() => {
  window.mapMoments = [];
  const note = () => {
    const app = document.getElementById('map-app');
    if (!app) { return; }
    const picture = document.querySelector('#map-canvas .map-picture');
    let painted = 0;
    if (picture) {
      const {width, height} = picture;
      const pixels = picture.getContext('2d').getImageData(0, 0, width, height).data;
      for (let i = 3; i < pixels.length; i += 4) { if (pixels[i]) { painted += 1; } }
    }
    const moment = {drawn: app.dataset.drawn || '', loaded: Boolean(app.dataset.loaded),
      picture: Boolean(picture), painted: painted > 0};
    const last = window.mapMoments[window.mapMoments.length - 1];
    if (!last || JSON.stringify(last) !== JSON.stringify(moment)) {
      window.mapMoments.push(moment);
    }
  };
  new MutationObserver(note).observe(document, {subtree: true, childList: true, attributes: true,
    attributeFilter: ['data-drawn', 'data-loaded']});
}"""


def test_a_first_picture_shows_the_network_until_the_map_holds_it(page, app, demo):
    page.add_init_script(f"({WATCH})()")
    open_map(page)
    page.wait_for_function("() => !document.querySelector('#map-canvas .map-picture')")
    moments = page.evaluate("window.mapMoments")
    # Drawn first as a picture, painted, before Cytoscape held the map.
    first = next(moment for moment in moments if moment["drawn"])
    assert first == {"drawn": "picture", "loaded": False, "picture": True, "painted": True}
    # Cytoscape then held it all, and the picture went once it had drawn it.
    loaded = next(moment for moment in moments if moment["loaded"])
    assert loaded["picture"] and loaded["drawn"] == "picture"
    assert moments[-1] == {"drawn": "picture", "loaded": True, "picture": False, "painted": False}
    graph = api_graph(app)
    assert shown(page) == (len(graph["elements"]["nodes"]), len(graph["elements"]["edges"]))
    # The map answers as usual once the picture is gone.
    slug = graph["elements"]["nodes"][0]["data"]["slug"]
    point = node_screen_point(page, slug)
    page.mouse.click(point["x"], point["y"])
    marked(page, slug)
    assert page.locator("#map-panel-body h3").first.is_visible()


# More than a thousand organizations far from the seeded ones, added to the drawn map: a
# map as large as a large network's opening group, where choosing one must not zoom in.
ENLARGE = """() => {
  const cy = ConstellationMap.cy;
  const extra = [];
  for (let i = 0; i < 1100; i += 1) {
    extra.push({group: 'nodes', data: {id: 'extra' + i, label: 'Extra ' + i, kind: 'other',
      kind_label: 'Other', slug: 'extra-' + i, degree: 0},
      position: {x: 6000 + 40 * (i % 40), y: 40 * Math.floor(i / 40)}});
  }
  cy.add(extra);
}"""


def test_choosing_one_on_a_large_map_centres_it_at_the_same_zoom_and_names_it(page, app, demo):
    open_map(page)
    # One the map never names by itself (not a brigade, one relationship at most).
    slug = page.evaluate("""() => ConstellationMap.cy.nodes().filter(n =>
      n.data('kind') !== 'brigade' && n.data('degree') <= 1)[0].data('slug')""")
    page.evaluate(ENLARGE)
    page.locator("#map-fit").click()  # zoomed out on them all: names are enlarged
    page.wait_for_function("() => ConstellationMap.cy.scratch('_textStep') > 0")
    zoom = page.evaluate("ConstellationMap.cy.zoom()")
    point = node_screen_point(page, slug)
    page.mouse.click(point["x"], point["y"])
    marked(page, slug)
    assert page.evaluate("ConstellationMap.cy.zoom()") == zoom
    assert is_centred(page, slug)
    # Its name is as large as the named organizations' are at this zoom.
    step = page.evaluate("ConstellationMap.cy.scratch('_textStep')")
    assert {"chosen", f"t{step}"} <= set(classes_of(page, slug))
    page.keyboard.press("Escape")
    page.wait_for_function("() => ConstellationMap.cy.elements('.chosen').length === 0")
    assert f"t{step}" not in classes_of(page, slug)  # back to its own size
