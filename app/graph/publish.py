"""Publishing a state of the public network: laid out, its main documents built, then public.

After a change, one job (app/graph/jobs.py) claims the new revision in the database, so
one process on one host does the work however many run: it lays the map out and keeps
the figures (app/graph/layout.py), builds the public documents most asked for through
the app itself, into the document cache every worker reads (app/cache.py), and only
then marks the revision published in one short transaction. Public pages are kept
under the published state (app/pagecache.shared_state), so visitors get the previous
state's pages until the new one is ready, no visitor's request waits for a rebuild,
and one change moves the public state once.
"""

import contextvars
from typing import NamedTuple

from flask import current_app
from werkzeug.test import EnvironBuilder

from app.buildmemo import BuildMemo, collector_paused
from app.cache import document_cache
from app.graph.layout import lay_out
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES
from app.models.types import utcnow
from app.network import (
    NetworkState,
    claim_publication,
    mark_published,
    network_state,
    release_claim,
)
from app.pagecache import build_name, note_previous_state

# Built in every language: they have words in the visitor's language.
PAGES = (
    "/api/graph",
    # The map's own documents (app/graph/document.COMPACT): what it opens on, and the rest.
    "/api/graph?view=opening&format=compact",
    "/api/graph?format=compact",
    "/map",
    "/",
    "/orgs/",
    "/map/table",
    "/downloads/",
)
# Built once, in English, and kept for every language: a download is the same file for
# every visitor (app/downloads/views.in_english), and these are the costly ones.
FILES = (
    "/downloads/graph.json",
    "/downloads/graph.graphml",
    "/downloads/partnerships.csv",
    "/downloads/organizations.csv",
)


class Publication(NamedTuple):
    """What one round of the job did: the revision published, whether it laid it out
    (another process may have), and how many documents it built."""

    revision: int
    laid_out: bool
    built: int

    def __str__(self) -> str:
        """Say it in one line (`flask worker` prints it)."""
        laid = "laid out" if self.laid_out else "layout already stored"
        return f"Published network revision {self.revision}: {laid}, {self.built} documents built"


def publish_network() -> list[Publication]:
    """Lay out, build and publish every revision not yet published; return what was done.

    Run by the job runner only. Returns at once (an empty list) when there is nothing
    to do or another job holds a fresh claim: that job goes round again for any
    revision committed while it worked.
    """
    published = []
    while (revision := claim_publication()) is not None:
        try:
            with collector_paused():
                memo = BuildMemo()  # the network the layout reads is the one the documents show
                laid_out = lay_out(memo)
                previous = network_state().key
                published_at = utcnow()
                state = NetworkState(revision, revision, revision, published_at)
                built = build_documents(state.key, memo)
                # Freed while the collector is paused: its first pass after would walk
                # every object the memo holds (the network, its views, the documents),
                # which the builds' requests keep in reference cycles until that pass.
                memo.clear()
            note_previous_state(state.key, previous)  # its pages meanwhile (app/rebuilds.py)
            mark_published(revision, published_at)
        except BaseException:  # a stop too (Ctrl-C): a claim left standing holds back every job
            release_claim(revision)
            raise
        document_cache().prune(previous)  # the previous state is still served a moment
        published.append(Publication(revision, laid_out, built))
        current_app.logger.info("%s", published[-1])
    return published


def build_documents(state: tuple, memo: BuildMemo | None = None) -> int:
    """Build the main public documents for the public `state` into the cache; return how many.

    Each is asked of the app as an anonymous visitor would ask, with BUILD_MARK naming
    the state to keep it under: one way to build a page, whoever asks first. They share
    one memo (app/buildmemo.py), `memo` if given: the network is read once for them all.
    """
    # current_app is a LocalProxy, which Flask types as the Flask app it stands for.
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    client = app.test_client(use_cookies=False)
    store, built, memo = document_cache(), 0, memo or BuildMemo()
    asked = [(path, language) for path in PAGES for language in LANGUAGES]
    asked += [(path, DEFAULT_LANGUAGE) for path in FILES]
    for path, language in asked:
        overrides = {**memo.environ(state), "HTTP_ACCEPT_LANGUAGE": language}
        # A context of its own, as a real request has: its own session and `g`.
        response = contextvars.Context().run(client.get, path, environ_overrides=overrides)
        if response.status_code != 200:
            current_app.logger.error("Publishing: %s answered %d", path, response.status_code)
            continue
        built += 1
        if path in FILES:
            kept = store.get(state, build_name(_environ(path, language)))
            for other in LANGUAGES:
                if other != language and kept is not None:
                    store.put(state, build_name(_environ(path, other)), kept)
    return built


def _environ(path: str, language: str) -> dict:
    """Return the WSGI environ of an anonymous GET of `path` in `language`."""
    return EnvironBuilder(path=path, headers=[("Accept-Language", language)]).get_environ()
