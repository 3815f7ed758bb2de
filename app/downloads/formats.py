"""The open data files: the filtered public network as CSV and GraphML.

Cells are user text. In CSV, text that a spreadsheet would run as a formula gets a
leading quote; in GraphML, ElementTree escapes markup and characters XML cannot hold
are dropped.
"""

import csv
import io
import re

import sqlalchemy as sa

from app.extensions import db
from app.graph.build import PARTNERSHIP, GraphView
from app.graph.provenance import answering, details_from, reply_to
from app.insights.store import org_figures
from app.models import OrgKind, PartnershipAnswer, Submission
from app.public import public_partnership, public_words

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_CHARACTERS = frozenset(FORMULA_START)
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
# Characters XML 1.0 does not allow, even escaped.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

PARTNERSHIP_COLUMNS = [
    "wave",
    "organization",
    "organization_kind",
    "organization_city",
    "organization_state",
    "partner",
    "partner_kind",
    "status",
    "priorities",
    "themes",  # the slugs of the themes the answer ticks, separated by "; "
    "how_built",
    "waves",
    "approved_on",  # when the answer naming it was approved; "organization" reported it
    "partner_reply",  # confirmed or unanswered (a declined one is not public)
]
# Where each organization stands in the network (app/insights/figures.py): the share of
# shortest paths between two others through it, its group and its connected part.
FIGURE_COLUMNS = ["betweenness", "community", "component"]
ORGANIZATION_COLUMNS = [
    "name", "kind", "kind_label", "city", "state", "website", "slug", "degree", *FIGURE_COLUMNS,
    "details_from",  # "itself" (its own answers) or "others" (named in others' answers)
]  # fmt: skip
NODE_KEYS = [
    ("label", "string"),
    ("kind", "string"),
    ("kind_label", "string"),
    ("city", "string"),
    ("state", "string"),
    ("slug", "string"),
    ("degree", "int"),
    ("betweenness", "double"),
    ("community", "int"),
    ("component", "int"),
    ("waves", "string"),
    ("details_from", "string"),
    ("x", "double"),
    ("y", "double"),
]
EDGE_KEYS = [
    ("type", "string"),
    ("status", "string"),
    ("wave", "string"),
    ("waves", "string"),
    ("approved_on", "string"),
    ("partner_reply", "string"),
    ("change", "string"),
]
# An edge's values, in EDGE_KEYS order (see _graphml_edges).
EDGE_VALUES = tuple(name for name, _ in EDGE_KEYS)
# The start of each key's <data> element, by scope: written once, not once per value.
DATA_OPENINGS = {
    scope: {name: f'<data key="{scope}_{name}"' for name, _ in keys}
    for scope, keys in (("node", NODE_KEYS), ("edge", EDGE_KEYS))
}


def safe_cell(value) -> str | int:
    """Return a CSV cell; text a spreadsheet would read as a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(header: list[str], rows) -> str:
    """Write a header and rows as CSV text, every cell guarded."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(_guarded(row) for row in rows)
    return buffer.getvalue()


def _guarded(row) -> list:
    """Return a row's cells as safe_cell writes them.

    Plain text that starts harmlessly, most cells, is kept without a call: a national
    network's partnerships are 400,000 cells.
    """
    safe = FORMULA_CHARACTERS
    return [v if type(v) is str and v[:1] not in safe else safe_cell(v) for v in row]


def partnerships_csv(view: GraphView) -> str:
    """Return one CSV row per partnership the view shows, with what its answer says."""
    texts = {
        row.id: (row.priorities, row.how_built)
        for row in db.session.execute(
            sa.select(
                PartnershipAnswer.id,
                public_words(PartnershipAnswer.priorities),
                public_words(PartnershipAnswer.how_built),
            )
            .join(Submission, PartnershipAnswer.submission)
            .where(public_partnership())
        )
    }
    orgs, waves = view.network.orgs, view.network.waves
    changes = view.changes  # with "changes since", each row also says how it changed
    rows = []
    named: dict[tuple[str, ...], str] = {}  # the few sets of waves, each written once
    for edge in view.edges:
        if edge.type is not PARTNERSHIP:
            continue
        source, target = orgs[edge.source], orgs[edge.target]
        priorities, how_built = texts.get(edge.number, ("", ""))
        named_in = edge.waves or (edge.wave,)
        if named_in not in named:
            named[named_in] = "; ".join(waves[slug] for slug in named_in)
        rows.append(
            [
                waves[edge.wave],
                source.name,
                source.kind,
                source.city,
                source.state,
                target.name,
                target.kind,
                edge.status,
                priorities,
                "; ".join(view.network.edge_themes(edge)),
                how_built,
                named[named_in],
                *_provenance(edge),
                *([changes.change_of[edge.id]] if changes else []),
            ]
        )
    return to_csv(PARTNERSHIP_COLUMNS + (["change"] if changes else []), rows)


def organizations_csv(view: GraphView) -> str:
    """Return one CSV row per organization the view shows."""
    answered = answering(view.network)
    kind_labels = {kind.value: kind.label for kind in OrgKind}  # once, not once per row
    rows = [
        [
            org.name,
            org.kind,
            kind_labels[org.kind],
            org.city,
            org.state,
            org.website,
            org.slug,
            view.degree.get(org.id, 0),
            *_figures(view, org.id),
            details_from(answered, org.id),
        ]
        for org in view.nodes
    ]
    return to_csv(ORGANIZATION_COLUMNS, rows)


