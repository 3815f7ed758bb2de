"""Pages of long lists, one way everywhere: Flask-SQLAlchemy's Pagination.

Lists read from the database page through db.paginate; the table view, which holds
the map's filtered network in memory, pages a list through the same interface, so
templates use one pager macro (templates/_pager.html) for both.
"""

import math

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination

from app.extensions import db
from app.inputs import parse_id
from app.pageargs import Argument

PER_PAGE = 50


def read_page(raw: str | None) -> tuple[int, list[str]]:
    """Read a page number; anything but a positive whole number is page 1, with a message."""
    if not raw:
        return 1, []
    number = parse_id(raw)
    if number is not None:
        return number, []
    return 1, [_("%(value)s is not a page number: showing the first page.", value=repr(raw[:20]))]


def page_argument(name: str = "page") -> Argument:
    """Declare a page number argument (app/pageargs.py), read as read_page reads it."""

    def read(args) -> list[tuple[str, str]] | None:
        """Return the page number as an argument, none for the first page, or None if refused."""
        number, problems = read_page(args.get(name))
        if problems:
            return None
        return [(name, str(number))] if number > 1 else []

    return Argument((name,), read, page_number=True)


def paginate(select: sa.Select, page: int, per_page: int = PER_PAGE) -> Pagination:
    """Return page `page` of `select`'s rows (scalars), the last page if it is past the end."""
    pagination = _paginate(select, page, per_page)
    if page > pagination.pages > 0:
        pagination = _paginate(select, pagination.pages, per_page)
    return pagination


def _paginate(select: sa.Select, page: int, per_page: int) -> Pagination:
    return db.paginate(select, page=page, per_page=per_page, max_per_page=per_page,
                       error_out=False)  # fmt: skip


class ListPagination(Pagination):
    """A page of a list already in memory, with the interface of db.paginate's pages."""

    def __init__(self, items: list, page: int, per_page: int = PER_PAGE):
        last = max(1, math.ceil(len(items) / per_page))
        self._all = items
        super().__init__(page=min(max(page, 1), last), per_page=per_page, error_out=False)

    def _query_items(self) -> list:
        return self._all[self._query_offset : self._query_offset + self.per_page]

    def _query_count(self) -> int:
        return len(self._all)
