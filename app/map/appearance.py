"""How the map draws what it shows: where organizations sit, their colour and their size.

Unlike the filters (app/graph/filters.py), these choose nothing: the same organizations
are drawn, laid out as a network (app/graph/packing.py) or at their places on a map of
the United States (app/graph/places.py), coloured by their kind, their group (community)
or their state, and sized by their number of relationships or by how often they stand
between two others (app/insights/figures.py). They live in the map's address so a
shared link keeps them.
"""

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from app.i18n import N_

LAYOUTS = {"network": _l("Network"), "geography": _l("Geography (United States)")}
COLOURS = {"kind": _l("Kind of organization"), "community": _l("Group"), "state": _l("State")}
SIZES = {"relationships": _l("Number of relationships"), "betweenness": _l("Go-between score")}
# (URL argument, the message for a value it does not know, its choices, the default)
CHOICES = [
    ("layout", N_("Unknown layout %(value)s: choose one of %(choices)s."), LAYOUTS, "network"),
    ("color", N_("Unknown colour %(value)s: choose one of %(choices)s."), COLOURS, "kind"),
    ("size", N_("Unknown size %(value)s: choose one of %(choices)s."), SIZES, "relationships"),
]


def parse_appearance(args: MultiDict) -> tuple[dict[str, str], list[str]]:
    """Return the layout, colour and size chosen in `args` and a message per unknown value."""
    chosen, problems = {}, []
    for name, unknown, choices, default in CHOICES:
        value = (args.get(name) or default).strip()
        if value not in choices:
            problems.append(gettext(unknown, value=repr(value[:40]), choices=", ".join(choices)))
            value = default
        chosen[name] = value
    return chosen, problems


def appearance_arguments(args: MultiDict) -> list[tuple[str, str]] | None:
    """Return the layout, colour and size chosen as URL arguments, or None when one is unknown.

    A default is left out: "/map?color=kind" is "/map" (app/pageargs.py names pages so).
    """
    chosen, problems = parse_appearance(args)
    if problems:
        return None
    return [(name, chosen[name]) for name, _, _, default in CHOICES if chosen[name] != default]
