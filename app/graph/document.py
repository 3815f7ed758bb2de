"""The /api/graph document: Cytoscape.js elements, a summary and the filters in force."""

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from app.graph.build import EDGE_TYPES, GraphView
from app.graph.changes import CHANGES
from app.graph.filters import GraphFilters
from app.graph.provenance import answering
from app.insights.store import org_figures
from app.models import OrgKind
from app.themes.catalogue import labels_by_slug


def summary(view: GraphView) -> dict:
    """Count what the view shows, for a sentence such as '53 brigades, 58 partners…'."""
    brigades = sum(1 for org in view.nodes if org.kind == OrgKind.BRIGADE.value)
    by_type = Counter(edge.type for edge in view.edges)
    if view.filters.wave:
        slugs = {view.filters.wave}
    else:
        slugs = {slug for edge in view.edges for slug in edge.waves or (edge.wave,)}
        for org in view.nodes:
            if org.id not in view.degree:
                slugs.update(view.network.org_waves.get(org.id, ()))
    return {
        "organizations": len(view.nodes),
        "brigades": brigades,
        "other_organizations": len(view.nodes) - brigades,
        "relationships": len(view.edges),
        "by_type": {kind: by_type.get(kind, 0) for kind in EDGE_TYPES},
        "waves": [name for slug, name in view.network.waves.items() if slug in slugs],
        "changes": change_counts(view),
    }


def change_counts(view: GraphView) -> dict | None:
    """Count the shown relationships by change, in the "changes since" mode (else None)."""
    changes = view.changes
    if changes is None:
        return None
    counts = Counter(changes.change_of[edge.id] for edge in view.edges)
    waves = view.network.waves
    return {
        "since": {"slug": changes.since, "name": waves.get(changes.since, changes.since)},
        "to": {"slug": changes.to, "name": waves.get(changes.to, changes.to)}
        if changes.to
        else None,
        **{change: counts.get(change, 0) for change in CHANGES},
        "not_answered_again": len(changes.not_answered_again),
    }


@dataclass(frozen=True)
class Word:
    """A word of the document written in the visitor's language: a kind's or a theme's label.

    The document is built once with these in place of the labels, and then written in
    each language (`in_language`, `Template`). Never equal to any text: a compact
    document's table (see COMPACT) writes it apart from every string.
    """

    of: str  # KIND or THEME
    value: str  # the kind's value, or the theme's slug


KIND, THEME = "kind", "theme"
KIND_WORDS = {kind.value: Word(KIND, kind.value) for kind in OrgKind}


def labels_of(words) -> list[str]:
    """Return the label of each of `words` in the visitor's language."""
    themes = labels_by_slug() if any(word.of == THEME for word in words) else {}
    return [OrgKind(word.value).label if word.of == KIND else themes[word.value] for word in words]


def opening_group(view: GraphView, large_from: int) -> set[int] | None:
    """Return the organizations the map opens on: a large view's largest group, else None.

    A view of `large_from` organizations or more opens on its group 1 (the largest, by
    the kept figures) when it has two members or more; a smaller one opens whole.
    """
    if not large_from or len(view.nodes) < large_from:
        return None
    group = set()
    for org in view.nodes:
        figures = org_figures(view, org.id)
        if figures is not None and figures.community == 1:
            group.add(org.id)
    return group if len(group) >= 2 else None


def elements(
    view: GraphView,
    positions: dict[int, tuple[float, float]],
    revision: int,
    only: set[int] | None = None,
) -> dict:
    """Return the view as the document /api/graph serves, with the network's figures.

    Its words in the visitor's language are Words, for `in_language` or `Template`.

    The figures are those of the chosen wave's network, or of the whole network, as the
    last background job kept them: a newcomer it has not seen yet has none (null).
    With `only`, the document holds those organizations and the relationships between
    them (the map's opening view), and its summary still counts the whole view.
    """
    themes = view.network.edge_themes
    shown = view.nodes if only is None else [org for org in view.nodes if org.id in only]
    links = view.edges
    if only is not None:
        links = [edge for edge in view.edges if edge.source in only and edge.target in only]
    cares = _cares(links, themes)
    named = set().union(*cares.values())
    labels = labels_by_slug() if named else {}  # every theme, in the list's order
    rank = {slug: index for index, slug in enumerate(labels)}
    answered = answering(view.network)
    nodes = [
        _node_json(view, org, positions.get(org.id, (0.0, 0.0)), cares, rank, org.id in answered)
        for org in shown
    ]
    edges = [_edge_json(view, edge, themes(edge)) for edge in links]
    return {
        "elements": {"nodes": nodes, "edges": edges},
        "summary": summary(view),
        "filters": filters_json(view.filters),
        "figures": view.insight.figures.as_dict() if view.insight else None,
        "revision": revision,
        # True when it holds the opening group alone: the whole view is another document.
        "opening_group": only is not None,
        # Each theme named above, as it reads in the visitor's language.
        "themes": {slug: Word(THEME, slug) for slug in labels if slug in named},
    }


