"""The map's "changes since" mode: /api/graph?since=<wave> marks what changed, with counts."""

import csv
import io
import re
from datetime import date

import pytest

from app.extensions import db
from app.models import (
    Continuity,
    OrgKind,
    PartnershipAnswer,
    RelationshipStatus,
    Submission,
    SubmissionStatus,
    SurveyKind,
    WaveStatus,
)
from app.network import bump_revision
from tests import factories
from tests.helpers import count_queries
from tests.wave_builders import org

ENDED = Continuity.ENDED
ACTIVE = RelationshipStatus.ACTIVE


def answer(wave, brigade: str, partners, *, status=SubmissionStatus.APPROVED) -> Submission:
    """Store a brigade's partnership answers: (partner name, kind, continuity or None)."""
    submission = Submission(
        wave=wave,
        survey_kind=SurveyKind.PARTNERSHIP,
        organization=org(brigade, OrgKind.BRIGADE),
        status=status,
    )
    for position, (name, kind, continuity) in enumerate(partners):
        submission.partnerships.append(
            PartnershipAnswer(
                position=position,
                partner=org(name, kind),
                status=RelationshipStatus.PAST if continuity is ENDED else ACTIVE,
                continuity=continuity,
            )
        )
    db.session.add(submission)
    db.session.commit()
    return submission


GOV, UNI, NONPROFIT = OrgKind.GOVERNMENT, OrgKind.UNIVERSITY, OrgKind.NONPROFIT


@pytest.fixture
def two_waves(app):
    """Store a 2022 and a 2026 wave: Riverton answered both, Hillside only 2022, Lakeside 2026."""
    old = factories.make_wave(slug="2022", status=WaveStatus.CLOSED, opens_on=date(2022, 3, 1))
    new = factories.make_wave(slug="2026", opens_on=date(2026, 3, 1))
    answer(old, "Code for Riverton", [("Riverton Library", GOV, None),
                                      ("Riverton University", UNI, None),
                                      ("Riverton City Hall", GOV, None)])  # fmt: skip
    answer(old, "Code for Hillside", [("Riverton Library", GOV, None),
                                      ("Hillside Food Bank", NONPROFIT, None)])  # fmt: skip
    answer(new, "Code for Riverton", [("Riverton Library", GOV, Continuity.CONTINUING),
                                      ("Riverton City Hall", GOV, ENDED),
                                      ("Open Data Fund", NONPROFIT, Continuity.NEW)])  # fmt: skip
    answer(new, "Code for Lakeside", [("Open Data Fund", NONPROFIT, None)])
    answer(new, "Code for Hillside", [("SECRETPARTNER", NONPROFIT, None)],
           status=SubmissionStatus.PENDING)  # fmt: skip
    bump_revision()
    db.session.commit()
    return old, new


def pairs_by_change(document) -> dict[str, set[tuple[str, str]]]:
    """Return the shown relationships as (organization, partner) names, by change."""
    names = {node["data"]["id"]: node["data"]["label"] for node in document["elements"]["nodes"]}
    found = {}
    for edge in document["elements"]["edges"]:
        data = edge["data"]
        pair = (names[data["source"]], names[data["target"]])
        found.setdefault(data.get("change"), set()).add(pair)
    return found


def test_changes_since_a_wave_against_the_latest_answers(client, two_waves):
    document = client.get("/api/graph?since=2022").get_json()
    changes = document["summary"]["changes"]
    assert changes == {
        "since": {"slug": "2022", "name": "Wave 2022"},
        "to": None,
        "new": 2,
        "continuing": 1,
        "ended": 2,
        "unconfirmed": 2,
        "not_answered_again": 1,
    }
    pairs = pairs_by_change(document)
    assert pairs["new"] == {("Code for Riverton", "Open Data Fund"),
                            ("Code for Lakeside", "Open Data Fund")}  # fmt: skip
    assert pairs["continuing"] == {("Code for Riverton", "Riverton Library")}
    # One ended by the 2026 answer's own word, one by leaving it out of the answer.
    assert pairs["ended"] == {("Code for Riverton", "Riverton City Hall"),
                              ("Code for Riverton", "Riverton University")}  # fmt: skip
    assert pairs["unconfirmed"] == {("Code for Hillside", "Riverton Library"),
                                    ("Code for Hillside", "Hillside Food Bank")}  # fmt: skip
    assert document["filters"]["since"] == "2022"
    assert "SECRETPARTNER" not in str(document)


