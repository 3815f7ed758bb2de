"""The table view (/map/table): what the map shows, as text, for the same URL arguments."""

import html
import re
from datetime import date

import pytest

from app.models import OrgKind, OrgStatus, SubmissionStatus, WaveStatus
from tests import factories
from tests.helpers import count_queries, publish
from tests.network_builders import (
    ACTIVE,
    PAST,
    PROSPECTIVE,
    involvement,
    partnership,
    sorted_columns,
)

TAG = re.compile(r"<[^>]+>")


def text(response) -> str:
    """Return a page's HTML, checking that it was served."""
    assert response.status_code == 200
    return response.get_data(as_text=True)


def cells(row: str) -> tuple[str, ...]:
    """Return the text of a table row's cells."""
    found = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
    return tuple(html.unescape(TAG.sub("", cell)).strip() for cell in found)


def section(page: str, heading: str) -> str:
    """Return the part of the page from one table section's heading to its end."""
    start = page.index(f'id="{heading}-heading"')
    return page[start : page.index("</section>", start)]


def relationships(page: str) -> list[tuple[str, ...]]:
    """Return (organization, partner, type, status, wave) for each row of the first table."""
    body = section(page, "relationships").split("<tbody>")[-1]
    return [cells(row)[:5] for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def organization_rows(page: str) -> list[tuple[str, ...]]:
    """Return every cell of each row of the second table."""
    body = section(page, "organizations").split("<tbody>")[-1]
    return [cells(row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def organizations(page: str) -> list[tuple[str, ...]]:
    """Return (name, kind, place, relationships) for each row of the second table."""
    return [row[:4] for row in organization_rows(page)]


def summary(page: str) -> str:
    """Return the sentence that sums up what the table view shows."""
    return html.unescape(re.search(r'id="network-summary">([^<]*)<', page).group(1))


@pytest.fixture
def network(app):
    """Two waves of a small network, with things that must not show; return its organizations."""
    old = factories.make_wave(slug="2021-wave", status=WaveStatus.CLOSED, opens_on=date(2021, 3, 1))
    new = factories.make_wave(slug="2023-wave", status=WaveStatus.CLOSED, opens_on=date(2023, 3, 1))
    make = factories.make_org
    orgs = {
        "alder": make("Code for Alder", city="Portland", state="OR"),
        "birch": make("Code for Birch", city="Seattle", state="WA"),
        "county": make("Alder County", OrgKind.GOVERNMENT, city="Portland", state="OR"),
        "nonprofit": make("Birch Nonprofit", OrgKind.NONPROFIT, state="WA"),
        "hub": make("Cedar Data Hub", OrgKind.NNIP_PARTNER, city="Fresno", state="CA"),
        "isolated": make("Isolated Institute", OrgKind.UNIVERSITY, state="TX"),
        "unreviewed": make("Unreviewed Partner", OrgKind.NONPROFIT, status=OrgStatus.PENDING),
        "hidden": make("Hidden Partner", OrgKind.NONPROFIT),
    }
    partnership(
        old,
        orgs["alder"],
        [(orgs["county"], ACTIVE, "", "")],
        interests=[(orgs["birch"], None, "")],
        contact_email="alder@private.example",
    )
    partnership(new, orgs["alder"], [(orgs["county"], PAST, "", "")])
    birch_partners = [
        (orgs["nonprofit"], PROSPECTIVE, "", ""),
        (orgs["unreviewed"], ACTIVE, "", ""),
    ]
    partnership(new, orgs["birch"], birch_partners)
    involvement(new, orgs["hub"], [orgs["alder"], orgs["birch"]])
    involvement(new, orgs["isolated"], [])  # public, but with no relationship
    # Not approved: none of these relationships shows, though most ends are public.
    partnership(
        new,
        orgs["birch"],
        [(orgs["hidden"], ACTIVE, "", ""), (orgs["county"], ACTIVE, "", "")],
        status=SubmissionStatus.PENDING,
    )
    partnership(
        old, orgs["county"], [(orgs["birch"], PAST, "", "")], status=SubmissionStatus.REJECTED
    )
    involvement(new, orgs["hub"], [orgs["isolated"]], status=SubmissionStatus.UNPUBLISHED)
    publish()  # as the services do: the background job computes the network's figures
    return orgs


# Named in both waves, Code for Alder's partnership with Alder County is one relationship:
# its status is what the latest answer says, and it lists both waves.
ALL_RELATIONSHIPS = [
    ("Cedar Data Hub", "Code for Alder", "Involvement", "—", "Wave 2023-wave"),
    ("Cedar Data Hub", "Code for Birch", "Involvement", "—", "Wave 2023-wave"),
    ("Code for Alder", "Alder County", "Partnership", "Past", "Wave 2021-wave, Wave 2023-wave"),
    ("Code for Alder", "Code for Birch", "Learning interest", "—", "Wave 2021-wave"),
    ("Code for Birch", "Birch Nonprofit", "Partnership", "Prospective", "Wave 2023-wave"),
]


def shown(client, query: str) -> tuple[list, list[str], str]:
    """Return the relationships, organization names and summary the table view shows."""
    page = text(client.get(f"/map/table?{query}"))
    return relationships(page), [row[0] for row in organizations(page)], summary(page)


def test_shows_every_public_relationship_and_organization(client, network):
    page = text(client.get("/map/table"))
    assert relationships(page) == ALL_RELATIONSHIPS
    assert organizations(page) == [
        ("Alder County", "Government", "Portland, OR", "1"),
        ("Birch Nonprofit", "Nonprofit", "WA", "1"),
        ("Cedar Data Hub", "Data intermediary (NNIP partner)", "Fresno, CA", "2"),
        ("Code for Alder", "Civic tech group (brigade)", "Portland, OR", "3"),
        ("Code for Birch", "Civic tech group (brigade)", "Seattle, WA", "3"),
        ("Isolated Institute", "University", "TX", "0"),
    ]
    assert summary(page) == "2 brigades, 4 partners, 5 relationships in all waves."
    # The relationships make one path, Alder County - Code for Alder - Cedar Data Hub -
    # Code for Birch - Birch Nonprofit, and Isolated Institute has none. Of the 10 pairs
    # of other organizations, 4 have the hub between them, 3 each of the brigades.
    figures = {row[0]: row[4:] for row in organization_rows(page)}
    assert figures["Cedar Data Hub"][0] == "40%"
    assert figures["Code for Alder"][0] == figures["Code for Birch"][0] == "30%"
    assert figures["Alder County"][0] == figures["Isolated Institute"][0] == "0%"
    assert figures["Isolated Institute"][1] == "—"  # in no group of two or more
    assert {figures[name][1] for name in ("Alder County", "Birch Nonprofit")} <= {"1", "2"}
    assert '<a href="/orgs/code-for-alder">Code for Alder</a>' in page
    assert "<caption>5 relationships." in page and "<caption>6 organizations;" in page
    for label in ('for="t-wave"', 'for="t-state"', 'for="t-kind-brigade"', 'for="t-status-past"'):
        assert label in page


def test_nothing_unapproved_unreviewed_or_private_shows(client, network):
    page = text(client.get("/map/table"))
    for secret in ("Hidden Partner", "Unreviewed Partner", "private.example", "Casey Contact"):
        assert secret not in page
    assert "Hidden Partner" not in text(client.get("/map/table?org=code-for-birch"))


def test_wave_keeps_the_relationships_named_in_that_wave(client, network):
    rows, _, line = shown(client, "wave=2021-wave")
    assert rows == [
        ("Code for Alder", "Alder County", "Partnership", "Active", "Wave 2021-wave"),
        ("Code for Alder", "Code for Birch", "Learning interest", "—", "Wave 2021-wave"),
    ]
    assert line.endswith(" 2 relationships in Wave 2021-wave.")


def test_kind_keeps_relationships_with_either_end_of_that_kind(client, network):
    rows, names, line = shown(client, "kind=government")
    assert [row[:2] for row in rows] == [("Code for Alder", "Alder County")]
    assert names == ["Alder County", "Code for Alder"]  # the other end comes along
    assert line == "1 brigade, 1 partner, 1 relationship in all waves."
    rows, names, _ = shown(client, "kind=university")
    assert rows == [] and names == ["Isolated Institute"]  # alone, it matches itself
    assert "No relationship matches these filters." in text(client.get("/map/table?kind=business"))


def test_state_keeps_relationships_with_either_end_in_those_states(client, network):
    rows, names, _ = shown(client, "state=wa")
    assert [row[:2] for row in rows] == [
        ("Cedar Data Hub", "Code for Birch"),
        ("Code for Alder", "Code for Birch"),
        ("Code for Birch", "Birch Nonprofit"),
    ]
    assert "Isolated Institute" not in names
    rows, names, _ = shown(client, "state=TX,CA")
    assert len(rows) == 2 and "Isolated Institute" in names


def test_status_filters_partnerships_and_keeps_other_relationships(client, network):
    rows, _, _ = shown(client, "status=active")
    assert rows == [row for row in ALL_RELATIONSHIPS if row[3] in ("Active", "—")]
    rows, _, _ = shown(client, "status=past&status=prospective")
    assert [row[3] for row in rows] == ["—", "—", "Past", "—", "Prospective"]


def test_filters_combine(client, network):
    rows, _, line = shown(client, "wave=2023-wave&kind=government&status=past")
    assert rows == [("Code for Alder", "Alder County", "Partnership", "Past", "Wave 2023-wave")]
    assert line == "1 brigade, 1 partner, 1 relationship in Wave 2023-wave."


def test_org_shows_one_neighbourhood(client, network):
    rows, names, line = shown(client, "org=code-for-birch")
    assert [row[:2] for row in rows] == [
        ("Cedar Data Hub", "Code for Birch"),
        ("Code for Alder", "Code for Birch"),
        ("Code for Birch", "Birch Nonprofit"),
    ]
    assert names == ["Birch Nonprofit", "Cedar Data Hub", "Code for Alder", "Code for Birch"]
    assert line == "2 brigades, 2 partners, 3 relationships in all waves, around Code for Birch."
    page = text(client.get("/map/table?org=code-for-birch&kind=nonprofit"))
    assert '<input type="hidden" name="org" value="code-for-birch">' in page
    assert relationships(page) == [ALL_RELATIONSHIPS[4]]


def test_unknown_values_are_refused_with_a_link_to_the_table_without_them(client, network):
    response = client.get(
        "/map/table?kind=spaceship&kind=brigade&state=ZZ&status=maybe&wave=1999&org=nobody"
        "&sort=size&odir=sideways"
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    for message in (
        "Unknown organization kind 'spaceship'.",
        "Unknown state 'ZZ'.",
        "Unknown relationship status 'maybe'.",
        "Unknown wave '1999'.",
        "Unknown organization 'nobody': showing the whole network.",
        "Unknown sort column 'size'",
        "Unknown sort direction 'sideways'",
    ):
        assert message.replace("'", "&#39;") in page
    assert 'role="alert"' in page
    assert 'id="relationships-heading"' not in page  # nothing was built
    sorts = "sort=organization&amp;dir=asc&amp;osort=name&amp;odir=asc"
    without = f"/map/table?kind=brigade&amp;{sorts}"
    assert f'<a href="{without}">Show the page without them</a>' in page


def test_links_to_the_map_and_downloads_keep_the_filters(client, network):
    page = text(client.get("/map/table?wave=2023-wave&kind=brigade&org=code-for-alder"))
    assert 'href="/map?wave=2023-wave&amp;kind=brigade&amp;org=code-for-alder"' in page
    assert 'href="/downloads/partnerships.csv?wave=2023-wave&amp;kind=brigade"' in page
    assert 'href="/downloads/organizations.csv?wave=2023-wave&amp;kind=brigade"' in page
    bare = text(client.get("/map/table"))
    assert 'href="/map"' in bare and 'href="/downloads/partnerships.csv"' in bare


def test_both_tables_sort_by_links_that_keep_the_view(client, network):
    page = text(client.get("/map/table?wave=2023-wave&sort=partner&dir=desc&osort=relationships"))
    assert [row[1] for row in relationships(page)] == [
        "Code for Birch",
        "Code for Alder",
        "Birch Nonprofit",
        "Alder County",
    ]
    assert [row[0] for row in organizations(page)] == [
        "Cedar Data Hub",
        "Code for Alder",
        "Code for Birch",
        "Alder County",
        "Birch Nonprofit",
        "Isolated Institute",
    ]
    relationships_sort, organizations_sort = sorted_columns(page)
    assert relationships_sort == (
        "descending",
        "/map/table?wave=2023-wave&sort=partner&dir=asc&osort=relationships&odir=desc"
        "#relationships-heading",
        "Partner",
    )
    assert organizations_sort[0] == "descending" and organizations_sort[2] == "Relationships"
    assert (
        'href="/map/table?wave=2023-wave&amp;sort=wave&amp;dir=asc&amp;osort=relationships' in page
    )
    by_wave = relationships(text(client.get("/map/table?sort=wave&dir=desc")))
    # A relationship sorts by the latest wave that named it.
    assert [row[4] for row in by_wave] == ["Wave 2023-wave"] * 3 + [
        "Wave 2021-wave, Wave 2023-wave", "Wave 2021-wave",
    ]  # fmt: skip
    by_status = relationships(text(client.get("/map/table?sort=status&dir=desc")))
    assert [row[3] for row in by_status] == ["Prospective", "Past", "—", "—", "—"]
    by_type = relationships(text(client.get("/map/table?sort=type")))
    assert [row[2] for row in by_type] == ["Involvement"] * 2 + ["Learning interest"] + [
        "Partnership"
    ] * 2


def test_runs_the_same_queries_for_a_small_or_large_network(client, network):
    url = "/map/table?wave=2023-wave&kind=brigade,nonprofit&status=past,active&org=code-for-alder"
    with count_queries() as small_filtered:
        client.get(url)
    with count_queries() as small_plain:
        client.get("/map/table")
    wave = factories.make_wave(
        slug="2024-wave", status=WaveStatus.CLOSED, opens_on=date(2024, 1, 1)
    )
    for n in range(40):
        brigade = factories.make_org(f"Code for Town {n}", state="OR")
        partner = factories.make_org(f"Town {n} Library", OrgKind.GOVERNMENT, state="OR")
        partnership(
            wave,
            brigade,
            [(partner, ACTIVE, "", ""), (network["alder"], PAST, "", "")],
            interests=[(network["birch"], None, "")],
        )
        involvement(wave, network["hub"], [brigade])
    publish()  # as the services that change approved data do
    with count_queries() as large_filtered:
        client.get(url)
    with count_queries() as large_plain:
        page = text(client.get("/map/table"))
    assert "Code for Town 39" in page
    assert len(large_filtered) == len(small_filtered)
    assert len(large_plain) == len(small_plain)


def test_demo_data_summary_for_2022(client, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    page = text(client.get("/map/table?wave=2022-partner-constellation"))
    assert (
        summary(page) == "53 brigades, 58 partners, 58 relationships in 2022 Partner Constellation."
    )
    sacramento = text(client.get("/map/table?org=code-for-sacramento&status=active"))
    assert relationships(sacramento) == [
        ("Code for Sacramento", "Caltrans", "Partnership", "Active", "2022 Partner Constellation")
    ]


def test_long_tables_come_a_page_at_a_time(client, open_wave):
    hub = factories.make_org("Hub Brigade")
    partners = [factories.make_org(f"Partner {n:03d}", OrgKind.NONPROFIT) for n in range(150)]
    partnership(open_wave, hub, [(p, ACTIVE, "", "") for p in partners])
    first = text(client.get("/map/table"))
    assert len(relationships(first)) == 100 and len(organizations(first)) == 100
    assert "150 relationships in all waves" in summary(first)  # the sentence counts them all
    assert "Page 1 of 2" in first
    second = text(client.get("/map/table?page=2&opage=2"))
    later = [f"Partner {n:03d}" for n in range(100, 150)]
    assert [row[1] for row in relationships(second)] == later
    assert len(organizations(second)) == 51
    back = 'href="/map/table?sort=organization&amp;dir=asc&amp;osort=name&amp;odir=asc&amp;page=1'
    assert back in second
    beyond = client.get("/map/table?page=9&opage=9")  # past the end: sent to the last pages
    assert (beyond.status_code, beyond.headers["Location"]) == (303, "/map/table?page=2&opage=2")
