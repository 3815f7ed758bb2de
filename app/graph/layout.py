"""Where each organization sits on the map: laid out on the server, stored per revision.

A force layout is the costly part of drawing a network, so the whole public network
is laid out here once per revision (igraph's Fruchterman-Reingold, started from the
stored positions so that organizations that did not change stay where people last
saw them), scaled to about 0..SIZE, and kept in node_position. The page draws the
stored positions as they are.
"""

import math
import random
import threading
from collections.abc import Iterable

import igraph
import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.models import NodePosition

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


def ensure_positions(org_ids: list[int], pairs: Iterable[tuple[int, int]], revision: int):
    """Return a position for every organization, laying the network out again when stale.

    Stored positions are used while their revision is current and they cover every
    organization; otherwise one request lays the network out and replaces them, while
    others (threads here, or processes through a database lock) wait and reuse the result.
    """
    stored = _stored()
    if _fresh(stored, org_ids, revision):
        return _points(stored)
    with _process_lock:
        again = _stored()
        if _fresh(again, org_ids, revision):
            return _points(again)
        _hold_database_lock()
        again = _stored()
        if _fresh(again, org_ids, revision):
            db.session.commit()  # releases the database lock
            return _points(again)
        positions = compute_layout(org_ids, list(pairs), _points(again))
        _replace(positions, revision)
        db.session.commit()
    current_app.logger.info(
        "Laid out %d organizations for network revision %d", len(positions), revision
    )
    return positions


def _stored() -> dict[int, tuple[float, float, int]]:
    """Read the stored positions as {organization id: (x, y, revision)}."""
    rows = db.session.execute(
        sa.select(
            NodePosition.organization_id, NodePosition.x, NodePosition.y, NodePosition.revision
        )
    )
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def _fresh(stored: dict, org_ids: list[int], revision: int) -> bool:
    """Tell whether the stored positions belong to `revision` (or later) and cover everyone."""
    if not org_ids:
        return True
    if any(row[2] < revision for row in stored.values()):
        return False
    return all(org in stored for org in org_ids)


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


def _replace(positions: dict[int, Point], revision: int) -> None:
    """Store `positions` for `revision` in place of every stored position."""
    db.session.execute(sa.delete(NodePosition))
    if positions:
        db.session.execute(
            sa.insert(NodePosition),
            [
                {"organization_id": org, "x": x, "y": y, "revision": revision}
                for org, (x, y) in positions.items()
            ],
        )


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
    rng = random.Random(RANDOM_SEED)
    kept = [number for number, org in enumerate(org_ids) if org in previous]
    seed = _seed(org_ids, edges, previous, kept, rng)
    steady = len(kept) >= 2
    igraph.set_random_number_generator(rng)  # igraph breaks ties at random: make it repeatable
    try:
        raw = graph.layout_fruchterman_reingold(
            seed=seed,
            # Started from known places, nodes need fewer and smaller moves.
            niter=150 if steady else 500,
            start_temp=math.sqrt(len(org_ids)) / (40 if steady else 10),
            grid="grid" if len(org_ids) >= GRID_FROM else "nogrid",
        ).coords
    finally:
        igraph.set_random_number_generator(random)
    placed = _align(raw, [previous[org_ids[n]] for n in kept], kept) if steady else None
    if placed is None or not _within_bounds(placed):
        placed = _fit(raw)
    return {org: placed[number] for number, org in enumerate(org_ids)}


def _seed(org_ids, edges, previous, kept, rng: random.Random) -> list[list[float]]:
    """Return starting positions in layout units: the previous places, new nodes nearby."""
    spread = NATURAL_SPREAD * math.sqrt(len(org_ids))
    seed: list[list[float] | None] = [None] * len(org_ids)
    if len(kept) >= 2:
        xs = [previous[org_ids[n]][0] for n in kept]
        ys = [previous[org_ids[n]][1] for n in kept]
        extent = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
        centre = ((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2)
        scale = spread / extent
        for number in kept:
            x, y = previous[org_ids[number]]
            seed[number] = [(x - centre[0]) * scale, (y - centre[1]) * scale]
    neighbours: dict[int, list[int]] = {number: [] for number in range(len(org_ids))}
    for a, b in edges:
        neighbours[a].append(b)
        neighbours[b].append(a)
    for number, start in enumerate(seed):
        if start is not None:
            continue
        near = [seed[other] for other in neighbours[number] if seed[other] is not None]
        if near:
            seed[number] = [
                sum(point[0] for point in near) / len(near) + rng.uniform(-0.5, 0.5),
                sum(point[1] for point in near) / len(near) + rng.uniform(-0.5, 0.5),
            ]
        else:
            seed[number] = [rng.uniform(-spread / 2, spread / 2) for _ in range(2)]
    return seed


def _align(raw, targets: list[Point], kept: list[int]) -> list[Point] | None:
    """Turn, scale and move the new layout so the kept nodes land nearest their old places.

    A force layout has no preferred orientation (igraph may hand back its seed turned
    or mirrored), so this is a least-squares fit of a similarity transform, with or
    without a mirror, written with complex numbers: new = a * raw + b. Returns None
    when the kept nodes do not fix one.
    """
    goals = [complex(*point) for point in targets]
    best = None
    for mirror in (False, True):
        points = [complex(x, -y if mirror else y) for x, y in raw]
        fit = _similarity([points[number] for number in kept], goals)
        if fit is not None and (best is None or fit[0] < best[0]):
            best = (fit[0], [fit[1] * z + fit[2] for z in points])
    return None if best is None else [(z.real, z.imag) for z in best[1]]


def _similarity(sources: list[complex], goals: list[complex]):
    """Return (squared error, a, b) of the best fit a * source + b = goal, or None."""
    mean_src, mean_goal = sum(sources) / len(sources), sum(goals) / len(goals)
    spread = sum(abs(z - mean_src) ** 2 for z in sources)
    if spread <= 1e-12:
        return None
    pairs = list(zip(sources, goals, strict=True))
    a = sum((z - mean_src).conjugate() * (w - mean_goal) for z, w in pairs) / spread
    if not (math.isfinite(a.real) and math.isfinite(a.imag)) or abs(a) <= 1e-12:
        return None
    b = mean_goal - a * mean_src
    return sum(abs(a * z + b - w) ** 2 for z, w in pairs), a, b


def _within_bounds(points: list[Point]) -> bool:
    """Tell whether aligned positions still fit a sensible range (no drift over revisions)."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    low, high = -SIZE / 2, SIZE * 1.5
    return min(xs) >= low and min(ys) >= low and max(xs) <= high and max(ys) <= high


def _fit(raw) -> list[Point]:
    """Scale a layout into MARGIN..SIZE-MARGIN, keeping its proportions, centred."""
    xs, ys = [p[0] for p in raw], [p[1] for p in raw]
    low_x, low_y = min(xs), min(ys)  # once: inside the loop they made the fit quadratic
    width, height = max(xs) - low_x, max(ys) - low_y
    scale = (SIZE - 2 * MARGIN) / (max(width, height) or 1.0)
    left = (SIZE - width * scale) / 2
    top = (SIZE - height * scale) / 2
    return [(left + (x - low_x) * scale, top + (y - low_y) * scale) for x, y in raw]
