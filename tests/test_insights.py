"""Network insight: figures of networks worked out by hand, and their history over two waves.

The figures are checked on small networks whose answers anyone can count (a star, a
path, two triangles joined by one go-between, two separate pairs), then end to end: two
brigades answer in one wave, one answers again in the next, a moderator approves each
through the real pages, and the insights page shows both waves' figures side by side.
"""

import json
import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.insights.figures import measure
from app.models import NetworkInsight, OrgKind, RelationshipStatus, SurveyWave, WaveStatus
from tests import factories
from tests.helpers import count_queries, newest_submission, publish
from tests.moderation_helpers import decide
from tests.test_admin_users import post
from tests.test_admin_waves import wave_form
from tests.test_graph_api import partnership

B, GOV, NONPROFIT, UNI = "brigade", "government", "nonprofit", "university"


def test_a_star_has_one_hub_on_every_path():
    kinds = {1: B, 2: GOV, 3: NONPROFIT, 4: GOV, 5: B}
    network, orgs = measure(kinds, [(1, 2), (1, 3), (4, 1), (5, 1)])
    assert network.organizations == 5 and network.relationships == 4
    assert network.density == 0.4  # 4 of the 10 possible pairs
    assert (network.components, network.largest_component) == (1, 5)
    assert network.average_distance == 1.6  # 4 pairs 1 step apart, 6 pairs 2 steps: 16 / 10
    assert orgs[1].betweenness == 1.0 and orgs[1].relationships == 4
    assert all(
        orgs[leaf].betweenness == 0.0 and orgs[leaf].relationships == 1 for leaf in (2, 3, 4, 5)
    )
    assert network.brigades == 2
    assert network.brigades_with_partner["government"] == 50.0  # the hub has; the leaf has not
    assert network.brigades_with_partner["brigade"] == 100.0  # each is the other's partner
    assert network.brigades_with_partner["university"] == 0.0
    assert network.shared_partners == 0  # nobody is related to two brigades


def test_a_path_passes_through_its_middle():
    network, orgs = measure({1: B, 2: GOV, 3: B, 4: NONPROFIT}, [(1, 2), (2, 3), (3, 4)])
    assert network.density == 0.5  # 3 of 6 pairs
    assert network.average_distance == 1.67  # (1 + 2 + 3 + 1 + 2 + 1) / 6
    assert orgs[2].betweenness == 0.6667  # 2 of the 3 pairs of the others: (1, 3), (1, 4)
    assert orgs[1].betweenness == 0.0
    assert network.shared_partners == 1  # the government office works with both brigades


def test_a_large_network_measures_distance_from_a_sample_of_its_largest_part(monkeypatch):
    monkeypatch.setattr("app.insights.figures.EXACT_UP_TO", 0)  # measured as a national one
    pairs = [(1, 2), (2, 3), (3, 4), (5, 6)]  # a path, and a pair apart from it
    network, _ = measure({1: B, 2: GOV, 3: B, 4: NONPROFIT, 5: GOV, 6: B}, pairs)
    assert not network.exact
    assert network.average_distance == 1.67  # every source of the path sampled: (1+2+3+1+2+1) / 6


def test_two_triangles_joined_by_one_go_between():
    pairs = [(1, 2), (2, 3), (1, 3), (5, 6), (6, 7), (5, 7), (3, 4), (4, 5)]
    network, orgs = measure(dict.fromkeys(range(1, 8), GOV), pairs)
    assert network.relationships == 8
    assert network.density == round(8 / 21, 4)
    assert orgs[4].betweenness == 0.6  # all 9 paths between the triangles, of 15 pairs
    assert orgs[3].betweenness == round(8 / 15, 4)  # from 1 and 2 to the four beyond
    assert orgs[1].betweenness == 0.0
    assert network.communities == 2
    assert orgs[1].community == orgs[2].community == orgs[3].community
    assert orgs[5].community == orgs[6].community == orgs[7].community != orgs[1].community


def test_two_separate_pairs():
    network, orgs = measure({1: B, 2: GOV, 3: B, 4: UNI}, [(1, 2), (3, 4), (2, 1)])
    assert network.relationships == 2  # named from both sides, counted once
    assert (network.components, network.largest_component) == (2, 2)
    assert network.average_distance == 1.0
    assert network.density == round(2 / 6, 4)
    assert {orgs[n].component for n in (1, 2)} != {orgs[n].component for n in (3, 4)}
    assert all(figures.betweenness == 0.0 for figures in orgs.values())


@pytest.mark.parametrize(
    ("kinds", "pairs"),
    [({}, []), ({1: B}, []), ({1: B, 2: GOV}, []), ({1: B, 2: GOV}, [(1, 2)])],
    ids=["empty", "one organization", "two apart", "one pair"],
)
def test_small_networks_give_plain_numbers(kinds, pairs):
    network, orgs = measure(kinds, pairs)
    json.dumps(network.as_dict(), allow_nan=False)  # no NaN or infinity anywhere
    json.dumps([list(figures.__dict__.values()) for figures in orgs.values()], allow_nan=False)
    assert network.organizations == len(kinds)
    assert network.communities == (1 if pairs else 0)


