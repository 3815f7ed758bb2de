"""GET /api/graph: the approved network as Cytoscape.js elements, shaped, filtered, approved only.

The builders at the top are shared with the layout, details and downloads tests.
"""

import csv

from app.demo import SEED_DIR
from app.extensions import db
from app.models import (
    Answer3,
    Continuity,
    InvolvementAnswer,
    InvolvementChoice,
    InvolvementLevel,
    LearningInterest,
    LocalGroupAnswer,
    OrgKind,
    OrgStatus,
    PartnershipAnswer,
    RelationshipStatus,
    Submission,
    SubmissionStatus,
    SurveyKind,
)
from app.names import name_key
from tests import factories
from tests.helpers import newest_submission, publish

APPROVED = SubmissionStatus.APPROVED
HIDDEN = [
    SubmissionStatus.PENDING,
    SubmissionStatus.CHANGES_REQUESTED,
    SubmissionStatus.REJECTED,
    SubmissionStatus.UNPUBLISHED,
    SubmissionStatus.SUPERSEDED,
]


def _submission(wave, org, kind: SurveyKind, status, email) -> Submission:
    """Start a submission of survey `kind`, with a contact when `email` is given."""
    contact = {"contact_name": "Pat Contact", "contact_email": email} if email else {}
    return Submission(wave=wave, survey_kind=kind, organization=org, status=status, **contact)


def _store(submission: Submission) -> Submission:
    """Save a submission and return it."""
    db.session.add(submission)
    db.session.commit()
    return submission


def partnership(wave, org, partners, *, status=APPROVED, interests=(), email=None) -> Submission:
    """Store a partnership submission; `partners` holds (partner, status, priorities, how built).

    `interests` holds (organization, its partner or None, note) per learning interest.
    """
    submission = _submission(wave, org, SurveyKind.PARTNERSHIP, status, email)
    for position, (partner, relationship, priorities, how_built) in enumerate(partners):
        answer = PartnershipAnswer(position=position, partner=partner, status=relationship)
        answer.priorities, answer.how_built = priorities, how_built
        submission.partnerships.append(answer)
    for position, (named, its_partner, note) in enumerate(interests):
        submission.learning_interests.append(
            LearningInterest(position=position, organization=named, partner=its_partner, note=note)
        )
    return _store(submission)


def involvement(wave, org, groups, *, status=APPROVED, choices=(), email=None) -> Submission:
    """Store an involvement submission naming `groups`; `choices` holds (topic, choice, detail)."""
    submission = _submission(wave, org, SurveyKind.INVOLVEMENT, status, email)
    submission.involvement = InvolvementAnswer(level=InvolvementLevel.EXTENSIVE, staff_count=2)
    submission.involvement.provided_assistance = True
    submission.involvement.wants_stronger_relationship = Answer3.YES
    for topic, choice, detail in choices:
        submission.involvement_choices.append(
            InvolvementChoice(topic=topic, choice=choice, detail=detail)
        )
    for position, group in enumerate(groups):
        submission.local_groups.append(LocalGroupAnswer(position=position, organization=group))
    return _store(submission)


def small_network(wave) -> dict:
    """Store a network with each kind of relationship; return its organizations by short name."""
    orgs = {
        "sac": factories.make_org("Code for Sacramento", city="Sacramento", state="CA"),
        "ohio": factories.make_org("Open Columbus", city="Columbus", state="OH"),
        "caltrans": factories.make_org("Caltrans", OrgKind.GOVERNMENT, state="CA"),
        "library": factories.make_org("Columbus Library", OrgKind.GOVERNMENT, state="OH"),
        "uni": factories.make_org("State University", OrgKind.UNIVERSITY, state="OH"),
        "nnip": factories.make_org("Data Collaborative", OrgKind.NNIP_PARTNER, state="CA"),
    }
    active, past = RelationshipStatus.ACTIVE, RelationshipStatus.PAST
    caltrans = (orgs["caltrans"], active, "Open data", "Joined work groups")
    library = (orgs["library"], active, "Digital literacy", "Classes")
    learn = (orgs["ohio"], orgs["library"], "")
    partnership(wave, orgs["sac"], [caltrans], interests=[learn])
    partnership(wave, orgs["ohio"], [library, (orgs["uni"], past, "", "")])
    involvement(wave, orgs["nnip"], [orgs["sac"]])
    publish()
    return orgs


