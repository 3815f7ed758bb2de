"""From URL arguments to what the list and table templates show: filters, sorts, links."""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from werkzeug.datastructures import MultiDict

from app.graph.filters import GraphFilters, parse_filters
from app.models import Organization
from app.orgs.queries import LIST_SORTS, organization_list, public_organization_by_slug
from app.orgs.sorting import Header, link, read_sort, sort_headers
from app.orgs.table import (
    ORGANIZATION_SORTS,
    RELATIONSHIP_SORTS,
    NetworkTable,
    build_table,
    sort_table,
)
from app.pagination import ListPagination, read_page

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


@dataclass
class ListView:
    result: Pagination  # of ListRow
    q: str
    filters: GraphFilters
    problems: list[str]
    headers: list[Header]
    page_args: dict = field(default_factory=dict)  # the URL arguments a pager link keeps


@dataclass
class TableView:
    table: NetworkTable
    filters: GraphFilters
    focus: Organization | None
    problems: list[str]
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


def list_view(args: MultiDict, path: str) -> ListView:
    """Read the organization list's search, filters, sort and page, and fetch that page."""
    q = args.get("q", "").strip()[:100]
    filters, problems = parse_filters(_only(args, ("kind", "state")))
    sort, sort_problems = read_sort(
        args, ("sort", "dir"), LIST_SORTS, "name", _named(LIST_COLUMNS, "name")
    )
    number, page_problems = read_page(args.get("page"))
    result = organization_list(q=q, filters=filters, sort=sort[0], descending=sort[1], page=number)
    if number > result.pages:
        page_problems.append(
            _(
                "There is no page %(number)s: showing page %(page)s.",
                number=number,
                page=result.page,
            )
        )
    shown = filters.query_args()
    if q:
        shown.add("q", q)
    current = MultiDict([*shown.items(multi=True), *_sort_args(sort, ("sort", "dir"))])
    view = ListView(
        result,
        q,
        filters,
        problems + sort_problems + page_problems,
        sort_headers(LIST_COLUMNS, sort, current, ("sort", "dir"), lambda a: link(path, a)),
    )
    view.page_args = current.to_dict(flat=False)
    return view


def table_view(args: MultiDict, path: str) -> TableView:
    """Read the map's filters (and `org`) and the two sorts, and fetch the tables."""
    filters, problems = parse_filters(args)
    focus = None
    slug = args.get("org", "").strip()
    if slug:
        focus = public_organization_by_slug(slug)
        if focus is None:
            problems.append(
                _(
                    "Unknown organization %(slug)s: showing the whole network.",
                    slug=repr(slug[:100]),
                )
            )
    rel_names, org_names = ("sort", "dir"), ("osort", "odir")
    rel_sort, rel_problems = read_sort(
        args, rel_names, RELATIONSHIP_SORTS, "organization",
        _named(RELATIONSHIP_COLUMNS, "organization"),
    )  # fmt: skip
    org_sort, org_problems = read_sort(
        args, org_names, ORGANIZATION_SORTS, "name", _named(TABLE_ORGANIZATION_COLUMNS, "name")
    )
    table = build_table(filters, focus)
    sort_table(table, rel_sort, org_sort)
    shown = filters.query_args()
    if focus is not None:
        shown.add("org", focus.slug)
    sorts = _sort_args(rel_sort, rel_names) + _sort_args(org_sort, org_names)
    current = MultiDict([*shown.items(multi=True), *sorts])
    rel_page, rel_page_problems = read_page(args.get("page"))
    org_page, org_page_problems = read_page(args.get("opage"))
    view = TableView(
        table,
        filters,
        focus,
        problems + rel_problems + org_problems + rel_page_problems + org_page_problems,
    )
    view.relationship_page = ListPagination(table.relationships, rel_page, TABLE_PER_PAGE)
    view.organization_page = ListPagination(table.organizations, org_page, TABLE_PER_PAGE)
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
        rel_names,
        lambda a: link(path, a) + "#relationships-heading",
    )
    view.organization_headers = sort_headers(
        TABLE_ORGANIZATION_COLUMNS,
        org_sort,
        current,
        org_names,
        lambda a: link(path, a) + "#organizations-heading",
    )
    view.links = {
        "whole_network": link(path, filters.query_args()),
        "map": link("/map", shown),
        "partnerships_csv": link("/downloads/partnerships.csv", filters.query_args()),
        "organizations_csv": link("/downloads/organizations.csv", filters.query_args()),
    }
    return view
