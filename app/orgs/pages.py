"""From URL arguments to what the list and table templates show: filters, sorts, links.

Both pages are kept (app/pagecache.py) under the arguments they declare here; a value
they do not know is refused with a 400 before anything is fetched (app/pageargs.py).
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from werkzeug.datastructures import MultiDict

from app.buildmemo import shared
from app.graph.filters import GraphFilters, filter_arguments, parse_filters
from app.graph.responses import FILTER_ARGUMENTS
from app.models import Organization
from app.orgs.queries import LIST_SORTS, organization_list, public_organization_by_slug
from app.orgs.sorting import Header, read_sort, sort_argument, sort_headers
from app.orgs.table import (
    ORGANIZATION_SORTS,
    RELATIONSHIP_SORTS,
    NetworkTable,
    build_table,
)
from app.pageargs import Argument, link, note_last_page, refuse, text
from app.pagination import ListPagination, page_argument, read_page

TABLE_PER_PAGE = 100

LIST_COLUMNS = [
    ("name", _l("Name")),
    ("kind", _l("Kind")),
    ("place", _l("Place")),
    ("relationships", _l("Relationships")),
]
# The table view's organizations also say where each stands in the network.
TABLE_ORGANIZATION_COLUMNS = [
    *LIST_COLUMNS,
    ("betweenness", _l("Go-between score")),
    ("group", _l("Group")),
]
RELATIONSHIP_COLUMNS = [
    ("organization", _l("Reported by")),  # the organization whose answer names it
    ("partner", _l("Partner")),
    ("type", _l("Type")),
    ("status", _l("Status")),
    ("wave", _l("Wave")),
    ("approved", _l("Approved on")),
    ("reply", _l("The partner")),
    ("change", _l("Change")),  # only in the "changes since" mode
]


SORT, ORG_SORT = ("sort", "dir"), ("osort", "odir")  # the sorts' URL arguments
# Each sort: its arguments, its columns, its default column.
LIST_SORT = (SORT, LIST_SORTS, "name")
RELATIONSHIP_SORT = (SORT, RELATIONSHIP_SORTS, "organization")
ORGANIZATION_SORT = (ORG_SORT, ORGANIZATION_SORTS, "name")
# The arguments each page reads (app/pageargs.py). A search has no bounds: its pages are
# built for each request and never kept, so that searching for ever new words cannot
# push the kept pages out of the cache. Each costs what a page of the list costs to build.
SEARCH = text("q", 100, kept=False)
ORG = text("org", 100)  # one organization's neighbourhood, checked: a public one
LIST_ARGUMENTS = (
    SEARCH,
    Argument(("kind", "state"), filter_arguments),
    sort_argument(*LIST_SORT),
    page_argument("page"),
)
TABLE_ARGUMENTS = (
    FILTER_ARGUMENTS,
    ORG,
    sort_argument(*RELATIONSHIP_SORT),
    sort_argument(*ORGANIZATION_SORT),
    page_argument("page"),
    page_argument("opage"),
)


@dataclass
class ListView:
    result: Pagination  # of ListRow
    q: str
    filters: GraphFilters
    headers: list[Header]
    page_args: dict = field(default_factory=dict)  # the URL arguments a pager link keeps


@dataclass
class TableView:
    table: NetworkTable
    filters: GraphFilters
    focus: Organization | None
    relationship_headers: list[Header] = field(default_factory=list)
    organization_headers: list[Header] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)
    # The tables a page at a time: a whole national network is megabytes of HTML.
    relationship_page: Pagination | None = None
    organization_page: Pagination | None = None
    page_args: dict = field(default_factory=dict)


def _named(columns: list[tuple[str, str]], key: str) -> str:
    """Return the column `key` as a sort problem names it: its label, in lower case."""
    return str(dict(columns)[key]).lower()


def _only(args: MultiDict, names: tuple[str, ...]) -> MultiDict:
    """Keep only the URL arguments called `names`."""
    return MultiDict([(key, value) for key, value in args.items(multi=True) if key in names])


def _sort_args(sort: tuple[str, bool], names: tuple[str, str]) -> list[tuple[str, str]]:
    """Return a sort as URL arguments."""
    return [(names[0], sort[0]), (names[1], "desc" if sort[1] else "asc")]


def focus_of(args: MultiDict) -> tuple[Organization | None, list[str]]:
    """Return the public organization `org` names, if any, and a message if it names none."""
    slug = args.get("org", "")  # as ORG reads it: trimmed, at most 100 characters
    if not slug:
        return None, []
    focus = public_organization_by_slug(slug)
    if focus is not None:
        return focus, []
    message = _("Unknown organization %(slug)s: showing the whole network.", slug=repr(slug))
    return None, [message]


def list_view(args: MultiDict, path: str) -> ListView:
    """Read the organization list's search, filters, sort and page, and fetch that page."""
    q = args.get("q", "")  # as SEARCH reads it: trimmed, at most 100 characters
    filters, problems = parse_filters(_only(args, ("kind", "state")))
    sort, sort_problems = read_sort(args, *LIST_SORT, _named(LIST_COLUMNS, LIST_SORT[2]))
    number, page_problems = read_page(args.get("page"))
    shown = filters.query_args()
    if q:
        shown.add("q", q)
    current = MultiDict([*shown.items(multi=True), *_sort_args(sort, SORT)])
    if problems + sort_problems + page_problems:
        refuse(problems + sort_problems + page_problems, link(path, current))
    # The same rows in every language: a publishing job reads them once (app/buildmemo.py).
    result = shared(
        ("organization list", q, filters.cache_key(), sort, number),
        lambda: organization_list(
            q=q, filters=filters, sort=sort[0], descending=sort[1], page=number
        ),
    )
    note_last_page("page", result.pages)
    view = ListView(
        result,
        q,
        filters,
        sort_headers(LIST_COLUMNS, sort, current, SORT, lambda a: link(path, a)),
    )
    view.page_args = current.to_dict(flat=False)
    return view


