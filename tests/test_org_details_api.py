"""GET /api/orgs/<slug> and /api/edges/<id>: the map's side panel, from approved answers only."""

from app.models import InvolvementTopic, OrgKind, OrgStatus, RelationshipStatus, SubmissionStatus
from tests import factories
from tests.helpers import count_queries, publish
from tests.test_graph_api import involvement, partnership, small_network

ACTIVE = RelationshipStatus.ACTIVE


def details(client, slug: str) -> dict:
    """Return the details of a public organization, checking it answered 200."""
    response = client.get(f"/api/orgs/{slug}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_a_brigade_shows_its_partnerships_from_both_sides(client, open_wave):
    orgs = small_network(open_wave)
    sac = details(client, "code-for-sacramento")
    assert {key: sac[key] for key in ("name", "kind", "kind_label", "city", "state", "url")} == {
        "name": "Code for Sacramento",
        "kind": "brigade",
        "kind_label": "Civic tech group (brigade)",
        "city": "Sacramento",
        "state": "CA",
        "url": "/orgs/code-for-sacramento",
    }
    assert "website" in sac
    [answer] = sac["partnerships"]
    assert answer["side"] == "submitter"
    assert answer["organization"]["name"] == "Caltrans"
    assert answer["organization"]["kind"] == "government"
    assert (answer["status"], answer["status_label"]) == ("active", "Active")
    assert answer["wave"] == {"slug": "current", "name": "Wave current"}
    assert (answer["priorities"], answer["how_built"]) == ("Open data", "Joined work groups")
    assert answer["id"].startswith("p")
    caltrans = details(client, orgs["caltrans"].slug)
    assert caltrans["partnerships"][0]["side"] == "partner"
    assert caltrans["partnerships"][0]["organization"]["name"] == "Code for Sacramento"
    assert caltrans["similar"] == []  # only brigades get the comparison


def test_learning_interests_and_involvement_show_on_both_ends(client, open_wave):
    orgs = small_network(open_wave)
    sac = details(client, "code-for-sacramento")
    [interest] = sac["learning_interests"]
    assert interest["organization"]["name"] == "Open Columbus"
    assert interest["partner"]["name"] == "Columbus Library"
    assert interest["id"].startswith("l")
    [named_by] = sac["named_by_intermediaries"]
    assert named_by["organization"]["name"] == "Data Collaborative"
    ohio = details(client, orgs["ohio"].slug)
    [learner] = ohio["learners"]
    assert learner["learner"]["name"] == "Code for Sacramento"
    library = details(client, orgs["library"].slug)
    assert [item["learner"]["name"] for item in library["learners"]] == ["Code for Sacramento"]


def test_an_intermediary_shows_its_involvement_answers(client, open_wave):
    brigade = factories.make_org("Code for Testville")
    nnip = factories.make_org("Testville Data", OrgKind.NNIP_PARTNER)
    choices = [
        (InvolvementTopic.ASSISTANCE, "data", ""),
        (InvolvementTopic.ASSISTANCE, "other", "Hosted a hack night"),
        (InvolvementTopic.BARRIER, "no_leadership", ""),
        (InvolvementTopic.EVENT, "cfa_summit", ""),
    ]
    involvement(open_wave, nnip, [brigade], choices=choices)
    publish()
    [answer] = details(client, nnip.slug)["involvement"]
    assert answer["level"] == "extensive"
    assert answer["level_label"] == "Extensive involvement with a local group"
    assert answer["provided_assistance"] is True
    assert answer["assistance"] == ["Data", "Other: Hosted a hack night"]
    assert answer["barriers"] == ["Lack of group leadership"]
    assert answer["events"] == ["Code for America Summit"]
    assert answer["wants_stronger_relationship"] == "yes"
    assert answer["wants_stronger_relationship_label"] == "Yes"
    assert [group["name"] for group in answer["local_groups"]] == ["Code for Testville"]


def test_similar_brigades_rank_shared_partners_before_shared_kinds(client, open_wave):
    me = factories.make_org("Code for Me")
    county = factories.make_org("Big County", OrgKind.GOVERNMENT)
    college = factories.make_org("Town College", OrgKind.UNIVERSITY)
    both = factories.make_org("Code for Both")
    kind_only = factories.make_org("Code for Kinds")
    stranger = factories.make_org("Code for Strangers")
    partnership(open_wave, me, [(county, ACTIVE, "", ""), (college, ACTIVE, "", "")])
    partnership(open_wave, both, [(county, ACTIVE, "", ""), (college, ACTIVE, "", "")])
    partnership(
        open_wave,
        kind_only,
        [(factories.make_org("Other County", OrgKind.GOVERNMENT), ACTIVE, "", "")],
    )
    partnership(
        open_wave, stranger, [(factories.make_org("A Shop", OrgKind.BUSINESS), ACTIVE, "", "")]
    )
    publish()
    similar = details(client, me.slug)["similar"]
    assert [item["name"] for item in similar] == ["Code for Both", "Code for Kinds"]
    assert [p["name"] for p in similar[0]["shared_partners"]] == ["Big County", "Town College"]
    assert similar[1]["shared_partners"] == []
    assert similar[1]["shared_kinds"] == [{"kind": "government", "label": "Government"}]
    assert similar[0]["url"] == "/orgs/code-for-both"


def test_brigades_are_compared_on_partnerships_read_once_per_published_state(client, open_wave):
    me, you = factories.make_org("Code for Me"), factories.make_org("Code for You")
    county = factories.make_org("Big County", OrgKind.GOVERNMENT)
    partnership(open_wave, me, [(county, ACTIVE, "", "")])
    partnership(open_wave, you, [(county, ACTIVE, "", "")])
    publish()
    with count_queries() as first:
        details(client, me.slug)
    with count_queries() as second:
        assert [item["name"] for item in details(client, you.slug)["similar"]] == ["Code for Me"]
    everyone = [s for s in first + second if "!= partnership_answer.partner_id" in s]
    assert len(everyone) == 1  # the second brigade's panel reuses the first one's reading
    newcomer = factories.make_org("Code for Newcomers")
    partnership(open_wave, newcomer, [(county, ACTIVE, "", "")])
    publish()  # a new state: read afresh
    assert [item["name"] for item in details(client, me.slug)["similar"]] == [
        "Code for Newcomers",
        "Code for You",
    ]


def test_markup_in_names_and_answers_is_returned_as_literal_text(client, open_wave):
    brigade = factories.make_org("Code for <b>Bold</b>")
    partner = factories.make_org("<img src=x onerror=alert(1)>", OrgKind.NONPROFIT)
    partnership(open_wave, brigade, [(partner, ACTIVE, "<script>x()</script>", "a & b")])
    publish()
    body = details(client, brigade.slug)
    assert body["name"] == "Code for <b>Bold</b>"
    answer = body["partnerships"][0]
    assert answer["organization"]["name"] == "<img src=x onerror=alert(1)>"
    assert (answer["priorities"], answer["how_built"]) == ("<script>x()</script>", "a & b")


def test_unknown_and_unpublished_organizations_are_404(client, open_wave):
    small_network(open_wave)
    pending = factories.make_org("Code for Pending", status=OrgStatus.PENDING)
    partnership(open_wave, pending, [])
    waiting = factories.make_org("Code for Waiting")  # reviewed, but only in a pending answer
    partnership(open_wave, waiting, [], status=SubmissionStatus.PENDING)
    publish()
    for slug in ("no-such-org", pending.slug, waiting.slug, "x" * 300):
        response = client.get(f"/api/orgs/{slug}")
        assert response.status_code == 404
        assert response.is_json and response.get_json()["error"]


def test_unapproved_answers_and_contacts_never_show(client, open_wave):
    orgs = small_network(open_wave)
    for status in (
        SubmissionStatus.PENDING,
        SubmissionStatus.REJECTED,
        SubmissionStatus.UNPUBLISHED,
    ):
        partnership(
            open_wave,
            orgs["sac"],
            [(orgs["uni"], ACTIVE, f"SECRET {status.value}", "SECRET")],
            interests=[(orgs["library"], None, "SECRET note")],
            status=status,
            email=f"{status.value}@hidden.example",
        )
        involvement(
            open_wave,
            orgs["nnip"],
            [orgs["ohio"]],
            status=status,
            email=f"{status.value}-nnip@hidden.example",
        )
    publish()
    for org in orgs.values():
        body = client.get(f"/api/orgs/{org.slug}").get_data(as_text=True)
        assert "SECRET" not in body and "hidden.example" not in body and "Pat Contact" not in body
    assert len(details(client, "code-for-sacramento")["partnerships"]) == 1


def edge(client, edge_id: str):
    """Return the response of /api/edges/<edge_id>."""
    return client.get(f"/api/edges/{edge_id}")


def test_each_kind_of_edge_describes_its_relationship(client, open_wave):
    small_network(open_wave)
    document = client.get("/api/graph").get_json()
    ids = {e["data"]["type"]: e["data"]["id"] for e in document["elements"]["edges"]}
    first = next(
        e["data"]["id"] for e in document["elements"]["edges"] if e["data"]["type"] == "partnership"
    )
    partnership_edge = edge(client, first).get_json()
    assert partnership_edge["type"] == "partnership"
    assert partnership_edge["source"]["name"] == "Code for Sacramento"
    assert partnership_edge["target"]["name"] == "Caltrans"
    assert partnership_edge["priorities"] == "Open data"
    assert partnership_edge["how_built"] == "Joined work groups"
    assert partnership_edge["status"] == "active"
    assert partnership_edge["wave"]["name"] == "Wave current"
    learning = edge(client, ids["learning"]).get_json()
    assert learning["target"]["name"] == "Open Columbus"
    assert learning["partner"]["name"] == "Columbus Library"
    assert learning["status"] is None
    involved = edge(client, ids["involvement"]).get_json()
    assert involved["source"]["name"] == "Data Collaborative"
    assert involved["involvement"]["level"] == "extensive"


def test_edges_that_are_not_public_are_404(client, open_wave):
    orgs = small_network(open_wave)
    hidden = partnership(
        open_wave, orgs["sac"], [(orgs["uni"], ACTIVE, "", "")], status=SubmissionStatus.REJECTED
    )
    unreviewed = factories.make_org("Unreviewed Partner", status=OrgStatus.PENDING)
    half = partnership(open_wave, orgs["ohio"], [(unreviewed, ACTIVE, "", "")])
    publish()
    for edge_id in (
        f"p{hidden.partnerships[0].id}",
        f"p{half.partnerships[0].id}",
        "p999999",
        "x12",
        "p",
        "p1.5",
        "l999999",
        "i999999",
    ):
        response = edge(client, edge_id)
        assert response.status_code == 404, edge_id
        assert response.get_json()["error"]