def two_triangles(wave) -> None:
    """Store two triangles of partnerships joined by Bridge Collaborative (in NY).

    Its largest group is the bridge and the triangle it joins first: 4 of 7 organizations.
    """
    active = RelationshipStatus.ACTIVE

    def org(name, state):
        return factories.make_org(name, OrgKind.NONPROFIT, state=state)

    a = [org(f"West {n}", "CA") for n in (1, 2, 3)]
    b = [org(f"East {n}", "MA") for n in (1, 2, 3)]
    bridge = org("Bridge Collaborative", "NY")
    for one, two, three in (a, b):
        partnership(wave, one, [(two, active, "", ""), (three, active, "", "")])
        partnership(wave, two, [(three, active, "", "")])
    partnership(wave, bridge, [(a[2], active, "", ""), (b[0], active, "", "")])
    publish()


def graph(client, query: str = "") -> dict:
    """Return the /api/graph document for `query`, checking it answered 200."""
    response = client.get(f"/api/graph{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def labels(document: dict) -> set[str]:
    """Return the labels of the nodes of a graph document."""
    return {node["data"]["label"] for node in document["elements"]["nodes"]}


def test_elements_have_the_documented_shape(client, open_wave):
    orgs = small_network(open_wave)
    document = graph(client)
    assert set(document) == {
        "elements", "summary", "filters", "figures", "revision", "themes", "opening_group"
    }  # fmt: skip
    assert document["opening_group"] is False  # the whole view
    assert document["themes"] == {}  # no answer here ticks a theme
    nodes = {node["data"]["label"]: node for node in document["elements"]["nodes"]}
    assert set(nodes) == {org.name for org in orgs.values()}
    sac = nodes["Code for Sacramento"]
    assert sac["data"] == {
        "id": f"o{orgs['sac'].id}",
        "label": "Code for Sacramento",
        "kind": "brigade",
        "kind_label": "Civic tech group (brigade)",
        "city": "Sacramento",
        "state": "CA",
        "slug": "code-for-sacramento",
        "degree": 3,
        "waves": ["current"],
        # Between Caltrans and the data collaborative: 1 of the 10 pairs of the others.
        "betweenness": 0.1,
        "community": sac["data"]["community"],
        "component": 1,
        "place": sac["data"]["place"],
        "themes": [],
        "answered": True,  # its details come from its own answers
    }
    assert "answered" not in nodes["Caltrans"]["data"]  # only named by others
    assert sac["data"]["community"] in (1, 2)
    latitude, longitude = sac["data"]["place"]  # Sacramento, found offline by the layout job
    assert abs(latitude - 38.58) < 0.1 and abs(longitude + 121.49) < 0.1
    caltrans = nodes["Caltrans"]["data"]
    assert caltrans["place"] is None and caltrans["state"] == "CA"  # the state's middle
    assert document["figures"]["organizations"] == 6
    assert document["figures"]["relationships"] == 4  # the learning interest is a wish
    assert document["figures"]["components"] == 2
    assert set(sac["position"]) == {"x", "y"}
    assert all(isinstance(value, float) for value in sac["position"].values())
    edges = {edge["data"]["type"]: edge["data"] for edge in document["elements"]["edges"]}
    assert edges["learning"]["source"] == f"o{orgs['sac'].id}"
    assert edges["learning"]["target"] == f"o{orgs['ohio'].id}"
    assert edges["learning"]["status"] is None and edges["learning"]["id"].startswith("l")
    assert edges["involvement"]["source"] == f"o{orgs['nnip'].id}"
    assert edges["involvement"]["target"] == f"o{orgs['sac'].id}"
    assert edges["involvement"]["id"].startswith("i")
    statuses = sorted(
        e["data"]["status"]
        for e in document["elements"]["edges"]
        if e["data"]["type"] == "partnership"
    )
    assert statuses == ["active", "active", "past"]
    assert all(e["data"]["wave"] == "current" for e in document["elements"]["edges"])
    assert document["summary"] == {
        "organizations": 6,
        "brigades": 2,
        "other_organizations": 4,
        "relationships": 5,
        "by_type": {"partnership": 3, "learning": 1, "involvement": 1},
        "waves": ["Wave current"],
        "changes": None,
    }
    assert document["filters"] == {
        "wave": None,
        "since": None,
        "kind": [],
        "state": [],
        "status": [],
        "theme": [],
        "confirmed": False,
    }
    assert document["revision"] == 2


def test_each_filter_narrows_the_network(client, open_wave):
    orgs = small_network(open_wave)
    older = factories.make_wave(slug="older")
    partnership(older, orgs["sac"], [(orgs["uni"], RelationshipStatus.PROSPECTIVE, "", "")])
    publish()
    everything = graph(client)
    assert everything["summary"]["relationships"] == 6
    by_wave = graph(client, "?wave=older")
    assert labels(by_wave) == {"Code for Sacramento", "State University"}
    assert by_wave["summary"]["waves"] == ["Wave older"]
    assert by_wave["filters"]["wave"] == "older"
    # kind: relationships with an end of that kind, and their other ends
    universities = graph(client, "?kind=university")
    assert labels(universities) == {"Open Columbus", "State University", "Code for Sacramento"}
    nnip_or_uni = graph(client, "?kind=nnip_partner,university")
    assert graph(client, "?kind=nnip_partner&kind=university") == nnip_or_uni
    assert "Data Collaborative" in labels(nnip_or_uni)
    # state: an end in that state
    ohio = graph(client, "?state=oh")
    assert "Caltrans" not in labels(ohio) and "Columbus Library" in labels(ohio)
    assert ohio["filters"]["state"] == ["OH"]
    # status: partnerships in that status; other relationships stay
    past = graph(client, "?status=past")
    types = {e["data"]["type"] for e in past["elements"]["edges"]}
    assert types == {"partnership", "learning", "involvement"}
    statuses = {e["data"]["status"] for e in past["elements"]["edges"]} - {None}
    assert statuses == {"past"}
    assert "Caltrans" not in labels(past)
    degree = {n["data"]["label"]: n["data"]["degree"] for n in past["elements"]["nodes"]}
    assert degree["Code for Sacramento"] == 2  # learning and involvement only


def test_an_organization_with_no_relationship_shows_when_it_matches(client, open_wave):
    small_network(open_wave)
    loner = factories.make_org("Lone Brigade", state="TX")
    partnership(open_wave, loner, [])
    publish()
    assert "Lone Brigade" in labels(graph(client))
    assert "Lone Brigade" in labels(graph(client, "?state=TX&kind=brigade"))
    assert "Lone Brigade" not in labels(graph(client, "?state=OH"))
    assert "Lone Brigade" not in labels(graph(client, "?kind=government"))


def test_an_organization_whose_only_partnership_ended_is_drawn_alone(client, open_wave):
    brigade = factories.make_org("Code for Endings")
    former = factories.make_org("Former Partner", OrgKind.NONPROFIT)
    answer = partnership(open_wave, brigade, [(former, RelationshipStatus.PAST, "", "")])
    answer.partnerships[0].continuity = Continuity.ENDED
    publish()
    document = graph(client)
    assert {"Code for Endings", "Former Partner"} <= labels(document)
    assert document["elements"]["edges"] == []  # an ended partnership is no relationship


def test_unknown_filter_values_get_400_with_each_problem(client, open_wave):
    response = client.get("/api/graph?kind=castle&state=ZZ&status=maybe&wave=1999")
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"]
    assert len(body["problems"]) == 4
    assert any("castle" in problem for problem in body["problems"])


def test_only_approved_data_and_no_contact_reaches_the_graph(client, surveys, open_wave):
    secrets = []
    for status in HIDDEN:
        marker = f"HIDDEN{status.value.upper()}MARK"
        response = surveys.partnership(
            org_name=f"Org {marker}",
            contact_email=f"{status.value}@hidden.example",
            **{"partners-0-name": f"Partner {marker}", "interests-0": f"Interest {marker}"},
        )
        assert response.status_code == 303
        hidden = newest_submission()
        hidden.status = status
        for org in (hidden.organization, hidden.partnerships[0].partner):
            org.status = OrgStatus.APPROVED  # even reviewed names stay out with their answers
        db.session.commit()
        secrets += [marker, f"{status.value}@hidden.example"]
    surveys.partnership(
        org_name="Org SHOWNMARK",
        contact_email="shown@hidden.example",
        **{"partners-0-name": "Partner SHOWNMARK"},
    )
    shown = newest_submission()
    shown.status = APPROVED
    shown.organization.status = OrgStatus.APPROVED
    db.session.commit()  # its partner is still pending review: not public
    publish()
    body = client.get("/api/graph").get_data(as_text=True)
    assert [secret for secret in secrets if secret in body] == []
    assert "shown@hidden.example" not in body and "Pat Contact" not in body
    assert "Org SHOWNMARK" in body
    assert "Partner SHOWNMARK" not in body


def test_names_with_markup_come_through_as_literal_text(client, open_wave):
    brigade = factories.make_org("Code for Quotes")
    partner = factories.make_org('<img src=x onerror=alert(1)> & "Friends"', OrgKind.NONPROFIT)
    factories.make_partnership(open_wave, brigade, partner)
    publish()
    assert '<img src=x onerror=alert(1)> & "Friends"' in labels(graph(client))


def test_demo_data_summary_for_the_2022_wave(client, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    partners = set()
    for name in ("partnerships-2022.csv", "answers-2022.csv"):
        with open(SEED_DIR / name, newline="", encoding="utf-8") as handle:
            partners |= {name_key(row["partner"]) for row in csv.DictReader(handle)}
    document = graph(client, "?wave=2022-partner-constellation")
    summary = document["summary"]
    assert summary["brigades"] == 53
    assert summary["other_organizations"] == len(partners)
    assert summary["by_type"]["partnership"] == 58
    assert summary["waves"] == ["2022 Partner Constellation"]
    sacramento = next(
        n for n in document["elements"]["nodes"] if n["data"]["label"] == "Code for Sacramento"
    )
    assert sacramento["data"]["degree"] == 2
    prospective = graph(client, "?status=prospective")
    assert prospective["summary"]["by_type"]["partnership"] >= 1


def test_the_opening_view_holds_only_the_largest_group(app, client, open_wave):
    app.config["MAP_GROUP_VIEW_FROM"] = 5  # "large" from 5 organizations, before publishing
    two_triangles(open_wave)
    whole = graph(client)
    opening = graph(client, "?view=opening")
    assert len(whole["elements"]["nodes"]) == 7 and whole["opening_group"] is False
    assert len(opening["elements"]["nodes"]) == 4 and opening["opening_group"] is True
    assert {n["data"]["community"] for n in opening["elements"]["nodes"]} == {1}
    group = labels(opening)
    assert "Bridge Collaborative" in group
    assert group in ({"Bridge Collaborative", "West 1", "West 2", "West 3"},
                     {"Bridge Collaborative", "East 1", "East 2", "East 3"})  # fmt: skip
    # The relationships between them alone: their triangle and the bridge's one tie to it.
    ends = {e["data"]["id"]: (e["data"]["source"], e["data"]["target"])
            for e in opening["elements"]["edges"]}  # fmt: skip
    assert len(ends) == 4
    ids = {n["data"]["id"] for n in opening["elements"]["nodes"]}
    assert all(source in ids and target in ids for source, target in ends.values())
    # Its summary counts the whole view, for "4 of 7 organizations".
    assert opening["summary"] == whole["summary"]
    assert opening["summary"]["organizations"] == 7
    # A filtered view is sized the same way: only nonprofits, all 7, opens on the group.
    assert labels(graph(client, "?view=opening&kind=nonprofit")) == group


def test_a_network_smaller_than_large_opens_whole(app, client, open_wave):
    app.config["MAP_GROUP_VIEW_FROM"] = 8
    two_triangles(open_wave)
    opening = graph(client, "?view=opening")
    assert len(opening["elements"]["nodes"]) == 7
    assert opening["opening_group"] is False


def test_an_unknown_view_gets_400_with_a_message(client, open_wave):
    small_network(open_wave)
    response = client.get("/api/graph?view=everything&kind=castle")
    assert response.status_code == 400
    problems = response.get_json()["problems"]
    assert len(problems) == 2
    assert any("Unknown view 'everything'" in problem for problem in problems)


def test_the_compact_form_holds_the_same_document_as_columns(client, open_wave):
    small_network(open_wave)
    default = graph(client)
    compact = graph(client, "?format=compact")
    assert compact["format"] == "compact"
    assert compact["nodes"]["count"] == len(default["elements"]["nodes"])
    assert compact["edges"]["count"] == len(default["elements"]["edges"])
    rest = {key: value for key, value in default.items() if key != "elements"}
    assert {key: compact[key] for key in rest} == rest  # summary, filters… as they are
    # Each repeated string once; a relationship's ends are places in the nodes' columns.
    assert len(compact["strings"]) == len(set(compact["strings"]))
    fields = {column["name"]: column for column in compact["edges"]["fields"]}
    assert fields["source"]["kind"] == "node"
    ids = [node["data"]["id"] for node in default["elements"]["nodes"]]
    assert [ids[place] for place in fields["source"]["values"]] == [
        edge["data"]["source"] for edge in default["elements"]["edges"]
    ]
    kinds = next(c for c in compact["nodes"]["fields"] if c["name"] == "kind")
    assert [compact["strings"][place] for place in kinds["values"]] == [
        node["data"]["kind"] for node in default["elements"]["nodes"]
    ]


def test_the_compact_form_has_its_own_entity_tag(client, open_wave):
    small_network(open_wave)
    default = client.get("/api/graph")
    compact = client.get("/api/graph?format=compact")
    assert default.headers["ETag"] != compact.headers["ETag"]
    tag = compact.headers["ETag"]
    again = client.get("/api/graph?format=compact", headers={"If-None-Match": tag})
    assert again.status_code == 304


def test_an_unknown_format_gets_400_with_a_message(client, open_wave):
    small_network(open_wave)
    response = client.get("/api/graph?format=columns")
    assert response.status_code == 400
    assert response.get_json()["problems"] == ["Unknown format 'columns'; known: compact."]
    spanish = client.get("/api/graph?format=columns", headers={"Accept-Language": "es"})
    assert spanish.get_json()["problems"] == [
        "Formato desconocido 'columns'; los conocidos: compact."
    ]