def table_view(args: MultiDict, path: str) -> TableView:
    """Read the map's filters (and `org`) and the two sorts, and fetch the tables."""
    filters, problems = parse_filters(args)
    focus, focus_problems = focus_of(args)
    rel_sort, rel_problems = read_sort(
        args, *RELATIONSHIP_SORT, _named(RELATIONSHIP_COLUMNS, RELATIONSHIP_SORT[2])
    )
    org_sort, org_problems = read_sort(
        args, *ORGANIZATION_SORT, _named(TABLE_ORGANIZATION_COLUMNS, ORGANIZATION_SORT[2])
    )
    rel_page, rel_page_problems = read_page(args.get("page"))
    org_page, org_page_problems = read_page(args.get("opage"))
    shown = filters.query_args()
    if focus is not None:
        shown.add("org", focus.slug)
    sorts = _sort_args(rel_sort, SORT) + _sort_args(org_sort, ORG_SORT)
    current = MultiDict([*shown.items(multi=True), *sorts])
    problems += focus_problems + rel_problems + org_problems + rel_page_problems
    if problems + org_page_problems:
        refuse(problems + org_page_problems, link(path, current))
    table = build_table(filters, focus, rel_sort, org_sort)
    view = TableView(table, filters, focus)
    view.relationship_page = ListPagination(table.relationships, rel_page, TABLE_PER_PAGE)
    view.organization_page = ListPagination(table.organizations, org_page, TABLE_PER_PAGE)
    note_last_page("page", view.relationship_page.pages)
    note_last_page("opage", view.organization_page.pages)
    view.page_args = {
        **current.to_dict(flat=False),
        "page": view.relationship_page.page,
        "opage": view.organization_page.page,
    }
    columns = [c for c in RELATIONSHIP_COLUMNS if filters.since or c[0] != "change"]
    view.relationship_headers = sort_headers(
        columns,
        rel_sort,
        current,
        SORT,
        lambda a: link(path, a) + "#relationships-heading",
    )
    view.organization_headers = sort_headers(
        TABLE_ORGANIZATION_COLUMNS,
        org_sort,
        current,
        ORG_SORT,
        lambda a: link(path, a) + "#organizations-heading",
    )
    view.links = {
        "whole_network": link(path, filters.query_args()),
        "map": link("/map", shown),
        "partnerships_csv": link("/downloads/partnerships.csv", filters.query_args()),
        "organizations_csv": link("/downloads/organizations.csv", filters.query_args()),
    }
    return view
