"""The Network layout's arrangement: each connected part in its own space, in rows.

A force layout of a whole network pushes its separate parts (a brigade and its one
partner, say) to a ring around the largest, so a network of many small parts reads as a
disc of confetti. Here each part keeps the shape the force layout gave it, and the parts
are set out like words on a page: the largest first, in the middle of the first row,
then the others in rows below, larger before smaller, each row centred.

Parts of about the same size (within a power of two) keep the order they had on the last
map, so that one new relationship does not reshuffle every row; a part that grows past
the next power of two moves up. A force layout has no preferred orientation either, so
each part is turned (and mirrored if that fits better) to match its last shape.
"""

import math

Point = tuple[float, float]
# Layout units between two parts (an edge is about 1.8 long): wider across, where the
# names below the organizations need room, than down.
GAP_X, GAP_Y = 7.0, 3.0
ASPECT = 2.0  # rows about this much wider than the whole is tall (names run across)


def pack(raw: list[Point], parts: list[list[int]], previous: list[Point | None]) -> list[Point]:
    """Return new places for the vertices of `raw`, each part of `parts` set in rows.

    `previous` gives each vertex's place on the last map (None for a newcomer); only
    the order of parts of about the same size depends on it.
    """
    raw = list(raw)
    boxes = []
    for members in parts:
        if not _turn_like_before(raw, members, previous):
            _lie_flat(raw, members)
        xs, ys = [raw[v][0] for v in members], [raw[v][1] for v in members]
        boxes.append((members, min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    boxes.sort(key=lambda box: _order_key(box[0], previous))
    area = sum((w + GAP_X) * (h + GAP_Y) for _, _, _, w, h in boxes)
    width = max(math.sqrt(area * ASPECT), max(w for _, _, _, w, _ in boxes) + GAP_X)
    placed: list[Point] = list(raw)
    top = 0.0
    for row in _rows(boxes, width):
        height = max(h for _, _, _, _, h in row)
        left = (width - sum(w + GAP_X for _, _, _, w, _ in row)) / 2  # rows are centred
        for members, x0, y0, w, h in row:
            dx, dy = left - x0, top + (height - h) / 2 - y0
            for v in members:
                placed[v] = (raw[v][0] + dx, raw[v][1] + dy)
            left += w + GAP_X
        top += height + GAP_Y
    return placed


def _rows(boxes: list[tuple], width: float) -> list[list[tuple]]:
    """Return the boxes in rows no wider than `width`, the first (the largest) alone."""
    rows: list[list[tuple]] = [[]]
    used = 0.0
    for number, box in enumerate(boxes):
        if rows[-1] and (number == 1 or used + box[3] + GAP_X > width):
            rows.append([])
            used = 0.0
        rows[-1].append(box)
        used += box[3] + GAP_X
    return rows


def _turn_fit(
    sources: list[complex], mean: complex, spread: float, goals: list[complex], mean_goal: complex
) -> tuple[float, complex] | None:
    """Return the least-squares error and the turn (a unit complex number) taking `sources`
    to `goals`, or None when no turn fits them."""
    pairs = list(zip(sources, goals, strict=True))
    a = sum((z - mean).conjugate() * (w - mean_goal) for z, w in pairs)
    if abs(a) <= 1e-12:
        return None
    a /= spread
    error = sum(abs(a * (z - mean) - (w - mean_goal)) ** 2 for z, w in pairs)
    return error, a / abs(a)


def _order_key(members: list[int], previous: list[Point | None]) -> tuple:
    """Sort parts larger first; about equal ones by their place on the last map, then id."""
    size_class = -int(math.log2(len(members)))
    before = [point for v in members if (point := previous[v]) is not None]
    if not before:
        return (size_class, 1, 0.0, 0.0, min(members))
    # Reading order of the part's middle on the last map: row first (bands of 1/40 of
    # the map's size, 2000 / 40), then from left to right.
    x = sum(p[0] for p in before) / len(before)
    y = sum(p[1] for p in before) / len(before)
    return (size_class, 0, round(y / 50), x, min(members))


def _lie_flat(raw: list[Point], members: list[int]) -> None:
    """Turn a new part in place so that its longest extent runs across, as names do."""
    if len(members) < 2:
        return
    mx = sum(raw[v][0] for v in members) / len(members)
    my = sum(raw[v][1] for v in members) / len(members)
    sxx = sum((raw[v][0] - mx) ** 2 for v in members)
    syy = sum((raw[v][1] - my) ** 2 for v in members)
    sxy = sum((raw[v][0] - mx) * (raw[v][1] - my) for v in members)
    turn = complex(math.cos(angle := -0.5 * math.atan2(2 * sxy, sxx - syy)), math.sin(angle))
    for v in members:
        z = turn * complex(raw[v][0] - mx, raw[v][1] - my)
        raw[v] = (z.real, z.imag)


def _turn_like_before(raw: list[Point], members: list[int], previous: list[Point | None]) -> bool:
    """Turn (or mirror) a part in place so its kept members best match their last places.

    A least-squares fit of new = a * raw + b over complex numbers, for the part and its
    mirror image; only the turn of the better one is used: the part keeps its size.
    Returns False when the part has no last shape to follow.
    """
    last_places = {v: point for v in members if (point := previous[v]) is not None}
    kept = list(last_places)
    if len(kept) < 2:
        return False
    goals = [complex(*last_places[v]) for v in kept]
    mean_goal = sum(goals) / len(goals)
    best = None
    for mirror in (1, -1):
        points = {v: complex(raw[v][0], mirror * raw[v][1]) for v in members}
        sources = [points[v] for v in kept]
        mean = sum(sources) / len(sources)
        spread = sum(abs(z - mean) ** 2 for z in sources)
        if spread <= 1e-12:
            return False
        fit = _turn_fit(sources, mean, spread, goals, mean_goal)
        if fit is not None and (best is None or fit[0] < best[0]):
            best = (*fit, points, mean)
    if best is None:
        return False
    _, turn, points, mean = best
    for v in members:
        z = turn * (points[v] - mean)
        raw[v] = (z.real, z.imag)
    return True
