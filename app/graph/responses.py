"""HTTP answers for public network data: entity tags, 304s, attachments, filter errors."""

from collections.abc import Callable

from flask import Response, jsonify, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from app.graph.document import COMPACT
from app.graph.filters import PARAMETERS, filter_arguments
from app.pageargs import Argument

# The filters as a kept page declares them (app/pageargs.py).
FILTER_ARGUMENTS = Argument(PARAMETERS, filter_arguments)
# /api/graph?view=opening: only what the map opens on (app/graph/document.opening_group).
VIEWS = ("opening",)
# /api/graph?format=compact: the map's own form of the document (app/graph/document.COMPACT).
FORMATS = (COMPACT,)


def view_of(args: MultiDict) -> tuple[str, list[str]]:
    """Read which part of the network /api/graph serves ("" for all); a message if unknown."""
    value = (args.get("view") or "").strip()
    if not value or value in VIEWS:
        return value, []
    known = ", ".join(VIEWS)
    return "", [_("Unknown view %(value)s; known: %(known)s.", value=repr(value[:60]), known=known)]


def format_of(args: MultiDict) -> tuple[str, list[str]]:
    """Read the form of the /api/graph document ("" for the default); a message if unknown."""
    value = (args.get("format") or "").strip()
    if not value or value in FORMATS:
        return value, []
    known = ", ".join(FORMATS)
    return "", [
        _("Unknown format %(value)s; known: %(known)s.", value=repr(value[:60]), known=known)
    ]


def _one_way(name: str, read: Callable[[MultiDict], tuple[str, list[str]]]) -> Argument:
    """Declare argument `name`, written one way as `read` reads it (refused when it complains)."""

    def written(args: MultiDict) -> list[tuple[str, str]] | None:
        """Return the argument as a URL pair (none for the default), or None when refused."""
        value, problems = read(args)
        return None if problems else ([(name, value)] if value else [])

    return Argument((name,), written)


VIEW_ARGUMENT = _one_way("view", view_of)
FORMAT_ARGUMENT = _one_way("format", format_of)


def conditional(
    etag: str, produce: Callable[[], bytes | str], mimetype: str, *, filename: str | None = None
) -> Response:
    """Answer 304 when the client already holds `etag`, else what `produce` returns.

    Clients may keep the answer but must ask again each time (no-cache): a submission
    approved in moderation then shows on the next load, at the cost of a 304.
    """
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        response = Response(produce(), mimetype=mimetype)
        if filename:
            response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.no_cache = True
    return response


def bad_filters(problems: list[str]) -> tuple[Response, int]:
    """Answer unknown filter values with 400 and a message per value."""
    return jsonify(error=_("Some filter values are not known."), problems=problems), 400


def not_found(message: str) -> tuple[Response, int]:
    """Answer a request for something that is not public (or not there) with a JSON 404.

    `message` says what is missing, in the visitor's language ("No public organization here.").
    """
    return jsonify(error=message), 404
