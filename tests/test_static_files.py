"""Static files served like a kept site: hashed names cached for a year, compressed copies.

Through the app (the test client) and through the README's production gunicorn. The
compressed copies are made by `make install` (`python -m whitenoise.compress --quiet
app/static`); the expected hashes are the files' SHA-256, computed here.
"""

import gzip
import hashlib
import json
import os
import re
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import brotli
import pytest
from flask import Flask, url_for

from app import static_files
from app.map.views import MAP_MODULES
from tests import test_production as production
from tests.helpers import count_queries

STATIC = Path(__file__).resolve().parents[1] / "app" / "static"
CYTOSCAPE = "vendor/cytoscape.min.js"
A_YEAR = "max-age=31536000"
# The map's scripts, the Geography view's libraries and outlines (loaded when chosen), and
# its stylesheets: every file the map page names.
ASSET = re.compile(r'(?:src|href|data-geo-outlines)="(/static/[^"]+)"')
GEO_SCRIPTS = re.compile(r'data-geo-scripts="([^"]+)"')
production_database = production.production_database  # the fixture: a throwaway database


def hashed_url(name: str) -> str:
    """Return the address of static file `name` named by its content's SHA-256."""
    digest = hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:12]
    stem, suffix = name.rsplit(".", 1)
    return f"/static/{stem}.{digest}.{suffix}"


def map_assets(html: str) -> list[str]:
    """Return the static addresses the map page names."""
    geo = GEO_SCRIPTS.search(html).group(1).split()
    return [*ASSET.findall(html), *geo]


def compressed_copies_of(name: str) -> None:
    """Fail, saying how to make them, unless `make install` made the file's copies."""
    for suffix in (".gz", ".br"):
        if not (STATIC / f"{name}{suffix}").is_file():
            pytest.fail(
                f"no {name}{suffix}: `make install` makes the compressed copies "
                "(.venv/bin/python -m whitenoise.compress --quiet app/static)"
            )


@pytest.fixture
def map_html(client, open_wave) -> str:
    """Return the map page's HTML."""
    response = client.get("/map")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_map_page_names_every_file_by_its_content_hash(map_html):
    assets = map_assets(map_html)
    scripts = re.findall(r'<script src="([^"]+)" defer>', map_html)
    assert scripts == [hashed_url(CYTOSCAPE)]  # a classic script, run before the module
    modules = re.findall(r'<script type="module" src="([^"]+)">', map_html)
    assert modules == [hashed_url("js/map.js")]  # which imports the others
    preloaded = re.findall(r'<link rel="modulepreload" href="([^"]+)">', map_html)
    assert len(preloaded) == len(MAP_MODULES) - 1 == 11, preloaded
    # Cytoscape.js, the modules, + geo, outlines, <link>s
    assert len(assets) == 1 + 12 + 3 + 1 + 6, assets
    expected = {
        hashed_url(name)
        for name in (
            CYTOSCAPE, "vendor/d3.min.js", "vendor/d3-composite-projections.min.js",
            "vendor/topojson-client.min.js", "vendor/us-states-10m.json", "js/map.js",
            "js/map-compact.js", "js/map-text.js", "js/map-geo.js", "js/map-picture.js",
            "css/map.css", "css/site.css", "favicon.svg",
        )
    }  # fmt: skip
    assert expected <= set(assets)
    # An import by plain name gets the hashed file, preloaded (each module fetched once).
    import_map = re.search(r'<script type="importmap">(.*?)</script>', map_html, re.S)
    imports = json.loads(import_map.group(1))["imports"]
    assert imports == {f"/static/js/{name}.js": hashed_url(f"js/{name}.js") for name in MAP_MODULES}
    assert set(imports.values()) == {*preloaded, *modules}
    for url in assets:
        plain = re.sub(r"\.[0-9a-f]{12}(\.[a-z]+)$", r"\1", url).removeprefix("/static/")
        assert url == hashed_url(plain), url


