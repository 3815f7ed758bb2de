"""How the map draws what it shows: the colour and the size of each organization.

Unlike the filters (app/graph/filters.py), these choose nothing: the same organizations
are drawn, coloured by their kind, their group (community) or their state, and sized by
their number of relationships or by how often they stand between two others
(app/insights/figures.py). They live in the map's address so a shared link keeps them.
"""

from werkzeug.datastructures import MultiDict

COLOURS = {"kind": "Kind of organization", "community": "Group", "state": "State"}
SIZES = {"relationships": "Number of relationships", "betweenness": "Go-between score"}
DEFAULT_COLOUR, DEFAULT_SIZE = "kind", "relationships"


def parse_appearance(args: MultiDict) -> tuple[str, str, list[str]]:
    """Return the colour and size chosen in `args` and a message per unknown value."""
    problems = []
    colour = (args.get("color") or DEFAULT_COLOUR).strip()
    if colour not in COLOURS:
        problems.append(f"Unknown colour {colour[:40]!r}: choose one of {', '.join(COLOURS)}.")
        colour = DEFAULT_COLOUR
    size = (args.get("size") or DEFAULT_SIZE).strip()
    if size not in SIZES:
        problems.append(f"Unknown size {size[:40]!r}: choose one of {', '.join(SIZES)}.")
        size = DEFAULT_SIZE
    return colour, size, problems