def test_the_explicit_ended_answer_is_the_edge_drawn(client, two_waves):
    ended_row = db.session.scalar(
        db.select(PartnershipAnswer.id).where(PartnershipAnswer.continuity == ENDED)
    )
    document = client.get("/api/graph?since=2022").get_json()
    ended = [e["data"] for e in document["elements"]["edges"] if e["data"]["change"] == "ended"]
    assert f"p{ended_row}" in {edge["id"] for edge in ended}
    assert {edge["wave"] for edge in ended} == {"2022", "2026"}


def test_changes_between_two_chosen_waves(client, two_waves):
    document = client.get("/api/graph?since=2022&wave=2026").get_json()
    changes = document["summary"]["changes"]
    assert changes["to"] == {"slug": "2026", "name": "Wave 2026"}
    counts = {key: changes[key] for key in ("new", "continuing", "ended", "unconfirmed")}
    assert counts == {"new": 2, "continuing": 1, "ended": 2, "unconfirmed": 0}
    assert changes["not_answered_again"] == 1
    # Hillside did not answer 2026, so none of its 2022 relationships are 2026's.
    assert "unconfirmed" not in pairs_by_change(document)


def test_an_answer_marking_a_partner_ended_is_not_a_relationship_of_its_wave(client, two_waves):
    document = client.get("/api/graph?wave=2026").get_json()
    assert "change" not in document["elements"]["edges"][0]["data"]
    assert document["summary"]["changes"] is None
    assert pairs_by_change(document)[None] == {
        ("Code for Riverton", "Riverton Library"),
        ("Code for Riverton", "Open Data Fund"),
        ("Code for Lakeside", "Open Data Fund"),
    }


def test_other_filters_narrow_the_changes(client, two_waves):
    document = client.get("/api/graph?since=2022&kind=government").get_json()
    changes = document["summary"]["changes"]
    assert (changes["new"], changes["continuing"], changes["ended"], changes["unconfirmed"]) == (
        0, 1, 1, 1)  # fmt: skip


def test_ended_relationships_do_not_count_in_degree(client, two_waves):
    document = client.get("/api/graph?since=2022&wave=2026").get_json()
    degree = {n["data"]["label"]: n["data"]["degree"] for n in document["elements"]["nodes"]}
    assert degree["Code for Riverton"] == 2  # the library and the fund; two ended are drawn faded
    assert degree["Riverton University"] == 0


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("since=nope", "Unknown wave 'nope'."),
        ("since=2026&wave=2022", "can only be shown for a later wave"),
        ("since=2026&wave=2026", "can only be shown for a later wave"),
    ],
)
def test_bad_changes_arguments_are_refused(client, two_waves, query, message):
    response = client.get(f"/api/graph?{query}")
    assert response.status_code == 400
    assert any(message in problem for problem in response.get_json()["problems"])


def test_changes_take_a_fixed_number_of_queries(app, client, two_waves):
    def queries() -> int:
        app.extensions.pop("constellation.graph_cache", None)
        with count_queries() as counted:
            assert client.get("/api/graph?since=2022").status_code == 200
        return len(counted)

    before = queries()
    _, new = two_waves
    for number in range(6):
        answer(new, f"Code for Town {number}", [(f"Town Hall {number}", GOV, None)])
    bump_revision()
    db.session.commit()
    assert queries() == before


