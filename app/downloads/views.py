"""Download the approved network as open data files, with the map's filters."""

from collections.abc import Callable

from flask import render_template, request
from flask_babel import lazy_gettext as _l

from app.downloads import formats
from app.downloads.waves import wave_files
from app.graph.cache import etag_for, view_at
from app.graph.cache import graph_json as cached_graph_json
from app.graph.filters import parse_filters
from app.graph.responses import FILTER_ARGUMENTS, bad_filters, conditional
from app.i18n import DEFAULT_LANGUAGE, in_language
from app.pagecache import cached_public_page, shared_state

LICENSE = "CC BY 4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "Constellation contributors and the Code for America network"
FILES = [
    (
        "downloads.partnerships_csv",
        "partnerships.csv",
        _l(
            "One row per approved partnership, however many waves named it: organization, "
            "partner, status, what the partner cares about and how the relationship was built, "
            "as the latest answer (wave) says, and every wave that named it (waves)."
        ),
    ),
    (
        "downloads.organizations_csv",
        "organizations.csv",
        _l(
            "One row per organization on the map: name, kind, place, website, number of "
            "relationships, and where it stands in the network: betweenness (the share of "
            "shortest paths between two other organizations that pass through it), community "
            "(its group, 1 the largest) and component (its connected part, 1 the largest)."
        ),
    ),
    (
        "downloads.graph_json",
        "graph.json",
        _l("The network as Cytoscape.js elements, with map positions (what the map itself reads)."),
    ),
    (
        "downloads.graph_graphml",
        "graph.graphml",
        _l(
            "The network as GraphML with node and edge attributes (the figures above included), "
            "for Gephi, Gephi Lite or Cytoscape desktop."
        ),
    ),
]


@cached_public_page
def index():
    """List the open data files and the license they come under."""
    return render_template(
        "downloads/index.html",
        files=[(endpoint, name, str(description)) for endpoint, name, description in FILES],
        license=LICENSE,
        license_url=LICENSE_URL,
        attribution=ATTRIBUTION,
        waves=wave_files(),
    )


@cached_public_page(FILTER_ARGUMENTS)
def partnerships_csv():
    """Download the approved partnerships as CSV."""
    return _download("partnerships.csv", "text/csv", lambda view, _: formats.partnerships_csv(view))


@cached_public_page(FILTER_ARGUMENTS)
def organizations_csv():
    """Download the organizations on the map as CSV."""
    return _download(
        "organizations.csv", "text/csv", lambda view, _: formats.organizations_csv(view)
    )


@cached_public_page(FILTER_ARGUMENTS)
def graph_graphml():
    """Download the network as GraphML."""
    return _download("graph.graphml", "application/graphml+xml", formats.graphml)


@cached_public_page(FILTER_ARGUMENTS)
def graph_json():
    """Download the network as Cytoscape.js JSON: the document /api/graph serves."""
    return _download("graph.json", "application/json", cached=True)


def _download(name: str, mimetype: str, write: Callable | None = None, *, cached=False):
    """Answer one file of the filtered network, made by `write(view, positions)`.

    With `cached`, the file is the serialized /api/graph document, kept per revision.
    """
    filters, problems = parse_filters(request.args)
    if problems:
        return bad_filters(problems)
    state = shared_state()

    def produce():
        """Make the file's content for this state of the network and these filters."""
        if cached:
            return cached_graph_json(state, filters)
        if write is None:  # each download that is not the cached document names its writer
            raise TypeError(f"no writer for {name}")
        return write(*view_at(filters))

    return conditional(
        etag_for(state, filters, name),
        in_english(produce),
        mimetype,
        filename=f"constellation-{name}",
    )


def in_english(produce: Callable[[], bytes | str]) -> Callable[[], bytes | str]:
    """Return `produce` writing in English: a download is the same file for every visitor."""

    def english():
        """Produce the file with the site's default language in force."""
        with in_language(DEFAULT_LANGUAGE):
            return produce()

    return english