def test_the_map_page_names_every_module_the_map_imports():
    """MAP_MODULES (the page's import map) and the modules' imports name the same files."""
    imported = set()
    for path in (STATIC / "js").glob("*.js"):
        for name in re.findall(r'^import [^;]+ from "\./([a-z-]+)\.js";$', path.read_text(), re.M):
            assert name.startswith("map") == path.name.startswith("map"), (path, name)
            imported.add(name)
    assert {"map", *imported} == set(MAP_MODULES)


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_a_hashed_file_is_sent_compressed_and_kept_for_a_year(client, map_html, encoding):
    compressed_copies_of(CYTOSCAPE)
    url = hashed_url(CYTOSCAPE)
    assert url in map_assets(map_html)
    response = client.get(url, headers={"Accept-Encoding": f"deflate, {encoding}"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == encoding
    assert response.headers["Vary"] == "Accept-Encoding"
    assert response.headers["Content-Type"].startswith("text/javascript")
    cache = [part.strip() for part in response.headers["Cache-Control"].split(",")]
    assert A_YEAR in cache and "immutable" in cache and "public" in cache
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    body = response.get_data()
    response.close()
    original = (STATIC / CYTOSCAPE).read_bytes()
    assert int(response.headers["Content-Length"]) == len(body) < len(original) // 3
    unpacked = brotli.decompress(body) if encoding == "br" else gzip.decompress(body)
    assert unpacked == original


def test_a_client_that_takes_no_compression_gets_the_file_as_it_is(client):
    compressed_copies_of(CYTOSCAPE)
    response = client.get(hashed_url(CYTOSCAPE))
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert response.headers["Vary"] == "Accept-Encoding"
    assert A_YEAR in response.headers["Cache-Control"]
    assert response.get_data() == (STATIC / CYTOSCAPE).read_bytes()
    response.close()


def test_a_plain_name_and_an_old_hash_get_the_file_revalidated(client):
    for url in ("/static/js/map.js", "/static/js/map.0123456789ab.js"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "public, no-cache", url
        assert response.get_data() == (STATIC / "js/map.js").read_bytes()
        response.close()
        again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304, url


@pytest.mark.parametrize(
    "url",
    [
        "/static/js/missing.js",
        "/static/js/missing.0123456789ab.js",
        "/static/js/",
        "/static/../config.py",
        "/static/%2e%2e/config.py",
    ],
)
def test_a_missing_static_file_is_a_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert b"SECRET_KEY" not in response.get_data()


def test_a_bad_static_request_gets_the_apps_own_answer(client):
    for url in ("/static/js/%00.js", "/static/js/map.0123456789ab.js%01"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "holds a control character" in response.get_data(as_text=True)
    response = client.post("/static/js/map.js")
    assert response.status_code == 405
    assert "<title>Not allowed" in response.get_data(as_text=True)  # the site's page


def test_a_static_file_is_answered_before_the_app(client, app):
    with count_queries() as statements:
        response = client.get(hashed_url("js/map.js"), headers={"Accept-Encoding": "br"})
        response.close()
        plain = client.get("/static/css/site.css")
        plain.close()
    assert response.status_code == plain.status_code == 200
    assert statements == []
    assert "Set-Cookie" not in response.headers and "Set-Cookie" not in plain.headers


def test_a_compressed_copy_older_than_its_file_is_not_sent(tmp_path):
    # A bare Flask app with the register step, over a static folder this test writes.
    (tmp_path / "app.js").write_text("const fresh = 1;\n" * 100)
    (tmp_path / "app.js.gz").write_bytes(gzip.compress(b"const stale = 1;\n" * 100))
    (tmp_path / "lib.js").write_text("const lib = 1;\n" * 100)
    (tmp_path / "lib.js.gz").write_bytes(gzip.compress(b"const lib = 1;\n" * 100))
    old = os.stat(tmp_path / "app.js").st_mtime - 60
    os.utime(tmp_path / "app.js.gz", (old, old))  # compressed before app.js was changed
    client = probe_app(tmp_path).test_client()
    stale = client.get("/static/app.js", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in stale.headers
    assert stale.get_data() == (tmp_path / "app.js").read_bytes()
    fresh = client.get("/static/lib.js", headers={"Accept-Encoding": "gzip"})
    assert fresh.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(fresh.get_data()) == (tmp_path / "lib.js").read_bytes()
    for response in (stale, fresh):
        response.close()


def test_under_the_debugger_an_edited_file_gets_its_new_name_at_once(tmp_path):
    (tmp_path / "app.js").write_text("const before = 1;\n")
    app = probe_app(tmp_path)
    app.debug = True  # as `flask run --debug` sets it, after the app is built
    client = app.test_client()
    with app.test_request_context():
        before = url_for("static", filename="app.js")
    (tmp_path / "app.js").write_text("const after = 222;\n")
    with app.test_request_context():
        after = url_for("static", filename="app.js")
    digest = hashlib.sha256(b"const after = 222;\n").hexdigest()[:12]
    assert before != after == f"/static/app.{digest}.js"
    for url in (before, after, "/static/app.js"):
        response = client.get(url)
        assert response.get_data() == b"const after = 222;\n", url
        assert response.headers["Cache-Control"] == "public, no-cache"
        response.close()
    assert client.get("/static/gone.js").status_code == 404


def probe_app(static_folder: Path) -> Flask:
    """Return a bare Flask app serving `static_folder` through the static files' layer."""
    app = Flask("probe", static_folder=str(static_folder), static_url_path="/static")
    static_files.register(app)
    return app


def fetch(url: str, encoding: str | None = None) -> tuple[int, dict, bytes]:
    """GET `url` with `Accept-Encoding: encoding`; return the status, headers and raw body."""
    headers = {"Accept-Encoding": encoding} if encoding else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash to run the README")
def test_gunicorn_serves_the_map_scripts_compressed_and_immutable(production_database):
    compressed_copies_of(CYTOSCAPE)
    original = (STATIC / CYTOSCAPE).read_bytes()
    with production.served(production_database) as base:
        production.open_a_wave(production_database)
        status, _, page = fetch(f"{base}/map")
        assert status == 200
        assets = map_assets(page.decode())
        assert hashed_url(CYTOSCAPE) in assets and hashed_url("js/map.js") in assets
        url = f"{base}{hashed_url(CYTOSCAPE)}"
        for encoding, unpack in (("br", brotli.decompress), ("gzip", gzip.decompress)):
            status, headers, body = fetch(url, f"{encoding};q=1.0")
            assert status == 200
            assert headers["Content-Encoding"] == encoding
            assert A_YEAR in headers["Cache-Control"] and "immutable" in headers["Cache-Control"]
            assert headers["Vary"] == "Accept-Encoding"
            assert int(headers["Content-Length"]) == len(body)
            assert unpack(body) == original
        status, headers, body = fetch(url)
        assert status == 200 and "Content-Encoding" not in headers and body == original
        status, headers, _ = fetch(f"{base}/static/js/map.js", "gzip")
        assert status == 200 and headers["Cache-Control"] == "public, no-cache"
        assert fetch(f"{base}/static/js/missing.0123456789ab.js")[0] == 404


def test_a_page_kept_before_the_static_files_changed_is_built_again(app, client, open_wave):
    built = client.get("/map")
    with count_queries() as statements:
        assert client.get("/map").get_data() == built.get_data()
    assert len(statements) == 1  # the network's state: the page was kept
    app.extensions[static_files.RELEASE] = "a-new-deployment"  # its pages link to other files
    with count_queries() as statements:
        assert client.get("/map").status_code == 200
    assert len(statements) > 1  # built again, linking to the files now served