def test_a_new_approval_changes_the_counts_on_the_next_load(client, two_waves):
    first = client.get("/api/graph?since=2022")
    _, new = two_waves
    answer(new, "Code for Hillside", [("Hillside Food Bank", NONPROFIT, Continuity.CONTINUING)])
    bump_revision()
    db.session.commit()
    again = client.get("/api/graph?since=2022", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    changes = again.get_json()["summary"]["changes"]
    assert (changes["continuing"], changes["ended"], changes["not_answered_again"]) == (2, 3, 0)


def test_side_panel_says_a_partner_ended(client, two_waves):
    ended_row = db.session.scalar(
        db.select(PartnershipAnswer.id).where(PartnershipAnswer.continuity == ENDED)
    )
    edge = client.get(f"/api/edges/p{ended_row}").get_json()
    assert edge["continuity"] == "ended"
    assert edge["continuity_label"] == "Ended since the last answers"
    details = client.get("/api/orgs/riverton-city-hall").get_json()
    said = {(p["wave"]["slug"], p["continuity"]) for p in details["partnerships"]}
    assert said == {("2022", None), ("2026", "ended")}


def test_wave_report_counts_ended_partners_apart(client, two_waves):
    page = client.get("/waves/2026").get_data(as_text=True)
    assert "<dt>Relationships</dt><dd>3</dd>" in page
    assert "<dt>Marked ended since the last answers</dt><dd>1</dd>" in page


def test_table_view_lists_each_change(client, two_waves):
    page = client.get("/map/table?since=2022&sort=change").get_data(as_text=True)
    assert "changes since Wave 2022: 2 new, 1 continuing, 2 ended, 2 not confirmed" in page
    assert '<select id="t-since" name="since">' in page
    assert '<option value="2022" selected>' in page
    rows = page.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert [row.split("<td>")[-1].split("</td>")[0] for row in rows] == [
        "New", "New", "Continuing", "Ended", "Ended", "Not confirmed", "Not confirmed",
    ]  # fmt: skip
    plain = client.get("/map/table").get_data(as_text=True)
    assert ">Change<" not in plain and "changes since" not in plain


def test_map_page_offers_the_changes_selector_and_keeps_it(client, two_waves):
    page = client.get("/map?since=2022").get_data(as_text=True)
    assert '<select id="map-since" name="since"' in page
    assert '<option value="2022" selected>Wave 2022</option>' in page
    assert 'id="map-legend-changes">' in page  # shown, not hidden, in this mode
    assert "since=2022" in page.split('id="map-table-link"')[1].split(">")[0]
    assert 'id="map-legend-changes" hidden>' in client.get("/map").get_data(as_text=True)


def test_organization_pages_agree_with_the_map(client, two_waves):
    listing = client.get("/orgs/?q=Riverton+City").get_data(as_text=True)
    # Named in 2022; the 2026 answer that marks it ended is not a second relationship.
    count = re.search(r'Riverton City Hall</a>.*?<td class="number">(\d+)</td>', listing, re.S)
    assert count[1] == "1"
    page = client.get("/orgs/code-for-riverton").get_data(as_text=True)
    assert "Ended since the last answers" in page


def test_downloads_of_the_changes_view_say_how_each_changed(client, two_waves):
    text = client.get("/downloads/partnerships.csv?since=2022").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    changes = sorted((row["organization"], row["partner"], row["change"]) for row in rows)
    assert ("Code for Riverton", "Riverton University", "ended") in changes
    assert ("Code for Lakeside", "Open Data Fund", "new") in changes
    assert len(changes) == 7
    plain = client.get("/downloads/partnerships.csv").text
    assert "change" not in plain.splitlines()[0]
    graphml = client.get("/downloads/graph.graphml?since=2022").text
    assert '<data key="edge_change">new</data>' in graphml


def test_waves_opening_on_one_day_are_in_one_order_everywhere(client, app):
    # Two waves opening the same day: the later-created one is the later wave, on the
    # map's menus (whose order the page script relies on), in its filters and on /waves/.
    spring = date(2026, 3, 1)
    first = factories.make_wave(slug="spring-first", opens_on=spring)
    second = factories.make_wave(slug="spring-second", opens_on=spring)
    answer(second, "Code for Riverton", [("Riverton Library", GOV, None)])
    answer(first, "Code for Riverton", [("Riverton Library", GOV, None)])
    bump_revision()
    db.session.commit()
    page = client.get("/map?wave=spring-second&since=spring-first").get_data(as_text=True)
    since_menu = page.split('<select id="map-since"')[1].split("</select>")[0]
    assert since_menu.index("spring-second") < since_menu.index("spring-first")
    assert '<option value="spring-first" selected>' in since_menu
    assert "can only be shown for a later wave" not in page
    listing = client.get("/waves/").get_data(as_text=True)
    assert listing.index("Wave spring-second") < listing.index("Wave spring-first")
    refused = client.get("/api/graph?wave=spring-first&since=spring-second")
    assert refused.status_code == 400
