"""How the map draws what it shows: where organizations sit, their colour and their size.

Unlike the filters (app/graph/filters.py), these choose nothing: the same organizations
are drawn, laid out as a network (app/graph/packing.py) or at their places on a map of
the United States (app/graph/places.py), coloured by their kind, their group (community)
or their state, and sized by their number of relationships or by how often they stand
between two others (app/insights/figures.py). They live in the map's address so a
shared link keeps them.
"""

from werkzeug.datastructures import MultiDict

LAYOUTS = {"network": "Network", "geography": "Geography (United States)"}
COLOURS = {"kind": "Kind of organization", "community": "Group", "state": "State"}
SIZES = {"relationships": "Number of relationships", "betweenness": "Go-between score"}
# (URL argument, what it is called in a message, its choices, the default)
CHOICES = [
    ("layout", "layout", LAYOUTS, "network"),
    ("color", "colour", COLOURS, "kind"),
    ("size", "size", SIZES, "relationships"),
]


def parse_appearance(args: MultiDict) -> tuple[dict[str, str], list[str]]:
    """Return the layout, colour and size chosen in `args` and a message per unknown value."""
    chosen, problems = {}, []
    for name, called, choices, default in CHOICES:
        value = (args.get(name) or default).strip()
        if value not in choices:
            problems.append(f"Unknown {called} {value[:40]!r}: choose one of {', '.join(choices)}.")
            value = default
        chosen[name] = value
    return chosen, problems
