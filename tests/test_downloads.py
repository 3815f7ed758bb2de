"""Open data downloads: approved data only, filtered like the map, safe in spreadsheets and XML."""

import csv
import io
import xml.etree.ElementTree as ET

from app.models import OrgKind, OrgStatus, RelationshipStatus, SubmissionStatus
from tests import factories
from tests.helpers import publish
from tests.test_graph_api import partnership, small_network

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


def rows(client, url: str) -> list[dict]:
    """Download a CSV file and return its rows as dicts."""
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_partnerships_csv_has_one_row_per_partnership(client, open_wave):
    small_network(open_wave)
    response = client.get("/downloads/partnerships.csv")
    disposition = response.headers["Content-Disposition"]
    assert disposition == 'attachment; filename="constellation-partnerships.csv"'
    table = rows(client, "/downloads/partnerships.csv")
    assert list(table[0]) == [
        "wave",
        "organization",
        "organization_kind",
        "organization_city",
        "organization_state",
        "partner",
        "partner_kind",
        "status",
        "priorities",
        "themes",
        "how_built",
        "waves",
        "approved_on",
        "partner_reply",
    ]
    assert len(table) == 3
    sacramento = next(row for row in table if row["organization"] == "Code for Sacramento")
    assert sacramento == {
        "wave": "Wave current",
        "organization": "Code for Sacramento",
        "organization_kind": "brigade",
        "organization_city": "Sacramento",
        "organization_state": "CA",
        "partner": "Caltrans",
        "partner_kind": "government",
        "status": "active",
        "priorities": "Open data",
        "themes": "",
        "how_built": "Joined work groups",
        "waves": "Wave current",
        "approved_on": sacramento["approved_on"],
        "partner_reply": "unanswered",  # Caltrans was never asked
    }
    past = rows(client, "/downloads/partnerships.csv?status=past")
    assert [(row["organization"], row["partner"]) for row in past] == [
        ("Open Columbus", "State University")
    ]
    assert rows(client, "/downloads/partnerships.csv?state=CA&kind=university") == []


def test_organizations_csv_lists_what_the_map_shows(client, open_wave):
    small_network(open_wave)
    table = rows(client, "/downloads/organizations.csv")
    assert list(table[0]) == [
        "name",
        "kind",
        "kind_label",
        "city",
        "state",
        "website",
        "slug",
        "degree",
        "betweenness",
        "community",
        "component",
        "details_from",
    ]
    by_name = {row["name"]: row for row in table}
    assert len(by_name) == 6
    assert by_name["Code for Sacramento"]["degree"] == "3"
    assert by_name["Caltrans"]["kind_label"] == "Government"
    # Two separate chains of three (the learning interest is no relationship): each
    # middle lies between 1 of the 10 pairs of other organizations.
    sacramento, caltrans = by_name["Code for Sacramento"], by_name["Caltrans"]
    assert (sacramento["betweenness"], sacramento["component"]) == ("0.1", "1")
    assert (caltrans["betweenness"], caltrans["community"]) == ("0.0", sacramento["community"])
    assert by_name["Open Columbus"]["betweenness"] == "0.1"
    assert by_name["Open Columbus"]["component"] == "2"
    ohio = rows(client, "/downloads/organizations.csv?state=OH&kind=university")
    assert {row["name"] for row in ohio} == {"Open Columbus", "State University"}


def test_csv_cells_that_look_like_formulas_are_defused(client, open_wave):
    brigade = factories.make_org('=HYPERLINK("http://evil.example","x")')
    partner = factories.make_org("@SUM(A1:A9)", OrgKind.NONPROFIT)
    answers = [(partner, RelationshipStatus.ACTIVE, "+1 more", "-2 less\tstill")]
    partnership(open_wave, brigade, answers)
    tabbed = factories.make_org("\tTabbed Partner", OrgKind.NONPROFIT)
    partnership(open_wave, brigade, [(tabbed, RelationshipStatus.ACTIVE, "Safe text", "")])
    publish()
    table = rows(client, "/downloads/partnerships.csv")
    first = next(row for row in table if row["priorities"] != "Safe text")
    assert first["organization"] == '\'=HYPERLINK("http://evil.example","x")'
    assert first["partner"] == "'@SUM(A1:A9)"
    assert first["priorities"] == "'+1 more"
    assert first["how_built"] == "'-2 less\tstill"
    second = next(row for row in table if row["priorities"] == "Safe text")
    assert second["partner"] == "'\tTabbed Partner"
    names = {row["name"] for row in rows(client, "/downloads/organizations.csv")}
    assert "'@SUM(A1:A9)" in names


