"""The organization list (/orgs/): search, filters, sorting by links, pages of fifty."""

import html
import re

import pytest

from app.models import OrgKind
from tests import factories
from tests.helpers import count_queries, publish
from tests.network_builders import (
    ACTIVE,
    PAST,
    partnership,
    riverton_network,
    sorted_columns,
)


def listed(page: str) -> list[str]:
    """Return the organization names of a list page's table, in order."""
    return [
        html.unescape(name)
        for name in re.findall(r'<th scope="row"><a href="[^"]*">([^<]*)</a>', page)
    ]


def text(response) -> str:
    """Return a response's body as text."""
    return response.get_data(as_text=True)


@pytest.fixture
def riverton(app):
    """Return the organizations of two waves of answers around Code for Riverton."""
    return riverton_network()


def test_list_links_every_public_organization(client, riverton):
    page = text(client.get("/orgs/"))
    assert listed(page) == [
        "Cascade Data Hub",
        "Code for Hillside",
        "Code for Riverton",
        "Riverton Library",
        "Westside Food Bank",
    ]
    assert '<a href="/orgs/code-for-riverton">Code for Riverton</a>' in page
    assert "5 organizations." in page
    assert "<caption>" in page and '<th scope="col" aria-sort="ascending">' in page


def test_list_search_by_name_or_city_ignores_case_and_wildcards(client, riverton):
    assert listed(text(client.get("/orgs/?q=RIVER"))) == [
        "Code for Riverton",
        "Riverton Library",
        "Westside Food Bank",  # the food bank's city
    ]
    assert listed(text(client.get("/orgs/?q=salem"))) == ["Cascade Data Hub"]
    nothing = text(client.get("/orgs/?q=%25"))
    assert listed(nothing) == []
    assert "No published organization matches “%”." in nothing


def test_list_filters_by_kind_and_state_and_explains_unknown_values(client, riverton):
    assert listed(text(client.get("/orgs/?kind=government"))) == ["Riverton Library"]
    assert listed(text(client.get("/orgs/?state=wa"))) == ["Code for Hillside"]
    assert listed(text(client.get("/orgs/?kind=brigade&state=OR"))) == ["Code for Riverton"]
    response = client.get("/orgs/?kind=spaceship&state=ZZ&sort=size&dir=up&page=first&q=river")
    assert response.status_code == 400
    page = text(response)
    for message in (
        "Unknown organization kind &#39;spaceship&#39;.",
        "Unknown state &#39;ZZ&#39;.",
        "Unknown sort column &#39;size&#39;",
        "Unknown sort direction &#39;up&#39;",
        "&#39;first&#39; is not a page number",
    ):
        assert message in page
    assert listed(page) == []  # nothing was fetched
    assert '<a href="/orgs/?q=river&amp;sort=name&amp;dir=asc">Show the page without them' in page


def test_list_sorts_by_each_column_with_links(client, riverton):
    by_links = listed(text(client.get("/orgs/?sort=relationships")))
    # Riverton: 3 partnerships (the library's, named in both waves, counts once), 1 learning
    # interest, 1 involvement; Hillside: 3.
    assert by_links[:2] == ["Code for Riverton", "Code for Hillside"]
    page = text(client.get("/orgs/?sort=relationships&dir=asc"))
    assert listed(page)[:2] == ["Riverton Library", "Westside Food Bank"]  # 1 each; by name
    assert sorted_columns(page) == [
        ("ascending", "/orgs/?sort=relationships&dir=desc", "Relationships")
    ]
    assert listed(text(client.get("/orgs/?sort=kind")))[0] == "Code for Hillside"  # "Civic tech…"
    assert listed(text(client.get("/orgs/?sort=place&dir=desc")))[0] == "Code for Hillside"  # WA
    assert listed(text(client.get("/orgs/?sort=name&dir=desc")))[0] == "Westside Food Bank"
    filtered = text(client.get("/orgs/?q=river&kind=government"))
    assert 'href="/orgs/?kind=government&amp;q=river&amp;sort=kind&amp;dir=asc"' in filtered


def test_list_pages_by_fifty(client, open_wave):
    hub = factories.make_org("Hub Brigade")
    partners = [factories.make_org(f"Org {n:03d}", OrgKind.NONPROFIT) for n in range(119)]
    partnership(open_wave, hub, [(p, ACTIVE, "", "") for p in partners])
    first = text(client.get("/orgs/"))
    assert listed(first)[:2] == ["Hub Brigade", "Org 000"] and len(listed(first)) == 50
    assert "120 organizations, page 1 of 3." in first
    assert '<a href="/orgs/?sort=name&amp;dir=asc&amp;page=2" rel="next">' in first
    last = text(client.get("/orgs/?page=3"))
    assert listed(last) == [f"Org {n:03d}" for n in range(99, 119)]
    assert 'rel="prev"' in last and 'rel="next"' not in last
    beyond = client.get("/orgs/?page=9")
    assert (beyond.status_code, beyond.headers["Location"]) == (303, "/orgs/?page=3")


def test_list_runs_the_same_queries_for_few_or_many_organizations(client, open_wave):
    hub = factories.make_org("Small Hub")
    partnership(
        open_wave, hub, [(factories.make_org("Small Partner", OrgKind.NONPROFIT), ACTIVE, "", "")]
    )
    url = "/orgs/?q=a&sort=relationships&kind=brigade&kind=nonprofit&state=OR"
    with count_queries() as small:
        client.get(url)
    for n in range(60):
        brigade = factories.make_org(f"Large Brigade {n}", state="OR")
        partner = factories.make_org(f"Large Partner {n}", OrgKind.NONPROFIT, state="OR")
        partnership(open_wave, brigade, [(partner, PAST, "p", "h"), (hub, ACTIVE, "", "")])
    publish()  # as the services that change approved data do
    with count_queries() as large:
        response = client.get(url)
    assert "Large Brigade" in text(response)
    assert len(large) == len(small)
