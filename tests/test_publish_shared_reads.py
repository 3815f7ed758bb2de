"""One publication reads the network once, and builds what a visitor's request would build.

The publishing job (app/graph/publish.py) lays the network out and builds the main public
documents of its state in every language; they share what the layout and the first build
read (app/buildmemo.py). What they share is never seen by a visitor's request.
"""

import gc
import math
import re
import xml.etree.ElementTree as ET

import pytest
from werkzeug.wrappers import Request

from app.buildmemo import BUILD_MARK, BuildMemo, shared
from app.cache import document_cache
from app.graph import layout
from app.graph import publish as publication
from app.graph.publish import FILES, PAGES, _environ, publish_network
from app.i18n import LANGUAGES
from app.models import OrgKind, RelationshipStatus
from app.network import network_state
from app.pagecache import _page_name
from tests import factories
from tests.helpers import count_queries, publish
from tests.test_graph_api import partnership, small_network

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
# The statements that read a whole part of the network, in app/graph/build.load_network,
# app/graph/layout.py (stored positions and places) and app/insights/store.insight_for.
WHOLE_NETWORK = re.compile(r"SELECT organization\.id, organization\.name, organization\.slug, "
                           r"organization\.kind, organization\.city, organization\.state, "
                           r"organization\.website\s+FROM organization")  # fmt: skip
STORED_POSITIONS = re.compile(r"SELECT node_position\.organization_id, node_position\.x, ")
STORED_PLACES = re.compile(r"SELECT node_position\.organization_id, node_position\.latitude")
FIGURES = re.compile(r"FROM network_insight LEFT OUTER JOIN survey_wave")


def matching(pattern: re.Pattern, statements: list[str]) -> int:
    """Count the statements that match `pattern` (whitespace made single spaces)."""
    return sum(1 for s in statements if pattern.search(" ".join(s.split())))


def asked() -> list[tuple[str, str]]:
    """Return every (path, language) the job keeps a document for."""
    return [(path, language) for path in (*PAGES, *FILES) for language in LANGUAGES]


def kept_name(path: str, language: str) -> str:
    """Return the name the page cache keeps `path` (with its arguments) under in `language`."""
    visitor = Request(_environ(path, language))
    return _page_name(visitor, visitor.args)


def test_one_publication_reads_the_whole_network_once(app, open_wave):
    app.config["LAYOUT_RUNNER"] = "off"  # published below, by the job itself
    small_network(open_wave)
    with count_queries() as statements:
        (publication,) = publish_network()
    assert publication.laid_out and publication.built == len(PAGES) * len(LANGUAGES) + len(FILES)
    # The layout's read serves every document, in both languages.
    assert matching(WHOLE_NETWORK, statements) == 1
    # Stored positions: read by the layout before it writes new ones, then once for all.
    assert matching(STORED_POSITIONS, statements) == 2
    assert matching(STORED_PLACES, statements) == 1
    assert matching(FIGURES, statements) == 1  # the whole network's, the one view built


def test_the_job_works_with_the_cycle_collector_paused(app, open_wave, monkeypatch):
    app.config["LAYOUT_RUNNER"] = "off"  # published below, by the job itself
    small_network(open_wave)
    collector_on = []
    for module, name in [(layout, "compute_layout"), (layout, "compute_insights"),
                         (publication, "build_documents")]:  # fmt: skip
        work = getattr(module, name)

        def noting(*args, work=work, **kwargs):
            """Note whether the collector is on, then do the work."""
            collector_on.append(gc.isenabled())
            return work(*args, **kwargs)

        monkeypatch.setattr(module, name, noting)
    assert publish_network()
    assert collector_on == [False, False, False]
    assert gc.isenabled()  # on again after the job, as it was before


def test_the_jobs_documents_are_those_a_visitors_request_builds(app, open_wave):
    small_network(open_wave)  # published by the tests' inline runner
    store, state = document_cache(), network_state().key
    built = {(path, language): store.get(state, kept_name(path, language))
             for path, language in asked()}  # fmt: skip
    assert all(built.values())
    store.prune((math.inf,))  # forget them: a visitor's request builds them again
    visitor = app.test_client()
    for (path, language), kept in built.items():
        name = kept_name(path, language)
        assert store.get(state, name) is None
        assert visitor.get(path, headers={"Accept-Language": language}).status_code == 200
        # Its body (compressed as kept), entity tag and headers: the same bytes.
        assert store.get(state, name) == kept, (path, language)


def test_only_a_build_of_the_memos_state_shares_what_it_read(app):
    calls = []

    def read() -> int:
        """Stand for a read of the network: count the reads."""
        calls.append(1)
        return len(calls)

    memo, state = BuildMemo(), (7, 20260101)
    with app.test_request_context("/api/graph"):  # a visitor: every read is fresh
        assert (shared("network", read), shared("network", read)) == (1, 2)
    with app.test_request_context("/api/graph", environ_overrides=memo.environ(state)):
        assert (shared("network", read), shared("network", read)) == (3, 3)
    with app.test_request_context("/map", environ_overrides=memo.environ(state)):
        assert shared("network", read) == 3  # the job's next build shares it
    other = {**memo.environ(state), BUILD_MARK: (8, 20260102)}
    with app.test_request_context("/api/graph", environ_overrides=other):
        assert shared("network", read) == 4  # a build of another state reads afresh
    with pytest.raises(ValueError):
        memo.environ((8, 20260102))  # one memo, one state


def test_graphml_is_the_text_elementtree_writes(client, open_wave):
    orgs = small_network(open_wave)
    odd = factories.make_org('<Friends & "Neighbours">\x01', OrgKind.NONPROFIT, city="A\tB")
    only_control = factories.make_org("\x02\x03", OrgKind.NONPROFIT)
    named = [(odd, RelationshipStatus.PROSPECTIVE, "", ""),
             (only_control, RelationshipStatus.ACTIVE, "", "")]  # fmt: skip
    partnership(open_wave, orgs["ohio"], named)
    publish()
    for path in ("/downloads/graph.graphml", "/downloads/graph.graphml?kind=nonprofit"):
        written = client.get(path).data
        ET.register_namespace("", GRAPHML_NS)
        again = ET.tostring(ET.fromstring(written), encoding="utf-8", xml_declaration=True)
        assert written == again
        assert b'<data key="node_label" />' in written  # a name of control characters only
        assert b'&lt;Friends &amp; "Neighbours"&gt;' in written
