"""The map's files in a real browser: hashed names, compressed on the wire, kept for a year."""

import re

import pytest

pytestmark = pytest.mark.browser
HASHED = re.compile(r"/static/.+\.[0-9a-f]{12}\.(js|css|svg)$")


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output


def test_the_map_draws_from_compressed_hashed_files_kept_for_a_year(page, demo):
    static = []
    page.on("response", lambda r: static.append(r) if "/static/" in r.url else None)
    page.goto(f"{page.base_url}/map")
    page.wait_for_selector("#map-app[data-loaded]")
    assert page.evaluate("ConstellationMap.cy.nodes().length") > 100  # the demo, drawn
    scripts = [r for r in static if r.request.resource_type == "script"]
    # Cytoscape.js and the map's 12 modules (map-picture.js among them), each fetched once
    # by its hashed name: preloaded, and imported through the import map by the same one.
    assert len(scripts) == 13 == len({r.url for r in scripts})
    assert sum("/static/js/map" in r.url for r in scripts) == 12
    for response in static:
        headers = response.all_headers()
        assert response.status == 200 and HASHED.search(response.url), response.url
        assert "immutable" in headers["cache-control"], response.url
    cytoscape = next(r for r in scripts if "/vendor/cytoscape.min." in r.url)
    # Chromium takes brotli from a secure origin: HTTPS, or 127.0.0.1 as here.
    assert cytoscape.all_headers()["content-encoding"] == "br"
    assert cytoscape.request.sizes()["responseBodySize"] < 150_000  # 436 KB as it is