def _cares(links, themes) -> defaultdict:
    """Return what each partner cares about: the themes of the relationships naming it."""
    cares = defaultdict(set)
    for edge in links:
        cares[edge.target].update(themes(edge))
    return cares


def _node_json(view: GraphView, org, at: tuple[float, float], cares, rank, answered) -> dict:
    """Return one organization of the document: its data and its place."""
    x, y = at
    mine = org_figures(view, org.id)
    return {
        "data": {
            "id": f"o{org.id}",
            "label": org.name,
            "kind": org.kind,
            "kind_label": KIND_WORDS[org.kind],
            "city": org.city,
            "state": org.state,
            "slug": org.slug,
            "degree": view.degree.get(org.id, 0),
            "waves": view.network.org_waves.get(org.id, []),
            "betweenness": mine.betweenness if mine else None,
            "community": mine.community if mine else None,
            "component": mine.component if mine else None,
            # Its city, for the Geography view (None: the state's middle is used).
            "place": view.places.get(org.id),
            "themes": sorted(cares.get(org.id, ()), key=rank.__getitem__),
            # Its details come from its own answers (else from others'): only when so.
            **({"answered": True} if answered else {}),
        },
        "position": {"x": round(x, 1), "y": round(y, 1)},
    }


def _edge_json(view: GraphView, edge, edge_themes) -> dict:
    """Return one relationship of the document."""
    return {
        "data": {
            "id": edge.id,
            "source": f"o{edge.source}",
            "target": f"o{edge.target}",
            "type": edge.type,
            "status": edge.status,
            "wave": edge.wave,
            "waves": list(edge.waves or (edge.wave,)),
            "themes": list(edge_themes),
            # Only when true, to keep the document small at 30,000 relationships.
            **({"confirmed": True} if edge.confirmed else {}),
            **({"change": view.changes.change_of[edge.id]} if view.changes else {}),
        }
    }


def in_language(document: dict) -> dict:
    """Return `document` (see elements) with its words in the visitor's language.

    Only the kinds' and the themes' labels differ from one language to another, so a
    document built once is labelled for each language rather than built again.
    """
    kinds = {kind.value: kind.label for kind in OrgKind}
    nodes = [
        {**node, "data": {**node["data"], "kind_label": kinds[node["data"]["kind"]]}}
        for node in document["elements"]["nodes"]
    ]
    labels = labels_by_slug() if document["themes"] else {}
    return {
        **document,
        "elements": {**document["elements"], "nodes": nodes},
        "themes": {slug: labels[slug] for slug in document["themes"]},
    }


def filters_json(filters: GraphFilters) -> dict:
    """Return the filters in force as the API echoes them."""
    return {
        "wave": filters.wave or None,
        "since": filters.since or None,
        "kind": list(filters.kinds),
        "state": list(filters.states),
        "status": list(filters.statuses),
        "theme": list(filters.themes),
        "confirmed": filters.confirmed,
    }


# The map's own form of the document (/api/graph?format=compact): the same elements as
# columns, one per data field, so that a field's name is written once rather than once
# per element; repeated strings (kinds, states, waves, themes…) are written once, in
# "strings", and named by their place there; a relationship's ends are the places of its
# organizations in the nodes' columns. A field only some elements have is written with
# the places of those that have it. The rest of the document is as it is.
# The map's script (CM.compact.expand) rebuilds the elements as the default form has them.
COMPACT = "compact"
ENDS = frozenset({"source", "target"})  # of a relationship: written as places of nodes
REPEATED = frozenset({"kind", "kind_label", "city", "state", "type", "status", "wave", "change"})
REPEATED_LISTS = frozenset({"waves", "themes"})


def compact(document: dict) -> dict:
    """Return `document` (see elements) with its elements as columns (see COMPACT)."""
    strings = _Strings()
    nodes = document["elements"]["nodes"]
    edges = document["elements"]["edges"]
    place = {node["data"]["id"]: index for index, node in enumerate(nodes)}
    positions = [node["position"] for node in nodes]
    rest = {key: value for key, value in document.items() if key != "elements"}
    return {
        "format": COMPACT,
        "nodes": {
            "count": len(nodes),
            "x": [position["x"] for position in positions],
            "y": [position["y"] for position in positions],
            "fields": _columns([node["data"] for node in nodes], strings, {}),
        },
        "edges": {
            "count": len(edges),
            "fields": _columns([edge["data"] for edge in edges], strings, place),
        },
        "strings": strings.in_order,
        **rest,
    }