def test_graphml_parses_and_holds_the_nodes_and_edges(client, open_wave):
    orgs = small_network(open_wave)
    odd = factories.make_org('<Friends & "Neighbours">\x01', OrgKind.NONPROFIT)
    partnership(open_wave, orgs["ohio"], [(odd, RelationshipStatus.PROSPECTIVE, "", "")])
    publish()
    response = client.get("/downloads/graph.graphml")
    assert response.status_code == 200
    assert "graphml" in response.mimetype
    assert response.headers["Content-Disposition"].startswith("attachment;")
    root = ET.fromstring(response.data)
    keys = {key.get("id"): key.get("attr.name") for key in root.iter(f"{GRAPHML}key")}
    assert {"node_label", "node_kind", "node_x", "edge_type", "edge_status"} <= set(keys)
    nodes = root.findall(f"{GRAPHML}graph/{GRAPHML}node")
    edges = root.findall(f"{GRAPHML}graph/{GRAPHML}edge")
    api = client.get("/api/graph").get_json()["elements"]
    assert {node.get("id") for node in nodes} == {n["data"]["id"] for n in api["nodes"]}
    assert {edge.get("id") for edge in edges} == {e["data"]["id"] for e in api["edges"]}

    def values(item) -> dict:
        """Return a GraphML item's data values by key."""
        return {data.get("key"): data.text for data in item.findall(f"{GRAPHML}data")}

    labels = {values(node)["node_label"] for node in nodes}
    assert '<Friends & "Neighbours">' in labels  # escaped in the file, literal once parsed
    statuses = {values(edge).get("edge_status") for edge in edges}
    assert {"active", "past", "prospective"} <= statuses
    sac = next(node for node in nodes if values(node)["node_label"] == "Code for Sacramento")
    assert values(sac)["node_kind"] == "brigade" and float(values(sac)["node_x"]) >= 0
    filtered = ET.fromstring(client.get("/downloads/graph.graphml?kind=nnip_partner").data)
    assert len(filtered.findall(f"{GRAPHML}graph/{GRAPHML}node")) == 2


def test_graph_json_is_the_map_document_as_a_file(client, open_wave):
    small_network(open_wave)
    download = client.get("/downloads/graph.json?state=OH")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"] == (
        'attachment; filename="constellation-graph.json"'
    )
    assert download.get_json() == client.get("/api/graph?state=OH").get_json()
    repeat = client.get(
        "/downloads/graph.json?state=OH", headers={"If-None-Match": download.headers["ETag"]}
    )
    assert repeat.status_code == 304


def test_downloads_hold_approved_data_only(client, open_wave):
    orgs = small_network(open_wave)
    hidden = factories.make_org("HIDDENMARK Partner", OrgKind.NONPROFIT)
    for status in (
        SubmissionStatus.PENDING,
        SubmissionStatus.REJECTED,
        SubmissionStatus.UNPUBLISHED,
        SubmissionStatus.SUPERSEDED,
    ):
        partnership(
            open_wave,
            orgs["sac"],
            [(hidden, RelationshipStatus.ACTIVE, "HIDDENMARK priorities", "HIDDENMARK")],
            status=status,
            email=f"{status.value}@hidden.example",
        )
    unreviewed = factories.make_org("UNREVIEWEDMARK", OrgKind.NONPROFIT, status=OrgStatus.PENDING)
    partnership(open_wave, orgs["ohio"], [(unreviewed, RelationshipStatus.ACTIVE, "", "")])
    publish()
    for name in ("partnerships.csv", "organizations.csv", "graph.json", "graph.graphml"):
        body = client.get(f"/downloads/{name}").get_data(as_text=True)
        assert "Caltrans" in body, name
        for secret in ("HIDDENMARK", "UNREVIEWEDMARK", "hidden.example", "Pat Contact"):
            assert secret not in body, (name, secret)


def test_unknown_filters_are_refused(client, open_wave):
    for name in ("partnerships.csv", "organizations.csv", "graph.json", "graph.graphml"):
        response = client.get(f"/downloads/{name}?kind=dragon")
        assert response.status_code == 400
        assert "dragon" in response.get_json()["problems"][0]


def test_the_index_lists_every_file_and_the_license(client):
    page = client.get("/downloads/").get_data(as_text=True)
    for name in ("partnerships.csv", "organizations.csv", "graph.json", "graph.graphml"):
        assert f'href="/downloads/{name}"' in page
    assert "CC BY 4.0" in page
    assert "Constellation contributors and the Code for America network" in page
