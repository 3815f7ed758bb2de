"""The map page's HTML: labelled controls, text alternatives, embed mode, no inline code."""

import base64
import hashlib
import json
import re

import pytest

from app.security import CONTENT_SECURITY_POLICY, allowing_inline_script
from tests import factories


@pytest.fixture
def network(app, open_wave):
    """One approved partnership between two public organizations in California."""
    brigade = factories.make_org("Code for Mapville", city="Mapville", state="CA")
    partner = factories.make_org("Mapville Library", factories.OrgKind.GOVERNMENT, state="CA")
    factories.make_partnership(open_wave, brigade, partner)
    return open_wave


def page(client, url: str = "/map", status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status
    return response.get_data(as_text=True)


def import_map_of(html: str) -> str:
    """Return the text of the page's one inline script, its import map, or fail."""
    maps = re.findall(r'<script type="importmap">(.*?)</script>', html, re.S)
    assert len(maps) == 1, maps
    return maps[0]


def label_for(html: str, control_id: str) -> str:
    """Return the text of the <label for=control_id>, or fail."""
    match = re.search(rf'<label for="{control_id}">(.*?)</label>', html, re.S)
    assert match, f"no label for #{control_id}"
    return match.group(1).strip()


def test_the_map_page_has_its_text_alternatives(client, network):
    html = page(client)
    assert '<a class="skip-link" href="#map-text">' in html
    assert 'id="map-text"' in html
    assert re.search(r'id="map-summary"[^>]*role="status"[^>]*aria-live="polite"', html)
    assert re.search(r'id="map-canvas"[^>]*role="img"', html)
    assert re.search(r'id="map-canvas"[^>]*aria-label="Network map of organizations', html, re.S)
    assert re.search(r'<aside id="map-panel"[^>]*aria-labelledby="map-panel-title"', html)
    assert ">Table view of this data</a>" in html
    assert 'href="/downloads/partnerships.csv"' in html
    assert 'href="/downloads/graph.graphml"' in html
    assert '<h2 id="map-legend-title">Legend</h2>' in html
    assert "Civic tech group (brigade)" in html  # the legend names every kind


def test_every_filter_and_the_search_is_labelled(client, network):
    html = page(client)
    assert label_for(html, "map-search") == "Find an organization"
    assert label_for(html, "map-wave") == "Survey wave"
    assert label_for(html, "map-state") == "State"
    assert label_for(html, "map-kind-brigade") == "Civic tech group (brigade)"
    assert label_for(html, "map-status-past") == "Past"
    assert label_for(html, "map-layout") == "Arrange"
    assert label_for(html, "map-colour") == "Colour by"
    assert label_for(html, "map-size") == "Size by"
    assert "<legend>Kinds of organization</legend>" in html
    assert "<legend>Partnership status</legend>" in html
    assert f'<option value="{network.slug}">{network.name}</option>' in html
    assert '<option value="CA">California</option>' in html
    assert '<option value="OH">' not in html  # only states with public organizations


def test_the_filters_in_the_address_are_shown_and_carried_to_the_table_view(client, network):
    html = page(client, f"/map?wave={network.slug}&kind=brigade,government&status=active")
    assert re.search(r'id="map-kind-brigade" name="kind" value="brigade" checked', html)
    assert re.search(r'id="map-kind-government" name="kind" value="government" checked', html)
    assert not re.search(r'id="map-kind-nonprofit"[^>]*checked', html)
    assert f'<option value="{network.slug}" selected>' in html
    table_link = re.search(r'<a id="map-table-link" href="([^"]+)"', html).group(1)
    assert table_link == (
        f"/map/table?wave={network.slug}&amp;kind=brigade&amp;kind=government&amp;status=active"
    )
    assert f'href="/downloads/partnerships.csv?wave={network.slug}&amp;kind=brigade' in html


def test_the_table_view_link_carries_the_chosen_organization(client, network):
    html = page(client, "/map?kind=brigade&org=code-for-mapville")
    assert 'id="map-table-link" href="/map/table?kind=brigade&amp;org=code-for-mapville"' in html
    assert 'href="/downloads/partnerships.csv?kind=brigade"' in html


def test_unknown_filter_values_are_reported_on_the_page(client, network):
    html = page(client, "/map?kind=spaceship&state=ZZ&org=nobody", status=400)
    problems = re.search(r'<div id="map-problems"[^>]*>(.*?)</div>', html, re.S)
    assert problems and "hidden" not in problems.group(0).split(">")[0]
    assert "Unknown organization kind &#39;spaceship&#39;." in problems.group(1)
    assert "Unknown state &#39;ZZ&#39;." in problems.group(1)
    assert "Unknown organization &#39;nobody&#39;" in problems.group(1)
    assert re.search(r'<div id="map-problems"[^>]*hidden', page(client, "/map"))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("color=rainbow", "Unknown colour &#39;rainbow&#39;: choose one of kind, community, state"),
        ("size=huge", "Unknown size &#39;huge&#39;: choose one of relationships, betweenness."),
        ("color=%3Cb%3E", "Unknown colour &#39;&lt;b&gt;&#39;"),
        ("layout=spiral", "Unknown layout &#39;spiral&#39;: choose one of network, geography."),
    ],
)
def test_unknown_colours_and_sizes_are_reported_and_the_defaults_kept(client, network, query,
                                                                      message):  # fmt: skip
    html = page(client, f"/map?{query}", status=400)
    assert message in html
    for default in ("network", "kind", "relationships"):
        assert f'<option value="{default}" selected>' in html