def _provenance(edge) -> list:
    """Return a relationship's approved_on and partner_reply cells."""
    reply = reply_to(edge)
    approved = edge.approved_at.date().isoformat() if edge.approved_at else None
    return [approved, reply.value if reply else None]


def _figures(view: GraphView, org_id: int) -> list:
    """Return an organization's figures in FIGURE_COLUMNS order (empty until computed)."""
    figures = org_figures(view, org_id)
    if figures is None:
        return [None] * len(FIGURE_COLUMNS)
    return [figures.betweenness, figures.community, figures.component]


def _xml_text(value) -> str:
    """Return a value as text XML can hold."""
    return NOT_XML.sub("", "" if value is None else str(value))


def _cdata(text: str) -> str:
    """Escape text for an element's content, as ElementTree does."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    """Escape text for an attribute's value in double quotes, as ElementTree does."""
    text = _cdata(text).replace('"', "&quot;")
    return text.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")


def graphml(view: GraphView, positions: dict[int, tuple[float, float]]) -> bytes:
    """Return the view as a GraphML document with node and edge attributes.

    Written as text, the bytes ElementTree wrote: building and serializing a national
    network's 300,000 elements as a tree took seconds.
    """
    out = ["<?xml version='1.0' encoding='utf-8'?>\n", f'<graphml xmlns="{GRAPHML_NS}">']
    for scope, keys in (("node", NODE_KEYS), ("edge", EDGE_KEYS)):
        for name, kind in keys:
            out.append(f'<key id="{scope}_{name}" for="{scope}" attr.name="{name}" '
                       f'attr.type="{kind}" />')  # fmt: skip
    text = _XmlText()
    items = [*_graphml_nodes(view, positions, text), *_graphml_edges(view, text)]
    graph = '<graph id="constellation" edgedefault="directed"'
    out.append(f"{graph}>{''.join(items)}</graph>" if items else f"{graph} />")
    out.append("</graphml>")
    return "".join(out).encode("utf-8", "xmlcharrefreplace")


def _graphml_nodes(
    view: GraphView, positions: dict[int, tuple[float, float]], text: "_XmlText"
) -> list[str]:
    """Return each shown organization as a GraphML <node>."""
    waves, answered = view.network.org_waves, answering(view.network)
    kind_labels = {kind.value: kind.label for kind in OrgKind}  # once, not once per node
    nodes = []
    for org in view.nodes:
        x, y = positions.get(org.id, (0.0, 0.0))
        values = {
            "label": org.name,
            "kind": org.kind,
            "kind_label": kind_labels[org.kind],
            "city": org.city,
            "state": org.state,
            "slug": org.slug,
            "degree": view.degree.get(org.id, 0),
            **dict(zip(FIGURE_COLUMNS, _figures(view, org.id), strict=True)),
            "waves": ",".join(waves.get(org.id, [])),
            "details_from": details_from(answered, org.id),
            "x": round(x, 1),
            "y": round(y, 1),
        }
        nodes.append(_item("node", f'id="o{org.id}"', values, text))
    return nodes


def _graphml_edges(view: GraphView, text: "_XmlText") -> list[str]:
    """Return each shown relationship as a GraphML <edge>.

    Most relationships have the same values as many others (type, status, waves, day of
    approval): their <data> elements are written once for them all.
    """
    written: dict[tuple, str] = {}
    changes = view.changes
    edges = []
    for edge in view.edges:
        values = (edge.type, edge.status, edge.wave, edge.waves or (edge.wave,),
                  *_provenance(edge), changes.change_of[edge.id] if changes else None)  # fmt: skip
        inside = written.get(values)
        if inside is None:
            named = dict(zip(EDGE_VALUES, values, strict=True))
            named["waves"] = ",".join(named["waves"])
            if not changes:
                del named["change"]
            inside = written[values] = _inside("edge", named, text)
        ends = (f'id="{_attribute(edge.id)}" source="o{edge.source}" '
                f'target="o{edge.target}"')  # fmt: skip
        edges.append(f"<edge {ends}>{inside}</edge>" if inside else f"<edge {ends} />")
    return edges


class _XmlText(dict):
    """Text as an element's content holds it, by the value it writes: each value escaped once.

    A national network's GraphML has 200,000 values and few distinct ones but for names.
    """

    def __missing__(self, value) -> str:
        """Escape a value not seen before, and keep it."""
        self[value] = text = _cdata(_xml_text(value))
        return text


def _item(scope: str, attributes: str, values: dict, text: _XmlText) -> str:
    """Return a node or an edge with one <data> element per known value."""
    inside = _inside(scope, values, text)
    return f"<{scope} {attributes}>{inside}</{scope}>" if inside else f"<{scope} {attributes} />"


def _inside(scope: str, values: dict, text: _XmlText) -> str:
    """Return one <data> element per known value of a node or an edge, as one text."""
    opening = DATA_OPENINGS[scope]
    data = []
    for name, value in values.items():
        if value is None or value == "":
            continue
        kind = type(value)
        # Numbers are not kept: 1, 1.0 and True are one key of a dict.
        written = str(value) if kind is int or kind is float else text[value]
        data.append(f"{opening[name]}>{written}</data>" if written else f"{opening[name]} />")
    return "".join(data)
