"""Where each organization sits on the map: laid out in the background, stored per revision.

A force layout is the costly part of drawing a network, so the whole public network
is laid out once per revision by a background job (igraph's Fruchterman-Reingold,
started from the stored positions so that organizations that did not change stay where
people last saw them), scaled to about 0..SIZE, and kept in node_position. Requests
only read the stored positions (positions_for); they never lay out or write.
"""

import math
import random
import threading

import igraph
import sqlalchemy as sa
from flask import current_app

from app.buildmemo import BuildMemo, collector_paused
from app.extensions import db
from app.graph.build import Network, load_network
from app.graph.packing import pack
from app.graph.places import city_point
from app.insights.store import compute_insights, save_insights
from app.models import NodePosition
from app.network import lock_network_revision, mark_laid_out, network_state

SIZE = 2000.0
MARGIN = 50.0
RANDOM_SEED = 2022
# Fruchterman-Reingold in igraph settles with edges about this long (measured), so a
# network of n organizations spans roughly NATURAL_SPREAD * sqrt(n) layout units.
NATURAL_SPREAD = 1.8
# igraph's grid variant is faster but loses most of a seeded layout: only for big networks.
GRID_FROM = 3000
ADVISORY_LOCK_KEY = 7_460_211  # any constant: names the layout lock on PostgreSQL

_process_lock = threading.Lock()

Point = tuple[float, float]


def lay_out(memo: BuildMemo | None = None) -> bool:
    """Lay the public network out for its current revision, unless that is done already.

    This is the layout job: it runs in the background (app/graph/jobs.py), never in a
    visitor's request. Only one runs at a time (threads here, processes through a
    database lock); one that finds the work done returns False. The network it reads
    is kept in `memo`, for the documents the publishing job then builds of it.
    """
    with _process_lock, collector_paused():
        if _up_to_date():
            return False
        # Computed from one consistent read, before the write lock is taken: at 10,000
        # organizations this is seconds of work, during which others must be able to write.
        state = network_state()
        network = memo.get("network", load_network) if memo else load_network()
        positions = compute_layout(sorted(network.orgs), network.pairs(), _points(_stored()))
        figures = compute_insights(network)  # the same job keeps the network's figures
        db.session.rollback()
        lock_network_revision()  # before the positions are written: one lock order
        _hold_database_lock()
        if network_state().laid_out >= state.revision:
            db.session.commit()  # another process did it meanwhile; releases the lock
            return False
        # Kept for the revision they were computed from: if the network changed since,
        # that change asked for another layout, which will find this one behind.
        _replace(positions, state.revision, network)
        save_insights(figures, state.revision)
        mark_laid_out(state.revision)
        db.session.commit()
    current_app.logger.info(
        "Laid out %d organizations for network revision %d", len(positions), state.revision
    )
    return True


def _up_to_date() -> bool:
    """Tell whether the stored layout is that of the current revision."""
    state = network_state()
    db.session.rollback()  # read again after the lock, not from this transaction's snapshot
    return state.laid_out >= state.revision


def positions_for(network: Network) -> dict[int, Point]:
    """Return a place for every public organization, reading only what is stored.

    An organization the last layout did not know yet is placed provisionally beside
    the organizations it is related to (or, with none placed, on a ring around the
    map), until the next layout job places it for good.
    """
    placed = _points(_stored())
    missing = [org for org in sorted(network.orgs) if org not in placed]
    if not missing:
        return {org: placed[org] for org in network.orgs}
    neighbours = _neighbours(network, missing)
    for _ in range(2):  # twice: a newcomer may be related only to another newcomer
        for org in missing:
            near = [placed[other] for other in neighbours[org] if other in placed]
            if org not in placed and near:
                placed[org] = _beside(org, near)
    for org in missing:
        placed.setdefault(org, _on_ring(org))
    return {org: placed[org] for org in network.orgs}


def _neighbours(network: Network, among: list[int]) -> dict[int, list[int]]:
    """Return the organizations each of `among` is related to."""
    neighbours: dict[int, list[int]] = {org: [] for org in among}
    for a, b in network.pairs():
        if a in neighbours:
            neighbours[a].append(b)
        if b in neighbours:
            neighbours[b].append(a)
    return neighbours


