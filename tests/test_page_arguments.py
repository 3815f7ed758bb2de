"""No address makes a kept public page build again.

A page is kept under the arguments it reads, each written one way (app/pageargs.py): an
argument it does not read changes nothing, a value it does not know is refused with a
400 and nothing kept, a page number past the end is sent to the last page.
"""

import pytest

from app.cache import document_cache
from tests.helpers import count_queries
from tests.test_graph_api import small_network

KEPT = ["/", "/orgs/", "/orgs/code-for-sacramento", "/map", "/map/table", "/api/graph",
        "/downloads/graph.graphml", "/downloads/partnerships.csv", "/waves/"]  # fmt: skip


@pytest.fixture
def kept_before_flask(app, open_wave):
    """A small network, with kept pages answered before Flask for 30 seconds."""
    app.config["PUBLIC_STATE_MAX_AGE"] = 30
    return small_network(open_wave)


@pytest.mark.parametrize("path", KEPT)
def test_arguments_a_page_does_not_read_get_the_kept_page_before_flask(
    client, kept_before_flask, flask_requests, path
):
    built = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert built.status_code == 200
    for n in range(5):
        again = client.get(path, query_string={"zz": n, "utm_source": f"letter {n}"},
                           headers={"Accept-Encoding": "gzip"})  # fmt: skip
        assert again.get_data() == built.get_data()
        assert again.headers["ETag"] == built.headers["ETag"]
    assert flask_requests == [path]  # built once, then never entered again


@pytest.mark.parametrize("path", ["/", "/orgs/", "/map", "/map/table", "/waves/compare"])
def test_an_argument_a_page_does_not_read_is_not_kept_in_it(client, open_wave, path):
    small_network(open_wave)
    first = client.get(path, query_string={"note": "left-by-the-first-visitor"})
    assert "left-by-the-first-visitor" not in first.get_data(as_text=True)
    with count_queries() as statements:
        plain = client.get(path)
    assert len(statements) == 1  # the network's state: the page was kept
    assert plain.get_data() == first.get_data()


@pytest.mark.parametrize(
    ("path", "spellings"),
    [
        ("/api/graph", ["?kind=government,university", "?kind=university&kind=government",
                        "?kind=%20university%20,government,university&zz=1"]),
        ("/map/table", ["?state=ca,oh", "?state=OH&state=CA&state=oh",
                        "?sort=organization&dir=asc&state=oh,ca"]),
        ("/orgs/", ["", "?page=1&sort=name", "?dir=asc&page=01"]),
        ("/map", ["", "?color=kind&layout=network", "?embed=0&size=relationships"]),
        ("/api/graph", ["?view=opening", "?view=%20opening&zz=1", "?zz=2&view=opening"]),
    ],
)  # fmt: skip
def test_every_way_of_writing_the_same_arguments_names_one_page(client, open_wave, path, spellings):
    small_network(open_wave)
    first = client.get(path + spellings[0])
    assert first.status_code == 200
    for spelling in spellings[1:]:
        with count_queries() as statements:
            same = client.get(path + spelling)
        assert len(statements) == 1, spelling  # kept under the same name
        assert same.get_data() == first.get_data()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/graph?kind=spaceship{n}", "Unknown organization kind"),
        ("/api/graph?theme=nothing-like-{n}", "Unknown theme"),
        ("/api/graph?view=everything-{n}", "Unknown view"),
        ("/downloads/graph.graphml?wave=1999-{n}", "Unknown wave"),
        ("/downloads/partnerships.csv?confirmed=maybe{n}", "for confirmed only"),
        ("/map?size=huge{n}", "Unknown size"),
        ("/map?org=nobody-{n}", "Unknown organization"),
        ("/map/table?osort=size{n}", "Unknown sort column"),
        ("/map/table?opage=-{n}", "is not a page number"),
        ("/orgs/?page=first{n}", "is not a page number"),
        ("/orgs/?state=Z{n}", "Unknown state"),
        ("/waves/compare?from=nope-{n}&to=nope", "does not exist"),
    ],
)
def test_a_value_a_page_does_not_know_is_refused_and_nothing_is_kept(
    client, open_wave, url, message
):
    small_network(open_wave)
    published = document_cache().size  # what the publishing job built
    kept = []
    for n in range(3):
        with count_queries() as statements:
            response = client.get(url.format(n=n))
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
        assert all(s.lstrip().upper().startswith(("SELECT", "WITH")) for s in statements)
        kept.append(document_cache().size)
    # No page was kept; the map page keeps the states it lists once, as any build of it does.
    assert kept == [published] * 3 or (url.startswith("/map?") and kept == kept[:1] * 3)


@pytest.mark.parametrize(
    ("built", "asked", "last"),
    [
        ("/orgs/", "/orgs/?page={n}", "/orgs/"),
        ("/orgs/?kind=government", "/orgs/?page={n}&zz=1&kind=government",
         "/orgs/?kind=government"),
        ("/map/table", "/map/table?page={n}", "/map/table"),
        ("/map/table?sort=partner", "/map/table?opage={n}&sort=partner",
         "/map/table?sort=partner&dir=asc"),
    ],
)  # fmt: skip
def test_a_page_past_the_end_is_sent_to_the_last_page_unbuilt(
    client, open_wave, built, asked, last
):
    small_network(open_wave)
    assert client.get(built).status_code == 200  # the page notes where its lists end
    for n in (2, 9, 2147483647):
        with count_queries() as statements:
            response = client.get(asked.format(n=n))
        assert (response.status_code, response.headers["Location"]) == (303, last)
        assert len(statements) == 1  # the network's state: nothing was built


@pytest.mark.parametrize(
    ("built", "asked"),
    [
        ("/orgs/", "/orgs/?page={n}"),
        ("/map/table?sort=partner", "/map/table?opage={n}&sort=partner"),
    ],
)
def test_a_page_past_the_end_is_sent_back_before_flask_once_the_end_is_known(
    client, kept_before_flask, flask_requests, built, asked
):
    assert client.get(built).status_code == 200  # the page notes where its lists end
    for n in (3, 1_000_000):
        response = client.get(asked.format(n=n))
        assert response.status_code == 303
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert flask_requests == [built.split("?")[0]]  # built once, then never entered again


def test_a_list_first_asked_for_past_its_end_is_built_once(client, open_wave):
    small_network(open_wave)
    first = client.get("/map/table?page=5")
    assert (first.status_code, first.headers["Location"]) == (303, "/map/table")
    with count_queries() as statements:
        again = client.get("/map/table?page=6")
    assert again.status_code == 303 and len(statements) == 1
    assert client.get(first.headers["Location"]).status_code == 200


def test_a_blank_survey_asked_with_an_argument_it_does_not_read_is_the_kept_form(app, open_wave):
    app.test_client().get("/surveys/partnership")
    with count_queries() as statements:
        page = app.test_client().get("/surveys/partnership?utm_source=letter").text
    assert len(statements) == 1  # the network's state: the form was kept
    assert "utm_source" not in page and "@@" not in page