def answer(surveys, brigade: str, partners: list[tuple[str, str]]) -> int:
    """Send the partnership survey for `brigade` naming `partners`; return its submission."""
    fields = {}
    for i, (name, kind) in enumerate(partners):
        fields |= {f"partners-{i}-name": name, f"partners-{i}-kind": kind,
                   f"partners-{i}-status": "active", f"partners-{i}-priorities": "",
                   f"partners-{i}-how_built": ""}  # fmt: skip
    response = surveys.partnership(org_name=brigade, org_city="Testville", **fields)
    assert response.status_code == 303, response.get_data(as_text=True)
    return newest_submission().id


def approve_all(client, auth, ids: list[int]) -> None:
    """Approve submissions from their review pages as a moderator."""
    auth.login()
    for submission_id in ids:
        response = decide(client, submission_id, "approve", 1)
        assert response.status_code == 303
    auth.logout()


def history(page: str, figure: str) -> list[tuple[str, str]]:
    """Return (wave, value) rows of one history chart on the insights page."""
    table = re.search(rf'<table class="wave-bars" id="history-{figure}">(.*?)</table>', page, re.S)
    row = r'<th scope="row"><a [^>]+>([^<]+)</a></th>\s*<td class="number">([^<]+)</td>'
    return re.findall(row, table.group(1))


def test_the_history_of_two_waves_through_the_real_pages(client, auth, surveys, open_wave,
                                                         moderator, admin):  # fmt: skip
    first = [
        answer(
            surveys, "Code for Alpha", [("Shared Library", GOV), ("Alpha Food Bank", NONPROFIT)]
        ),
        answer(surveys, "Code for Beta", [("Shared Library", GOV)]),
    ]
    approve_all(client, auth, first)
    page = client.get(f"/waves/{open_wave.slug}/insights").get_data(as_text=True)
    assert "1 organizations are related to two or more brigades" in page  # the library
    assert re.search(r"Shared Library</a>.*?</th>\s*<td class=\"number\">2</td>", page, re.S)

    auth.login("admin@example.org")
    assert post(client, f"/admin/waves/{open_wave.slug}/close").status_code == 303
    assert (
        post(client, "/admin/waves/new", wave_form(name="Next Wave", surveys="both")).status_code
        == 303
    )
    assert post(client, "/admin/waves/next-wave/open").status_code == 303
    auth.logout()
    second = [answer(surveys, "Code for Beta", [("Shared Library", GOV), ("Beta University", UNI)])]
    approve_all(client, auth, second)

    page = client.get("/waves/next-wave/insights").get_data(as_text=True)
    assert history(page, "organizations") == [("Wave current", "4"), ("Next Wave", "3")]
    assert history(page, "relationships") == [("Wave current", "3"), ("Next Wave", "2")]
    assert history(page, "shared_partners") == [("Wave current", "1"), ("Next Wave", "0")]
    assert history(page, "components") == [("Wave current", "1"), ("Next Wave", "1")]
    kept = db.session.scalars(sa.select(NetworkInsight.wave_id)).all()
    waves = db.session.scalars(sa.select(SurveyWave.id)).all()
    assert sorted(kept, key=lambda w: w or 0) == [None, *sorted(waves)]  # each wave, and all
    assert (
        db.session.scalar(sa.select(SurveyWave.status).filter_by(slug="next-wave"))
        is WaveStatus.OPEN
    )


def test_figures_count_approved_answers_only(client, surveys, open_wave):
    answer(surveys, "Code for Pending", [("Pending Partner", GOV)])  # waits for a moderator
    page = client.get(f"/waves/{open_wave.slug}/insights").get_data(as_text=True)
    assert "Pending Partner" not in page and "Code for Pending" not in page
    assert "No approved relationships in this wave." in page or "No figures yet" in page


def test_an_unknown_wave_has_no_insights_page(client):
    assert client.get("/waves/no-such-wave/insights").status_code == 404


def test_the_panel_says_an_organizations_role_in_words(client, open_wave):
    hub = factories.make_org("Code for Hubville")
    partners = [factories.make_org(f"Hubville Office {n}", OrgKind.GOVERNMENT) for n in range(4)]
    active = RelationshipStatus.ACTIVE
    partnership(open_wave, hub, [(partner, active, "", "") for partner in partners])
    publish()
    assert client.get("/api/orgs/code-for-hubville").get_json()["role"] == [
        "A hub: one of the 5 organizations with the most relationships (4).",
        "A go-between: one of the 5 organizations that most often lie on the shortest path "
        "between two others.",
        "In group 1, with 4 other organizations.",
    ]
    with count_queries() as statements:
        assert client.get("/api/orgs/hubville-office-0").get_json()["role"] == [
            "In group 1, with 4 other organizations."
        ]
    # Every organization's figures were read for the first panel, and kept for the next.
    assert not [s for s in statements if "network_insight.organizations" in s]
    newcomer = factories.make_org("Hubville Newcomer", OrgKind.GOVERNMENT)
    partnership(open_wave, hub, [(newcomer, active, "", "")])
    publish()  # figures of a new revision: read afresh
    assert client.get("/api/orgs/hubville-office-0").get_json()["role"] == [
        "In group 1, with 5 other organizations."
    ]
