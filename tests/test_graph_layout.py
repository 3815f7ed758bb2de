"""What keeps the map cheap: stored layout, cached JSON, ETags, a fixed number of queries.

Every organization is placed on the server, stored per revision, reused, and laid out
again once after approved data changes, by the layout job (run inline in the tests).
"""

import logging
import math
import random
import statistics
import threading

import sqlalchemy as sa

from app.extensions import db
from app.graph.layout import SIZE, compute_layout, lay_out
from app.models import NodePosition, OrgKind, RelationshipStatus
from app.network import current_revision
from tests import factories
from tests.helpers import count_queries, newest_submission
from tests.moderation_helpers import decide
from tests.test_graph_api import (
    graph,
    involvement,
    partnership,
    publish,
    small_network,
)

LAID_OUT = "Laid out"


def stored() -> dict[int, tuple[float, float, int]]:
    """Return the stored positions as {organization id: (x, y, revision)}."""
    db.session.expire_all()
    rows = db.session.execute(
        sa.select(
            NodePosition.organization_id, NodePosition.x, NodePosition.y, NodePosition.revision
        )
    )
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def node_positions(document: dict) -> dict[int, tuple[float, float]]:
    """Return {organization id: (x, y)} of a graph document's nodes."""
    return {
        int(node["data"]["id"][1:]): (node["position"]["x"], node["position"]["y"])
        for node in document["elements"]["nodes"]
    }


def test_every_organization_gets_a_stored_position_in_range(client, open_wave):
    orgs = small_network(open_wave)
    document = graph(client)
    positions = node_positions(document)
    assert set(positions) == {org.id for org in orgs.values()}
    rows = stored()
    assert set(rows) == set(positions)
    assert {row[2] for row in rows.values()} == {current_revision()}
    for x, y in positions.values():
        assert -SIZE / 2 <= x <= SIZE * 1.5 and -SIZE / 2 <= y <= SIZE * 1.5
    xs = [x for x, _ in positions.values()]
    assert max(xs) - min(xs) > SIZE / 4  # spread out, not piled up
    distinct = {(round(x), round(y)) for x, y in positions.values()}
    assert len(distinct) == len(positions)
    # A filter shows fewer organizations, each in the same place.
    ohio = node_positions(graph(client, "?state=OH"))
    assert ohio and all(positions[org] == place for org, place in ohio.items())


def test_positions_are_reused_while_the_revision_stands(client, open_wave, caplog):
    caplog.set_level(logging.INFO, logger="app")
    orgs = small_network(open_wave)
    graph(client)
    sac = orgs["sac"].id
    db.session.execute(
        sa.update(NodePosition).where(NodePosition.organization_id == sac).values(x=1234.5, y=678.9)
    )
    db.session.commit()
    with count_queries() as statements:
        document = graph(client, "?kind=brigade")  # not cached: built again from the store
    assert node_positions(document)[sac] == (1234.5, 678.9)
    assert not [s for s in statements if s.lstrip().upper().startswith(("INSERT", "DELETE"))]
    assert len([r for r in caplog.records if LAID_OUT in r.getMessage()]) == 1


def test_an_approval_lays_the_network_out_again_once(
    client, auth, moderator, surveys, open_wave, caplog
):
    caplog.set_level(logging.INFO, logger="app")
    orgs = small_network(open_wave)
    graph(client)
    before = stored()
    surveys.partnership(org_name="Code for Newtown", **{"partners-0-name": "Caltrans"})
    submission = newest_submission()
    graph(client, "?kind=government")  # pending answers change nothing
    assert stored() == before
    auth.login()
    assert decide(client, submission.id, "approve", submission.version).status_code == 303
    revision = current_revision()
    assert revision > before[orgs["sac"].id][2]
    for query in ("", "?kind=brigade", "?state=CA"):
        graph(client, query)
    after = stored()
    newtown = newest_submission().organization_id
    assert newtown in after
    assert {row[2] for row in after.values()} == {revision}
    runs = [r for r in caplog.records if LAID_OUT in r.getMessage()]
    assert len(runs) == 2  # once per revision, not once per request


def test_unchanged_organizations_keep_their_places(client, open_wave):
    orgs = small_network(open_wave)
    extra = [factories.make_org(f"Partner {n}", OrgKind.NONPROFIT) for n in range(12)]
    for number, partner in enumerate(extra):
        brigade = orgs["sac"] if number % 2 else orgs["ohio"]
        partnership(open_wave, brigade, [(partner, RelationshipStatus.ACTIVE, "", "")])
    publish()
    first = node_positions(graph(client))
    newcomer = factories.make_org("Code for Later")
    partnership(open_wave, newcomer, [(orgs["uni"], RelationshipStatus.ACTIVE, "", "")])
    publish()
    second = node_positions(graph(client))
    assert set(second) == set(first) | {newcomer.id}
    moves = [math.dist(first[org], second[org]) for org in first]
    assert statistics.median(moves) < SIZE * 0.05


