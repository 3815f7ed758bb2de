"""Every public relationship says who reported it, when it was approved and what its partner
said; confirmed ones can be picked out on the map's API, the table and the downloads."""

import csv
import io

import pytest

from tests.helpers import newest_submission
from tests.moderation_helpers import decide
from tests.partner_helpers import answer, partner_token, report_and_approve, send_correction

FOOD_BANK = {"partners-1-name": "Testville Food Bank", "partners-1-kind": "nonprofit",
             "partners-1-status": "past"}  # fmt: skip
OWN_WORDS = "Reading for every age, and a quiet room to learn code in"


@pytest.fixture
def reported(app, surveys, open_wave, moderator):
    """Approve answers naming the library (with a contact) and the food bank (without)."""
    return report_and_approve(app, surveys, **FOOD_BANK)


def partnerships(client, query: str = "") -> dict[str, dict]:
    """Return the graph's partnership edges by their partner's label."""
    elements = client.get(f"/api/graph{query}").get_json()["elements"]
    label = {node["data"]["id"]: node["data"]["label"] for node in elements["nodes"]}
    return {
        label[edge["data"]["target"]]: edge["data"]
        for edge in elements["edges"]
        if edge["data"]["type"] == "partnership"
    }


def csv_rows(client) -> dict[str, dict]:
    """Return partnerships.csv's rows by partner."""
    text = client.get("/downloads/partnerships.csv").get_data(as_text=True)
    return {row["partner"]: row for row in csv.DictReader(io.StringIO(text))}


def test_an_approved_relationship_says_who_reported_it_and_when(client, reported):
    approved_on = reported.decided_at.date().isoformat()
    edges = partnerships(client)
    assert set(edges) == {"Testville Public Library", "Testville Food Bank"}
    assert not any(edge.get("confirmed") for edge in edges.values())
    panel = client.get(f"/api/edges/{edges['Testville Public Library']['id']}").get_json()
    assert panel["source"]["name"] == "Code for Testville"
    assert panel["approved_on"] == approved_on
    assert panel["reply"] == {"state": "unanswered", "label": "Not answered"}
    library = client.get("/api/orgs/testville-public-library").get_json()
    assert library["described_by"]["source"] == "others"
    [row] = library["partnerships"]
    assert row["reported_by"] == "Code for Testville" and row["approved_on"] == approved_on
    brigade = client.get("/api/orgs/code-for-testville").get_json()
    assert brigade["described_by"]["source"] == "itself"
    assert csv_rows(client)["Testville Public Library"]["approved_on"] == approved_on


def test_a_confirmed_relationship_is_marked_and_can_be_picked_out(app, client, reported):
    assert answer(app.test_client(), partner_token(), "confirm").status_code == 303
    edges = partnerships(client)
    assert edges["Testville Public Library"]["confirmed"] is True
    assert "confirmed" not in edges["Testville Food Bank"]
    panel = client.get(f"/api/edges/{edges['Testville Public Library']['id']}").get_json()
    assert panel["reply"] == {"state": "confirmed", "label": "Confirmed by the partner"}
    only = client.get("/api/graph?confirmed=1").get_json()
    assert set(partnerships(client, "?confirmed=1")) == {"Testville Public Library"}
    assert only["filters"]["confirmed"] is True
    table = client.get("/map/table?confirmed=1").get_data(as_text=True)
    assert "Testville Public Library" in table and "Testville Food Bank" not in table
    rows = csv_rows(client)
    assert rows["Testville Public Library"]["partner_reply"] == "confirmed"
    assert rows["Testville Food Bank"]["partner_reply"] == "unanswered"


@pytest.mark.parametrize("value", ["maybe", "2", "<b>"])
def test_an_unknown_confirmed_value_gets_a_message(client, reported, value):
    response = client.get(f"/api/graph?confirmed={value}")
    assert response.status_code == 400
    [problem] = response.get_json()["problems"]
    assert problem == f"Unknown value {value!r} for confirmed only."


def test_an_approved_correction_shows_the_partners_own_words(app, client, reported, auth):
    token = partner_token()
    response = send_correction(app.test_client(), token, cares_about=OWN_WORDS)
    assert response.status_code == 303
    edge = partnerships(client)["Testville Public Library"]
    assert client.get(f"/api/edges/{edge['id']}").get_json()["partner_words"] is None
    correction = newest_submission()
    auth.login()
    assert decide(client, correction.id, "approve", correction.version).status_code == 303
    auth.logout()
    panel = client.get(f"/api/edges/{edge['id']}").get_json()
    assert panel["partner_words"]["text"] == OWN_WORDS
    assert panel["reply"]["state"] == "confirmed"
    library = client.get("/api/orgs/testville-public-library").get_json()
    assert library["own_words"]["text"] == OWN_WORDS
    assert library["described_by"]["source"] == "itself"