class _Strings(dict):
    """The document's table of repeated strings, each written once: their places, by string."""

    def __init__(self) -> None:
        """Start an empty table."""
        super().__init__()
        self.in_order: list[str] = []  # not "values", which would hide dict.values()

    def __missing__(self, value: str) -> int:
        """Add a string not in the table yet; return its place."""
        self[value] = place = len(self.in_order)
        self.in_order.append(value)
        return place


def _columns(datas: list[dict], strings: _Strings, nodes: dict[str, int]) -> list[dict]:
    """Return one column per field of `datas`, in the order the fields first appear."""
    counts = Counter(name for data in datas for name in data)  # in order of first appearance
    return [_column(name, datas, strings, nodes, counts[name]) for name in counts]


def _column(
    name: str, datas: list[dict], strings: _Strings, nodes: dict[str, int], count: int
) -> dict:
    """Return the column of field `name`, which `count` of `datas` have: how, what, where."""
    if count == len(datas):
        having, values = None, [data[name] for data in datas]
    else:
        having = [index for index, data in enumerate(datas) if name in data]
        values = [datas[index][name] for index in having]
    kind, written = _encoded(name, values, strings, nodes)
    column = {"name": name, "kind": kind, "values": written}
    if having is not None:  # only some have it: say which
        column["at"] = having
    return column


def _encoded(name: str, values: list, strings: _Strings, nodes: dict[str, int]) -> tuple:
    """Return how a column's values are written ("node", "string", "strings" or "plain")."""
    if name in ENDS:
        return "node", [nodes[value] for value in values]
    if name in REPEATED:
        return "string", [None if value is None else strings[value] for value in values]
    if name in REPEATED_LISTS:
        return "strings", [[strings[value] for value in listed] for listed in values]
    return "plain", values


# A Word as its template writes it: NUL and the Word's number, which JSON writes "\u0000<n>".
HOLE = "\x00"
HOLES = re.compile(rb'"\\u0000(\d+)"')
NUL = b"\\u0000"  # a NUL as JSON writes it


class Template:
    """A document (see elements, compact) as JSON once, with a hole for each Word.

    Written in a language by putting the Words' labels in their holes: the very bytes
    json.dumps writes for the document in that language, at a small part of its cost.
    """

    def __init__(self, document: dict):
        """Write `document` as JSON with its Words as holes."""
        numbers: dict[Word, int] = {}
        holes = 0

        def hole(value) -> str:
            """Write a Word as its hole."""
            nonlocal holes
            if type(value) is not Word:
                raise TypeError(f"{type(value).__name__} is not JSON serializable")
            holes += 1
            return HOLE + str(numbers.setdefault(value, len(numbers)))

        text = dumps(document, default=hole)
        self.words = list(numbers)
        # Text that holds a NUL could pass for a hole: such a document is not written
        # from its template (None) but built in each language (see in_language_of).
        self.pieces = HOLES.split(text) if text.count(NUL) == holes else None
        # In the compact form, equal strings are written once: so are equal labels.
        strings = document.get("strings") if document.get("format") == COMPACT else None
        self.texts = None if strings is None else {s for s in strings if type(s) is str}
        self.tabled = None if strings is None else [s for s in strings if type(s) is Word]

    def in_language(self) -> bytes | None:
        """Return the document's JSON in the visitor's language, or None if it cannot be."""
        if self.pieces is None:
            return None
        labels = dict(zip(self.words, labels_of(self.words), strict=True))
        if self.tabled is not None and self.texts is not None:  # both, or neither
            tabled = {labels[word] for word in self.tabled}
            # The table would have one string for two equal labels, or a label equal to
            # other text: another table than this one's.
            if len(tabled) < len(self.tabled) or not tabled.isdisjoint(self.texts):
                return None
        written = [dumps(labels[word]) for word in self.words]
        pieces = self.pieces.copy()
        pieces[1::2] = [written[int(number)] for number in pieces[1::2]]
        return b"".join(pieces)


def in_language_of(document: dict, compact_form: bool) -> bytes:
    """Return the JSON of `document` (see elements) in the visitor's language, built for it."""
    document = in_language(document)
    return dumps(compact(document) if compact_form else document)


def dumps(document, **options) -> bytes:
    """Return a document as the UTF-8 JSON the API serves."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), **options).encode()