def test_two_layout_jobs_at_once_lay_out_once(app, open_wave, caplog):
    caplog.set_level(logging.INFO, logger="app")
    app.config["LAYOUT_RUNNER"] = "off"  # commits lay nothing out; the jobs below do
    small_network(open_wave)
    start = threading.Barrier(2)
    done = []

    def job():
        """Run the layout job as soon as the other thread is ready too."""
        with app.app_context():
            start.wait()
            done.append(lay_out())

    threads = [threading.Thread(target=job) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(done) == [False, True]
    assert len([r for r in caplog.records if LAID_OUT in r.getMessage()]) == 1


def test_the_layout_is_repeatable_and_handles_tiny_networks():
    org_ids = list(range(1, 9))
    pairs = [(1, 2), (1, 3), (2, 3), (4, 5), (6, 7), (7, 8), (8, 6)]
    first = compute_layout(org_ids, pairs, {})
    assert compute_layout(org_ids, pairs, {}) == first
    assert set(first) == set(org_ids)
    assert compute_layout([], [], {}) == {}
    assert compute_layout([5], [], {}) == {5: (SIZE / 2, SIZE / 2)}
    # Connected organizations end up nearer each other than unconnected ones.
    linked = statistics.mean(math.dist(first[a], first[b]) for a, b in pairs)
    apart = statistics.mean(math.dist(first[1], first[other]) for other in (4, 5, 6, 7, 8))
    assert linked < apart


def test_etag_answers_304_until_the_network_changes(client, open_wave):
    orgs = small_network(open_wave)
    first = client.get("/api/graph?kind=brigade")
    etag = first.headers["ETag"]
    assert etag and "public" in first.headers["Cache-Control"]
    again = client.get("/api/graph?kind=brigade", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    other = client.get("/api/graph?kind=government", headers={"If-None-Match": etag})
    assert other.status_code == 200 and other.headers["ETag"] != etag
    partnership(open_wave, orgs["ohio"], [(orgs["caltrans"], RelationshipStatus.ACTIVE, "", "")])
    publish()
    changed = client.get("/api/graph?kind=brigade", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert changed.get_json()["summary"]["relationships"] == 6


def grow(wave, partners: int) -> None:
    """Store `partners` approved partnerships, each with a learning and an involvement edge."""
    hub = factories.make_org(f"Hub {partners}", OrgKind.NNIP_PARTNER)
    brigades = []
    for number in range(partners):
        # Brigades in a city the gazetteer knows, partners not: places known and unknown
        # alternate, as in real networks.
        brigade = factories.make_org(f"Brigade {partners}-{number}", city="Sacramento", state="CA")
        partner = factories.make_org(f"Partner {partners}-{number}", OrgKind.NONPROFIT)
        interests = [(brigades[-1], None, "")] if brigades else []
        partnership(
            wave, brigade, [(partner, RelationshipStatus.ACTIVE, "", "")], interests=interests
        )
        brigades.append(brigade)
    involvement(wave, hub, brigades)
    publish()


def test_the_query_count_does_not_grow_with_the_network(app, client, open_wave):
    counts = []
    for size in (3, 60):
        grow(open_wave, size)
        client.get("/api/graph")  # lays the network out for this revision
        with count_queries() as cold:
            document = graph(client, "?status=active")  # not cached yet
        with count_queries() as cached:
            graph(client, "?status=active")
        counts.append((len(cold), len(cached)))
        assert document["summary"]["by_type"]["partnership"] >= size
    assert counts[0] == counts[1]
    # the page cache's look at the state, then the build's six, the partnerships' themes
    # (the themes and their links), the network's figures and the organizations' places
    assert counts[0][0] <= 11
    assert counts[0][1] == 1  # the network's state, nothing else


def test_laying_out_costs_the_same_few_queries_at_any_size(app, open_wave):
    app.config["LAYOUT_RUNNER"] = "off"
    counts = []
    for size in (3, 60):
        grow(open_wave, size)
        with count_queries() as statements:
            assert lay_out()
        counts.append(len(statements))
    assert counts[0] == counts[1]
    # state, network reads (the partnerships' themes among them), positions, the network
    # revision's lock, the layout's lock, state again, replace, the figures (waves, delete,
    # one insert per wave and the whole), mark
    assert counts[0] <= 18


def test_a_layout_that_follows_its_old_places_loosely_keeps_the_map_its_size():
    rng = random.Random(7)
    orgs = list(range(1, 301))
    pairs = [(rng.choice(orgs), rng.choice(orgs)) for _ in range(900)]
    # Old places that say little about the new network (as after many changes).
    previous = {org: (rng.uniform(50, 1950), rng.uniform(50, 1950)) for org in orgs}
    placed = list(compute_layout(orgs, pairs, previous).values())
    xs, ys = [x for x, _ in placed], [y for _, y in placed]
    assert max(max(xs) - min(xs), max(ys) - min(ys)) >= 1000  # not shrunk to a dot
    assert min(xs + ys) >= -1000 and max(xs + ys) <= 3000


def test_a_map_stored_shrunk_into_a_corner_is_scaled_to_the_map_again():
    rng = random.Random(8)
    orgs = list(range(1, 201))
    pairs = [(rng.choice(orgs), rng.choice(orgs)) for _ in range(600)]
    first = compute_layout(orgs, pairs, {})
    shrunk = {org: (950 + x / 20, 950 + y / 20) for org, (x, y) in first.items()}  # 100 wide
    placed = list(compute_layout(orgs, pairs, shrunk).values())
    xs, ys = [x for x, _ in placed], [y for _, y in placed]
    assert max(max(xs) - min(xs), max(ys) - min(ys)) >= SIZE / 2
