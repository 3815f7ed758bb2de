"""Sortable tables as links: reading the sort from the URL and building header links."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from app.pageargs import Argument

# Columns whose first click sorts biggest first.
DESCENDING_FIRST = {"relationships"}


@dataclass(frozen=True)
class Header:
    label: str
    url: str
    aria_sort: str | None  # "ascending" or "descending" on the sorted column only


def read_sort(
    args: MultiDict,
    names: tuple[str, str],
    allowed: Iterable[str],
    default: str,
    default_name: str | None = None,
):
    """Read a (column, descending) sort from two URL arguments; return it and any problem.

    A problem names the default column `default_name` (its label), else by its key.
    """
    column, direction = (args.get(name, "").strip()[:40] for name in names)
    problems = []
    if column and column not in allowed:
        problems.append(
            _(
                "Unknown sort column %(column)s: sorted by %(default)s.",
                column=repr(column),
                default=default_name or default,
            )
        )
        column = ""
    if direction and direction not in ("asc", "desc"):
        problems.append(
            _(
                "Unknown sort direction %(direction)s: sorted in the usual order.",
                direction=repr(direction),
            )
        )
        direction = ""
    column = column or default
    descending = direction == "desc" if direction else column in DESCENDING_FIRST
    return (column, descending), problems


def sort_headers(
    columns: list[tuple[str, str]],
    current: tuple[str, bool],
    args: MultiDict,
    names: tuple[str, str],
    url: Callable[[MultiDict], str],
) -> list[Header]:
    """Return one header per (key, label): a link sorting by it, and aria-sort if sorted.

    A label may be lazily translated; the header holds it in the page's language.
    """
    headers = []
    for key, label in columns:
        sorted_here = key == current[0]
        descending = not current[1] if sorted_here else key in DESCENDING_FIRST
        changed = MultiDict(args)
        changed.setlist(names[0], [key])
        changed.setlist(names[1], ["desc" if descending else "asc"])
        changed.poplist("page")
        aria = ("descending" if current[1] else "ascending") if sorted_here else None
        headers.append(Header(str(label), url(changed), aria))
    return headers


def sort_argument(names: tuple[str, str], allowed: Iterable[str], default: str) -> Argument:
    """Declare a sort's two URL arguments (app/pageargs.py), read as read_sort reads them."""

    def read(args: MultiDict) -> list[tuple[str, str]] | None:
        """Return the sort as two arguments, none for the usual one, or None if refused."""
        (column, descending), problems = read_sort(args, names, allowed, default)
        if problems:
            return None
        if column == default and descending == (column in DESCENDING_FIRST):
            return []
        return [(names[0], column), (names[1], "desc" if descending else "asc")]

    return Argument(names, read)