def test_a_chosen_colour_and_size_are_kept_in_the_form(client, network):
    html = page(client, "/map?color=community&size=betweenness")
    assert '<option value="community" selected>' in html
    assert '<option value="betweenness" selected>' in html
    assert re.search(r'<div id="map-problems"[^>]*hidden', html)


def test_the_page_has_no_inline_script_or_style(client, network):
    html = page(client, "/map?embed=1&kind=brigade")
    # The one inline script is the import map: addresses of the map's modules, allowed
    # by its hash (and no other inline script is).
    import_map = import_map_of(html)
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or tag == '<script type="importmap">', f"inline script: {tag}"
    assert len(re.findall(r"<script\b[^>]*>\s*[^<\s]", html)) == 1
    imports = json.loads(import_map)["imports"]
    assert set(json.loads(import_map)) == {"imports"} and len(imports) == 12
    for plain, hashed in imports.items():
        assert re.fullmatch(r"/static/js/map(-[a-z-]+)?\.js", plain), plain
        assert re.fullmatch(plain.removesuffix(".js") + r"\.[0-9a-f]{12}\.js", hashed), hashed
    digest = base64.b64encode(hashlib.sha256(import_map.encode()).digest()).decode()
    policy = client.get("/map?embed=1&kind=brigade").headers["Content-Security-Policy"]
    assert f"script-src 'self' 'sha256-{digest}';" in policy
    assert "<style" not in html
    assert " style=" not in html
    assert re.search(r"\son[a-z]+=", html) is None  # no event handler attributes


def test_the_page_embeds_no_network_data(client, network):
    """Names and answers reach the page through the API, where they are set as text."""
    html = page(client)
    assert "Code for Mapville" not in html
    assert "Mapville Library" not in html


def test_user_text_in_the_address_is_escaped(client, network):
    html = page(client, '/map?wave="><script>alert(1)</script>&org=<b>x</b>', status=400)
    assert "<script>alert(1)" not in html
    assert "<b>x</b>" not in html


def test_embed_mode_has_no_site_chrome_and_may_be_framed(client, network):
    response = client.get("/map?embed=1&kind=brigade")
    html = response.get_data(as_text=True)
    assert '<header class="site-header">' not in html
    assert 'aria-label="Main"' not in html
    assert '<footer class="site-footer">' not in html
    assert 'class="map-page is-embed"' in html
    full_map = 'href="/map?kind=brigade" target="_blank" rel="noopener">Open full map'
    assert full_map in html
    assert '<input type="hidden" name="embed" value="1">' in html
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in policy
    framed = policy.replace("frame-ancestors *", "frame-ancestors 'self'")
    assert framed == allowing_inline_script(CONTENT_SECURITY_POLICY, import_map_of(html))


def test_the_full_page_has_the_site_chrome_and_may_not_be_framed(client, network):
    response = client.get("/map")
    html = response.get_data(as_text=True)
    assert '<header class="site-header">' in html
    assert '<a href="/map">Map</a>' in html
    assert "Open full map" not in html
    policy = allowing_inline_script(CONTENT_SECURITY_POLICY, import_map_of(html))
    assert response.headers["Content-Security-Policy"] == policy
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]


def test_other_pages_keep_their_framing_policy(client, network):
    response = client.get("/?embed=1")
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
    assert '<header class="site-header">' in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/map", "/map?embed=1"])
def test_a_revalidated_map_page_keeps_its_policy(client, network, url):
    """A 304's headers replace the kept page's in the browser: its policy must be the page's."""
    first = client.get(url)
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert "sha256-" in again.headers["Content-Security-Policy"]