def _beside(org: int, near: list[Point]) -> Point:
    """Return a place next to the middle of `near`, a little apart for each organization."""
    angle = (org * 2.399963) % (2 * math.pi)  # the golden angle spreads neighbours out
    x = sum(point[0] for point in near) / len(near) + 25 * math.cos(angle)
    y = sum(point[1] for point in near) / len(near) + 25 * math.sin(angle)
    return (x, y)


def _on_ring(org: int) -> Point:
    """Return a place on a ring just inside the map's edge, by organization id."""
    angle = (org * 2.399963) % (2 * math.pi)
    radius = SIZE / 2 - MARGIN
    return (SIZE / 2 + radius * math.cos(angle), SIZE / 2 + radius * math.sin(angle))


def _stored() -> dict[int, tuple[float, float, int]]:
    """Read the stored positions as {organization id: (x, y, revision)}."""
    rows = db.session.execute(
        sa.select(
            NodePosition.organization_id, NodePosition.x, NodePosition.y, NodePosition.revision
        )
    )
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def _points(stored: dict) -> dict[int, Point]:
    """Drop the revisions from stored positions."""
    return {org: (row[0], row[1]) for org, row in stored.items()}


def _hold_database_lock() -> None:
    """Keep other processes from laying out at the same time, until this transaction ends."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.select(sa.func.pg_advisory_xact_lock(ADVISORY_LOCK_KEY)))
    else:
        # SQLite lets one connection write at a time; any write statement takes that
        # lock until commit, and a second writer waits for it (the busy timeout).
        db.session.execute(sa.delete(NodePosition).where(NodePosition.revision < 0))


def _replace(positions: dict[int, Point], revision: int, network: Network) -> None:
    """Store `positions` (and each city's place) for `revision` in place of every one stored."""
    db.session.execute(sa.delete(NodePosition))
    rows = []
    for org, (x, y) in positions.items():
        where = network.orgs[org]
        latitude, longitude = city_point(where.city, where.state) or (None, None)
        rows.append({"organization_id": org, "x": x, "y": y, "revision": revision,
                     "latitude": latitude, "longitude": longitude})  # fmt: skip
    if rows:
        # render_nulls: rows with and without a place go in one batch, not one per run of
        # alike rows (the ORM otherwise leaves None out, and splits the batch there).
        db.session.execute(sa.insert(NodePosition).execution_options(render_nulls=True), rows)


def stored_places() -> dict[int, tuple[float, float]]:
    """Return the (latitude, longitude) of the city of each organization known to have one."""
    rows = db.session.execute(
        sa.select(
            NodePosition.organization_id, NodePosition.latitude, NodePosition.longitude
        ).where(NodePosition.latitude.is_not(None))
    )
    # A city's place has both coordinates or neither.
    return {org_id: (lat, lon) for org_id, lat, lon in rows if lat is not None and lon is not None}


def compute_layout(
    org_ids: list[int], pairs: list[tuple[int, int]], previous: dict[int, Point]
) -> dict[int, Point]:
    """Lay out the organizations and their relationships; keep `previous` places if possible."""
    if not org_ids:
        return {}
    if len(org_ids) == 1:
        return {org_ids[0]: (SIZE / 2, SIZE / 2)}
    index = {org: number for number, org in enumerate(org_ids)}
    edges = sorted(
        {
            (min(index[a], index[b]), max(index[a], index[b]))
            for a, b in pairs
            if a in index and b in index and a != b
        }
    )
    graph = igraph.Graph(n=len(org_ids), edges=edges)
    parts = [list(part) for part in graph.connected_components()]
    raw: list[Point] = [(0.0, 0.0)] * len(org_ids)
    for part in parts:  # each on its own, so that a change in one leaves the others be
        ids = [org_ids[v] for v in part]
        for v, point in zip(part, _lay_out_part(graph.induced_subgraph(part), ids, previous),
                            strict=True):  # fmt: skip
            raw[v] = point
    before = [previous.get(org) for org in org_ids]
    placed = _settle(pack(raw, parts, before), before)
    return {org: placed[number] for number, org in enumerate(org_ids)}


def _lay_out_part(graph: igraph.Graph, org_ids: list[int], previous: dict) -> list[Point]:
    """Lay out one connected part (its vertices in `org_ids` order) in layout units."""
    if len(org_ids) == 1:
        return [(0.0, 0.0)]
    edges = [edge.tuple for edge in graph.es]
    rng = random.Random(RANDOM_SEED + min(org_ids))  # the same part, the same layout
    kept = [number for number, org in enumerate(org_ids) if org in previous]
    seed = _seed(org_ids, edges, previous, kept, rng)
    steady = len(kept) >= 2
    igraph.set_random_number_generator(rng)  # igraph breaks ties at random: make it repeatable
    try:
        return graph.layout_fruchterman_reingold(
            seed=seed,
            # Started from known places, nodes need fewer and smaller moves.
            niter=150 if steady else 500,
            start_temp=math.sqrt(len(org_ids)) / (40 if steady else 10),
            grid="grid" if len(org_ids) >= GRID_FROM else "nogrid",
        ).coords
    finally:
        igraph.set_random_number_generator(random)


def _kept_places(org_ids, previous, kept, spread: float) -> list[list[float] | None]:
    """Return the previous places of the `kept` nodes, scaled to `spread`; None elsewhere."""
    seed: list[list[float] | None] = [None] * len(org_ids)
    if len(kept) < 2:
        return seed
    xs = [previous[org_ids[n]][0] for n in kept]
    ys = [previous[org_ids[n]][1] for n in kept]
    extent = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    centre = ((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2)
    scale = spread / extent
    for number in kept:
        x, y = previous[org_ids[number]]
        seed[number] = [(x - centre[0]) * scale, (y - centre[1]) * scale]
    return seed


def _seed(org_ids, edges, previous, kept, rng: random.Random) -> list[list[float]]:
    """Return starting positions in layout units: the previous places, new nodes nearby."""
    spread = NATURAL_SPREAD * math.sqrt(len(org_ids))
    seed = _kept_places(org_ids, previous, kept, spread)
    neighbours: dict[int, list[int]] = {number: [] for number in range(len(org_ids))}
    for a, b in edges:
        neighbours[a].append(b)
        neighbours[b].append(a)
    for number, start in enumerate(seed):
        if start is not None:
            continue
        near = [point for other in neighbours[number] if (point := seed[other]) is not None]
        if near:
            seed[number] = [
                sum(point[0] for point in near) / len(near) + rng.uniform(-0.5, 0.5),
                sum(point[1] for point in near) / len(near) + rng.uniform(-0.5, 0.5),
            ]
        else:
            seed[number] = [rng.uniform(-spread / 2, spread / 2) for _ in range(2)]
    return [start for start in seed if start is not None]  # every one is, by now


def _settle(packed: list[Point], before: list[Point | None]) -> list[Point]:
    """Scale and move the packed map so organizations already placed move least.

    The scale is the ratio of how far the kept organizations spread before and now (a
    least-squares scale would shrink a map that changed much); a map that would then
    leave the usual range, or none to follow, is fitted to the map afresh.
    """
    kept = [(complex(*packed[n]), complex(*point)) for n, point in enumerate(before) if point]
    if len(kept) >= 2:
        mean_new = sum(z for z, _ in kept) / len(kept)
        mean_old = sum(w for _, w in kept) / len(kept)
        spread = sum(abs(z - mean_new) ** 2 for z, _ in kept)
        if spread > 1e-12:
            scale = math.sqrt(sum(abs(w - mean_old) ** 2 for _, w in kept) / spread)
            moved = [scale * (complex(*p) - mean_new) + mean_old for p in packed]
            points = [(z.real, z.imag) for z in moved]
            if _within_bounds(points):
                return points
    return _fit(packed)


def _within_bounds(points: list[Point]) -> bool:
    """Tell whether positions fit a sensible range: neither far past the map nor shrunk."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    low, high = -SIZE / 2, SIZE * 1.5
    inside = min(xs) >= low and min(ys) >= low and max(xs) <= high and max(ys) <= high
    return inside and max(max(xs) - min(xs), max(ys) - min(ys)) >= SIZE / 4


def _fit(raw) -> list[Point]:
    """Scale a layout into MARGIN..SIZE-MARGIN, keeping its proportions, centred."""
    xs, ys = [p[0] for p in raw], [p[1] for p in raw]
    low_x, low_y = min(xs), min(ys)  # once: inside the loop they made the fit quadratic
    width, height = max(xs) - low_x, max(ys) - low_y
    scale = (SIZE - 2 * MARGIN) / (max(width, height) or 1.0)
    left = (SIZE - width * scale) / 2
    top = (SIZE - height * scale) / 2
    return [(left + (x - low_x) * scale, top + (y - low_y) * scale) for x, y in raw]
