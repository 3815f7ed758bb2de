"""What a kept public page reads from its address, so that no address can make it build anew.

A kept page is named by its path, its arguments, the language and the day
(app/pagecache.py). Were every argument of the address part of that name, `?zz=1`,
`?zz=2`, … would each build the page again. So each kept page declares the arguments it
reads (`Argument`), and its name holds only those, each written one way, by the same
reader its view parses it with (app/graph/filters.py, app/map/appearance.py, …):
"kind=b,a" and "kind=a&kind=b&kind=a" name one page. An argument a page does not
declare is left out of its name and out of the page itself: the view sees only the
declared arguments (`declared`), so nothing the first visitor added is kept for others.

Values are bounded by what the views accept: a value a reader refuses stays as written,
under a name that is never kept, since the view answers it with a 400 before building
anything (`refuse`); a page number past a list's last page is sent to the last page
(`PageNumbers`), built at most once per list and then known from a note kept beside
the pages. What remains is finite: the known values of each argument.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import NoReturn
from urllib.parse import urlencode

from flask import Response, abort, g, render_template
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

from app.inputs import parse_id

Pairs = list[tuple[str, str]]
LAST_PAGES = "constellation_last_pages"  # on `g`: the last page of each list a view built


@dataclass(frozen=True)
class Argument:
    """URL arguments a page reads, and how they are written one way.

    `read` gets only the arguments called `names` and returns them as (name, value)
    pairs written one way, defaults left out, or None when it refuses a value. It may not
    use the database (the page cache names pages before Flask is entered), and an empty
    address must read as no pairs.
    """

    names: tuple[str, ...]
    read: Callable[[MultiDict], Pairs | None]
    page_number: bool = False  # a page of a list, at most the list's last page
    # False for values without bounds (a search): a page with one is built, never kept.
    kept: bool = True


NONE: tuple[Argument, ...] = ()
EMPTY: ImmutableMultiDict = ImmutableMultiDict()


def text(name: str, longest: int, *, kept: bool = True) -> Argument:
    """Declare a text argument, trimmed and cut to `longest` characters."""

    def read(args: MultiDict) -> Pairs:
        """Return the text as one pair, or none when it is empty."""
        value = (args.get(name) or "").strip()[:longest]
        return [(name, value)] if value else []

    return Argument((name,), read, kept=kept)


def flag(name: str) -> Argument:
    """Declare an argument that is on when it is "1" and off otherwise."""
    return Argument((name,), lambda args: [(name, "1")] if args.get(name) == "1" else [])


def declared(arguments: tuple[Argument, ...], args: MultiDict) -> ImmutableMultiDict:
    """Return the declared arguments of `args`, each written one way (refused ones as written)."""
    if not args or not arguments or _names(arguments).isdisjoint(args.keys()):
        return EMPTY  # nothing the page reads: an address of only others is read at no cost
    pairs: Pairs = []
    for argument in arguments:
        own = tuple((k, v) for k, v in args.items(multi=True) if k in argument.names)
        if own:  # none of its names: it reads as nothing
            pairs += _read(argument, own)
    return ImmutableMultiDict(pairs) if pairs else EMPTY


@lru_cache(maxsize=64)
def _names(arguments: tuple[Argument, ...]) -> frozenset[str]:
    """Return every name the `arguments` are written under."""
    return frozenset(name for argument in arguments for name in argument.names)


@lru_cache(maxsize=1024)
def _read(argument: Argument, own: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Return what `argument` reads from its own pairs, or the pairs as given if it refuses one.

    Remembered: links repeat, and reading costs more than the rest of answering a kept
    page before Flask. Readers use nothing but their arguments, so the answer stands.
    """
    read = argument.read(MultiDict(own))
    return own if read is None else tuple(read)


def keeps(arguments: tuple[Argument, ...], query: MultiDict) -> bool:
    """Tell whether a page with these declared arguments may be kept (none is unbounded)."""
    return all(argument.kept or not _given(argument, query) for argument in arguments)


def _given(argument: Argument, query: MultiDict) -> bool:
    """Tell whether `query` holds any of the argument's names."""
    return any(name in query for name in argument.names)


def declared_paths(app) -> dict[str, tuple[Argument, ...]]:
    """Return the arguments each kept page declares, by path (pages whose path has no variable).

    A page with a variable in its path (/orgs/<slug>) may not declare arguments: the
    layer before Flask, which does not route, names it by its path alone.
    """
    paths = {}
    for rule in app.url_map.iter_rules():
        arguments = getattr(app.view_functions.get(rule.endpoint), "page_arguments", NONE)
        if rule.arguments and arguments:
            raise RuntimeError(f"{rule.rule} has a variable: it cannot declare arguments")
        if not rule.arguments:
            paths[rule.rule] = arguments
    return paths


def link(path: str, query: MultiDict) -> str:
    """Return `path` with `query` as its query string (kept in order, repeats allowed)."""
    encoded = urlencode(list(query.items(multi=True)))
    return f"{path}?{encoded}" if encoded else path


def refuse(problems: list[str], without: str) -> NoReturn:
    """Answer 400 before building anything: what was refused, and a link to the page without it."""
    page = render_template("errors/arguments.html", problems=problems, without=without)
    abort(Response(page, status=400))


def note_last_page(name: str, pages: int) -> None:
    """Tell the page cache which page is the last of the list the argument `name` pages."""
    g.setdefault(LAST_PAGES, {})[name] = max(1, pages)


@dataclass(frozen=True)
class PageNumbers:
    """The page numbers a request asks for, and where the last pages of its lists are kept.

    A view notes its lists' last pages as it builds them (`note_last_page`); they are
    kept beside the pages under the request's other arguments, so that a later page
    number past the end is sent to the last page without building anything.
    """

    path: str
    numbers: dict[str, int]  # argument name: the page asked for
    others: Pairs  # the other declared arguments

    @classmethod
    def of(cls, path: str, arguments: tuple[Argument, ...], query: MultiDict) -> "PageNumbers":
        """Read the page numbers of `query` (a refused one counts as the first page)."""
        names = [argument.names[0] for argument in arguments if argument.page_number]
        numbers = {name: parse_id(query.get(name)) or 1 for name in names}
        return cls(path, numbers, [p for p in query.items(multi=True) if p[0] not in numbers])

    def _name(self) -> str:
        """Return the name these lists' last pages are kept under."""
        return json.dumps(["last-pages", self.path, self.others])

    def kept(self, store, state: tuple) -> dict[str, int]:
        """Return the last pages kept for these lists in the network `state`, if any."""
        if all(number == 1 for number in self.numbers.values()):
            return {}  # the first page is always there: nothing to look up
        value = store.get(state, self._name())
        return json.loads(value) if value is not None else {}

    def keep(self, store, state: tuple, last: dict[str, int]) -> None:
        """Keep the last pages of these lists, when the view noted them."""
        if last and self.numbers:
            store.put(state, self._name(), json.dumps(last).encode())

    @staticmethod
    def noted() -> dict[str, int]:
        """Return the last pages the view noted while it built this page."""
        return g.pop(LAST_PAGES, None) or {}

    def back(self, last: dict[str, int]) -> Response | None:
        """Return a 303 to the last page when a page number asked for is past it."""
        past = {name: last[name] for name, n in self.numbers.items() if n > last.get(name, n)}
        if not past:
            return None
        pages = {name: past.get(name, n) for name, n in self.numbers.items()}
        pairs = self.others + [(name, str(page)) for name, page in pages.items() if page > 1]
        return Response(status=303, headers={"Location": link(self.path, MultiDict(pairs))})
