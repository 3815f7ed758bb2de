"""Public pages are built once per network state and served again, with ETag and 304.

A change to approved data (a new revision) shows at once; a signed-in moderator and a
visitor with a message waiting get their own page; with CACHE_URL naming a Redis, what
one worker built is what every other serves.
"""

import gzip
import re
import time
import uuid

import pytest
import redis

from app import pagecache
from app.cache import EXTENSION_KEY, REDIS_PREFIX, FileStore, RedisStore
from tests import factories
from tests.helpers import count_queries, publish
from tests.test_graph_api import partnership, small_network

PAGES = ["/", "/orgs/", "/orgs/code-for-sacramento", "/waves/", "/map/table",
         "/downloads/partnerships.csv", "/api/orgs/code-for-sacramento"]  # fmt: skip


@pytest.mark.parametrize("path", PAGES)
def test_a_page_is_built_once_per_revision(client, open_wave, path):
    small_network(open_wave)
    first = client.get(path)
    assert first.status_code == 200
    with count_queries() as statements:
        again = client.get(path)
    assert again.get_data() == first.get_data()
    assert len(statements) == 1  # the network's state, nothing else
    assert again.headers["ETag"] == first.headers["ETag"]


@pytest.mark.parametrize("path", PAGES)
def test_a_browser_holding_the_page_gets_304(client, open_wave, path):
    small_network(open_wave)
    etag = client.get(path).headers["ETag"]
    response = client.get(path, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.get_data() == b""


def test_a_new_revision_shows_at_once(client, open_wave):
    small_network(open_wave)
    before = client.get("/orgs/")
    assert "Code for Newcastle" not in before.get_data(as_text=True)
    brigade = factories.make_org("Code for Newcastle")
    partnership(open_wave, brigade, [])
    publish()
    after = client.get("/orgs/", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert "Code for Newcastle" in after.get_data(as_text=True)


def test_signed_in_and_anonymous_visitors_never_share_a_page(client, auth, moderator, open_wave):
    small_network(open_wave)
    assert "Sign out" not in client.get("/").get_data(as_text=True)
    auth.login()
    assert "Sign out" in client.get("/").get_data(as_text=True)
    auth.logout()
    assert "Sign out" not in client.get("/").get_data(as_text=True)


def test_a_waiting_message_is_shown_on_a_cached_page(client, open_wave):
    small_network(open_wave)
    client.get("/")
    with client.session_transaction() as session:
        session["_flashes"] = [("message", "Thanks: your answers are in.")]
    assert "Thanks: your answers are in." in client.get("/").get_data(as_text=True)
    assert "Thanks: your answers are in." not in client.get("/").get_data(as_text=True)


@pytest.fixture
def shared_cache(app, redis_url):
    """Point the app's document cache at this process's Redis database; skip when none answers."""
    connection = redis.Redis.from_url(redis_url, socket_connect_timeout=1)
    prefix = f"{REDIS_PREFIX}test-{uuid.uuid4().hex}:"
    app.config["CACHE_URL"] = redis_url
    app.extensions.pop(EXTENSION_KEY, None)
    yield connection, prefix
    for key in connection.scan_iter(f"{REDIS_PREFIX}*"):
        connection.delete(key)


def test_with_redis_a_page_built_by_one_worker_is_served_by_another(app, client, open_wave,
                                                                    shared_cache):  # fmt: skip
    connection, _ = shared_cache
    small_network(open_wave)
    built = client.get("/api/graph")
    page = client.get("/orgs/")
    assert isinstance(app.extensions[EXTENSION_KEY], RedisStore)
    assert list(connection.scan_iter(f"{REDIS_PREFIX}*"))  # kept in Redis, not here
    app.extensions.pop(EXTENSION_KEY)  # another worker: nothing of its own in memory
    with count_queries() as statements:
        assert client.get("/api/graph").get_data() == built.get_data()
        assert client.get("/orgs/").get_data() == page.get_data()
    assert len(statements) == 2  # each asked only for the network's state


def test_an_unreachable_cache_only_costs_a_rebuild(app, client, open_wave):
    app.config["CACHE_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    app.extensions.pop(EXTENSION_KEY, None)
    small_network(open_wave)
    response = client.get("/orgs/")
    assert response.status_code == 200
    assert "Code for Sacramento" in response.get_data(as_text=True)
    assert client.get("/api/graph").get_json()["elements"]["nodes"]


def test_files_kept_per_state_stay_within_their_budget(app, client, open_wave, tmp_path):
    small_network(open_wave)
    # The default store, with room for the list page (about 2.3 KB) and little else.
    app.extensions[EXTENSION_KEY] = FileStore(tmp_path, budget=2400)
    first = client.get("/orgs/")  # about 3 KB: kept
    with count_queries() as statements:
        assert client.get("/orgs/").get_data() == first.get_data()
    assert len(statements) == 1  # the network's state: the page was kept
    graph = client.get("/api/graph")  # past the budget: served, not kept
    assert graph.status_code == 200 and graph.get_json()["elements"]["nodes"]
    with count_queries() as statements:
        assert client.get("/api/graph").get_data() == graph.get_data()
    assert len(statements) > 1  # built again
    kept = sum(f.stat().st_size for f in tmp_path.rglob("*") if f.is_file())
    assert 2000 < kept <= 2400


@pytest.mark.parametrize("encoding", ["gzip", ""])
def test_a_large_page_kept_in_a_file_is_sent_from_it(
    app, client, open_wave, tmp_path, flask_requests, encoding
):
    small_network(open_wave)
    app.config["PUBLIC_STATE_MAX_AGE"] = 30  # kept pages answered before Flask
    app.extensions[EXTENSION_KEY] = FileStore(tmp_path)  # the default store
    app.config["KEPT_PAGE_SENDFILE_FROM"] = 0  # this small graph counts as large
    headers = {"Accept-Encoding": encoding}
    built = client.get("/api/graph", headers=headers)
    sent = client.get("/api/graph", headers=headers)
    assert flask_requests == ["/api/graph"]  # the second was answered from the file
    assert sent.get_data() == built.get_data() and sent.headers["ETag"] == built.headers["ETag"]
    assert int(sent.headers["Content-Length"]) == len(built.get_data())
    assert sent.headers.get("Content-Encoding", "") == encoding
    again = client.get("/api/graph", headers={**headers, "If-None-Match": sent.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""


def form_token(page: str) -> str:
    """Return the form token a page carries."""
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_a_blank_survey_is_kept_but_each_visitor_gets_their_own_token(app, open_wave):
    first, second = app.test_client(), app.test_client()
    mine = form_token(first.get("/surveys/partnership").get_data(as_text=True))
    with count_queries() as statements:
        page = second.get("/surveys/partnership").get_data(as_text=True)
    assert len(statements) == 1  # the network's state: the form itself was kept
    theirs = form_token(page)
    assert theirs != mine and "@@" not in page
    form = factories.partnership_form(org_name="Code for Kept Forms")
    response = second.post("/surveys/partnership", data={"csrf_token": theirs, **form})
    assert response.status_code == 303  # the token put back in the kept page is valid
    refused = first.post("/surveys/partnership", data={"csrf_token": theirs, **form})
    assert refused.status_code != 303  # and it is that visitor's own


@pytest.mark.parametrize("path", ["/orgs/", "/api/graph", "/downloads/graph.graphml"])
def test_a_large_page_is_sent_compressed_to_clients_that_take_gzip(client, open_wave, path):
    small_network(open_wave)
    plain = client.get(path)
    packed = client.get(path, headers={"Accept-Encoding": "gzip, deflate"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert len(packed.get_data()) < len(plain.get_data())
    assert (
        "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    )
    assert packed.headers["ETag"] != plain.headers["ETag"]  # two representations, two tags
    again = client.get(
        path, headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]}
    )
    assert again.status_code == 304


def test_a_process_asks_for_the_state_at_most_every_max_age(app, client, open_wave, monkeypatch):
    app.config["PUBLIC_STATE_MAX_AGE"] = 30
    small_network(open_wave)
    client.get("/orgs/")
    partnership(open_wave, factories.make_org("Code for Latecomers"), [])
    publish()
    with count_queries() as statements:
        page = client.get("/orgs/").get_data(as_text=True)
    assert statements == []  # served as kept, without asking the database
    assert "Code for Latecomers" not in page
    later = time.monotonic() + 31
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: later)
    assert "Code for Latecomers" in client.get("/orgs/").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/orgs/", "/api/graph", "/downloads/graph.graphml"])
def test_a_kept_page_is_served_before_flask_with_the_same_answer(app, client, open_wave,
                                                                 flask_requests, path):  # fmt: skip
    app.config["PUBLIC_STATE_MAX_AGE"] = 30
    small_network(open_wave)
    built = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert flask_requests == [path]
    kept = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert flask_requests == [path]  # answered without entering Flask
    assert kept.get_data() == built.get_data()
    assert sorted(kept.headers.items()) == sorted(built.headers.items())
    again = client.get(path, headers={"If-None-Match": kept.headers["ETag"],
                                      "Accept-Encoding": "gzip"})  # fmt: skip
    assert again.status_code == 304 and flask_requests == [path]


def test_unkept_pages_and_refused_requests_go_to_flask(app, client, open_wave, flask_requests):
    app.config["PUBLIC_STATE_MAX_AGE"] = 30
    small_network(open_wave)
    client.get("/orgs/")
    client.get("/orgs/?sort=kind")  # not kept yet: built by Flask
    for _ in range(2):  # a refused request is never kept
        assert client.get("/api/graph?kind=nonsense").status_code == 400
    assert flask_requests == ["/orgs/", "/orgs/", "/api/graph", "/api/graph"]
