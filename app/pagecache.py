"""Public pages served again from a cache, as long as what they show has not changed.

A public page shows approved data only, which changes only when the network's revision
does (app/network.py), and its stored layout when a layout job runs. So a page built for
one network state, one address with its arguments, and one day (a wave opens or closes
with the date) can be served again as it was, with an entity tag a browser can send back
for a 304. Only pages any visitor would get alike are kept: not for a signed-in user
(their pages show their own links) nor while a flash message waits to be shown; a
session that holds neither (a form token, say) gets the kept pages (app/cookies.py).
A page's arguments are those it declares, written one way (app/pageargs.py): others
are ignored, so that no address can make a kept page build again.

A survey's blank form is the same for everyone but for the form token (CSRF) each
visitor's session has: it is kept with a mark in the token's place, and each visitor
gets it with their own token put back (`cached_blank_form`); no entity tag there.

Pages are kept in the one document cache (app/cache.py): this process's, or Redis
shared by every worker when CACHE_URL names one.
"""

import gzip
import hashlib
import json
import os
import time
from datetime import date
from functools import wraps
from typing import BinaryIO

from flask import Flask, Response, current_app, has_request_context, request, session
from flask_wtf.csrf import generate_csrf
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Request
from werkzeug.wsgi import wrap_file

from app import pageargs
from app.buildmemo import BUILD_MARK, shared
from app.cache import FileStore, document_cache
from app.cookies import holds_nothing_personal
from app.i18n import language_of, request_language
from app.network import network_state
from app.rebuilds import rebuild_later
from app.security import SECURITY_HEADERS, STRICT_TRANSPORT_SECURITY
from app.static_files import static_release

KEPT_HEADERS = ("Content-Type", "Content-Security-Policy", "Content-Disposition")
COMPRESS_FROM = 1400  # bytes: a smaller page fits in one packet as it is
GZIP_LEVEL = 6  # zlib's own default: see _compressed
HEAD_BYTES = 4096  # read first from a kept file: its line of entity tag and headers, and more
STATE_MEMO = "constellation.public_state"
PREVIOUS_STATE = "previous-state"  # kept beside a state's pages: the state it follows
# Seconds a process that took on building a page in the background holds it: another
# asked meanwhile serves the previous copy too, and builds it only after this long.
REBUILD_CLAIM_SECONDS = 60
TOKEN_MARK = b"@@constellation-form-token@@"  # stands for a visitor's token in a kept form
# Called (by the thread runner, app/graph/jobs.py) when a process finds the published
# state behind the network's revision; it may start a job, never writes in the request.
STATE_BEHIND = "constellation.state_behind"


def shared_state() -> tuple:
    """Return the network state that shared pages are kept for: the published one.

    Asked of the database at most every PUBLIC_STATE_MAX_AGE seconds per process (0: on
    every request). Asking costs more than serving a kept page, and a visitor who sees a
    change a second late loses nothing; a page built meanwhile is never older than the
    state it is kept under, since the view reads the data after this state was read.
    The publishing job's requests get the state it builds (BUILD_MARK).
    """
    if has_request_context() and BUILD_MARK in request.environ:
        return request.environ[BUILD_MARK]
    max_age = current_app.config["PUBLIC_STATE_MAX_AGE"]
    memo = current_app.extensions.get(STATE_MEMO)
    now = time.monotonic()
    if memo is not None and now - memo[1] < max_age:
        return memo[0]
    state = network_state()
    current_app.extensions[STATE_MEMO] = (state.key, now)
    behind = current_app.extensions.get(STATE_BEHIND)
    if behind is not None and state.published < state.revision:
        behind(state)
    return state.key


def same_for_everyone() -> bool:
    """Tell whether this request would get the page any anonymous visitor gets."""
    return request.method == "GET" and holds_nothing_personal(session)


def _declaring(decorator):
    """Let `decorator` be used bare or with the page's arguments: @it or @it(argument, …)."""

    @wraps(decorator)
    def use(*arguments):
        """Return the decorated view, or a decorator for the arguments given."""
        if len(arguments) == 1 and not isinstance(arguments[0], pageargs.Argument):
            return decorator(arguments[0], pageargs.NONE)
        return lambda view: decorator(view, arguments)

    return use


def _read_declared(arguments: tuple) -> None:
    """Leave the view only its declared arguments, written one way (app/pageargs.py)."""
    request.args = pageargs.declared(arguments, request.args)


@_declaring
def cached_public_page(view, arguments: tuple = pageargs.NONE):
    """Serve the view's page from the cache while the network state stands (see above)."""

    @wraps(view)
    def serve(*args, **kwargs):
        """Answer from the cache, with a 304 when the browser holds this version."""
        _read_declared(arguments)
        pages = pageargs.PageNumbers.of(request.path, arguments, request.args)
        if not same_for_everyone() or not pageargs.keeps(arguments, request.args):
            response = current_app.make_response(view(*args, **kwargs))
            return pages.back(pages.noted()) or response
        state, name = shared_state(), _page_name(request, request.args)
        store = document_cache()
        item = _unpack(store.get(state, name))
        if item is None and (stale := _previous_copy(store, state, name, pages)) is not None:
            if store.claim(state, name, REBUILD_CLAIM_SECONDS):  # one process builds it
                address = pageargs.link(request.path, request.args)
                # current_app is a LocalProxy, which Flask types as the Flask app it stands for.
                app = current_app._get_current_object()  # type: ignore[attr-defined]
                rebuild_later(app, state, name, address, request_language())
            return _answer(request, *stale)
        if item is None:
            response = _build(view, args, kwargs, pages, store, state)
            if not _keepable(response):
                return response
            item = _kept(response, _tag(state, name))
            store.put(state, name, _pack(item))
        return _answer(request, *item)

    # Read by KeptPages, which names pages the same way; mypy allows a function no attributes.
    serve.page_arguments = arguments  # type: ignore[attr-defined]
    return serve


def note_previous_state(state: tuple, previous: tuple) -> None:
    """Note, beside the pages of `state`, the state it follows (see _previous_copy)."""
    document_cache().put(state, PREVIOUS_STATE, json.dumps(previous).encode())


def _previous_copy(
    store, state: tuple, name: str, pages: pageargs.PageNumbers
) -> tuple[bytes, str, dict] | None:
    """Return the page kept for the state before `state`, while this one is not built yet.

    Only for a visitor: the job's own builds (and those of app/rebuilds.py) build. Only
    when the application serves stale pages (STALE_PAGES_WHILE_BUILDING) and the page is
    a first page: a later one may be past its list's end in the new state.
    """
    if (
        BUILD_MARK in request.environ
        or not current_app.config["STALE_PAGES_WHILE_BUILDING"]
        or any(number > 1 for number in pages.numbers.values())
    ):
        return None
    previous = store.get(state, PREVIOUS_STATE)
    if previous is None:
        return None
    return _unpack(store.get(tuple(json.loads(previous)), name))


def _build(view, args, kwargs, pages: pageargs.PageNumbers, store, state: tuple) -> Response:
    """Build the page, or send a page number past its list's end to the last page.

    The view notes its lists' last pages as it builds them, and they are kept: a page
    number past the end builds at most once per list, and is then answered unbuilt.
    """
    back = pages.back(pages.kept(store, state))
    if back is not None:
        return back
    response = current_app.make_response(view(*args, **kwargs))
    last = pages.noted()
    pages.keep(store, state, last)
    return pages.back(last) or response


@_declaring
def cached_blank_form(view, arguments: tuple = pageargs.NONE):
    """Serve a survey's blank form from the cache, with the visitor's own form token."""

    @wraps(view)
    def serve(*args, **kwargs):
        """Answer a GET without a declared argument from the cache; the rest goes to the view."""
        if request.method == "GET":
            _read_declared(arguments)
        if not same_for_everyone() or request.args:
            return view(*args, **kwargs)
        state = shared_state()
        name = json.dumps(["form", request.path, request_language(), date.today().isoformat(),
                           static_release(current_app)])  # fmt: skip
        store = document_cache()
        item = _unpack(store.get(state, name))
        if item is None:
            response = current_app.make_response(view(*args, **kwargs))
            body = response.get_data().replace(generate_csrf().encode(), TOKEN_MARK)
            if _keepable(response) and TOKEN_MARK in body:
                store.put(state, name, _pack((body, "", _kept_headers(response))))
            return response
        body, _, headers = item
        return Response(body.replace(TOKEN_MARK, generate_csrf().encode()), headers=headers)

    return serve


def _keepable(response: Response) -> bool:
    """Tell whether a response can be kept as it is: a whole page that went well."""
    return response.status_code == 200 and not response.direct_passthrough


def _kept_headers(response: Response) -> dict[str, str]:
    """Return the headers of a response that are kept with its page."""
    return {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}


def _kept(response: Response, tag: str) -> tuple[bytes, str, dict]:
    """Return what is kept of a page: its body (compressed when large), entity tag, headers.

    A view with an entity tag of its own keeps it, so that its answers carry the same
    tag whether they come from the cache or not.
    """
    body, headers = response.get_data(), _kept_headers(response)
    if len(body) >= COMPRESS_FROM:  # compressed once here, not per request
        body, headers["Content-Encoding"] = _compressed(body), "gzip"
    return body, response.get_etag()[0] or tag, headers


def _compressed(body: bytes) -> bytes:
    """Return `body` gzipped, once per publishing job for bodies it builds alike.

    /api/graph and graph.json are the same megabytes. At GZIP_LEVEL: at 10,000
    organizations level 9 took four times as long for 1 % less of the map's own
    document (287 KB against 289 KB) and 9 % less of the default JSON.
    """
    digest = hashlib.sha256(body).digest()
    return shared(("gzip", digest), lambda: gzip.compress(body, GZIP_LEVEL, mtime=0))


class KeptPages:
    """A WSGI layer that answers a kept public page before Flask is entered.

    Through Flask, a kept page costs twice what a bare Flask's hello-world does, nearly
    all of it in machinery such a page does not need (the session, the hooks, routing).
    So a GET with no session cookie, or one that verifies and holds nothing personal, in
    a process that has read the network state within PUBLIC_STATE_MAX_AGE, is looked up
    here by the name `cached_public_page` kept it under: the same declared arguments,
    read the same way. Everything else (a miss, a signed-in visitor, a message waiting,
    a cookie that does not verify, any other method) goes to Flask.
    A page is only ever kept by Flask, after its view, hooks and checks have run.
    """

    def __init__(self, app):
        self.app = app
        self.flask = app.wsgi_app
        self.declared: dict[str, tuple] | None = None  # each page's arguments, by path

    def __call__(self, environ, start_response):
        """Answer from the cache when it is safe to, else pass the request to Flask."""
        response = self._kept_answer(environ)
        if response is None:
            return self.flask(environ, start_response)
        return response(environ, start_response)

    def _kept_answer(self, environ) -> Response | None:
        """Return the kept answer to this request, or None to let Flask answer it."""
        app, memo = self.app, self.app.extensions.get(STATE_MEMO)
        if (
            environ.get("REQUEST_METHOD") != "GET"
            or BUILD_MARK in environ  # the job builds: kept pages are what it makes
            or memo is None
            or time.monotonic() - memo[1] >= app.config["PUBLIC_STATE_MAX_AGE"]
        ):
            return None
        visitor = Request(environ)
        cookie = visitor.cookies.get(app.config["SESSION_COOKIE_NAME"])
        if cookie and not app.session_interface.anonymous(app, cookie):
            return None  # signed in, a message waiting, or a cookie that does not verify
        if self.declared is None:
            self.declared = pageargs.declared_paths(app)
        arguments = self.declared.get(visitor.path, pageargs.NONE)
        query = pageargs.declared(arguments, visitor.args)
        if not pageargs.keeps(arguments, query):
            return None
        store = document_cache(app)
        sendfile_from = app.config["KEPT_PAGE_SENDFILE_FROM"]
        item = _kept_item(store, memo[0], _page_name(visitor, query, app), sendfile_from)
        if item is None:  # a page number past its list's end, once known, is sent back here
            return _sent_back(
                pageargs.PageNumbers.of(visitor.path, arguments, query), store, memo[0]
            )
        return _answer(visitor, *item)


def _sent_back(pages: pageargs.PageNumbers, store, state: tuple) -> Response | None:
    """Return a 303 to a list's last page for a page past it, when the end is known."""
    if not pages.numbers:
        return None
    back = pages.back(pages.kept(store, state))
    if back is not None:
        back.headers.update(SECURITY_HEADERS)
    return back


def _kept_item(
    store, state: tuple, name: str, sendfile_from: int
) -> tuple[bytes | BinaryIO, str, dict] | None:
    """Return a kept page as `_unpack` does; one of `sendfile_from` bytes or more, kept in a
    file, as that file.

    A file open at its body is handed to the server as it is (wsgi.file_wrapper): gunicorn
    sends it with sendfile, so a large document (/api/graph, the downloads) costs the
    worker no copy through Python.
    """
    if not isinstance(store, FileStore):
        return _unpack(store.get(state, name))
    file = store.open(state, name)
    if file is None:
        return None
    head = file.read(HEAD_BYTES)
    meta, newline, _ = head.partition(b"\n")
    size = os.fstat(file.fileno()).st_size - len(meta) - 1
    if not newline or size < sendfile_from:
        with file:
            return _unpack(head + file.read())
    file.seek(len(meta) + 1)  # the body's start, where sendfile begins
    meta = json.loads(meta)
    return file, meta["etag"], meta["headers"]


def build_name(environ: dict) -> str:
    """Return the name a request without arguments, with this environ, is kept under (the job)."""
    return _page_name(Request(environ), MultiDict())


def _page_name(visitor: Request, query: MultiDict, app: Flask | None = None) -> str:
    """Return the name a page is kept under: its path, declared arguments, language, the day,
    and the version of the static files it links to (a deployment changes it)."""
    arguments = list(query.items(multi=True))
    language = language_of(visitor.cookies, visitor.headers.get("Accept-Language", ""))
    release = static_release(app or current_app)
    return json.dumps(
        ["page", visitor.path, arguments, language, date.today().isoformat(), release]
    )


def _answer(visitor: Request, body: bytes | BinaryIO, etag: str, headers: dict) -> Response:
    """Answer with a kept page, compressed if it is and the client takes gzip, or a 304.

    Every header is given at once: setting them one by one on a response costs more than
    the rest of serving a kept page.
    """
    if headers.get("Content-Encoding") == "gzip":
        # Werkzeug's Accept is typed as its (value, quality) pairs, but `in` asks by value.
        if "gzip" in visitor.accept_encodings:  # type: ignore[comparison-overlap]
            etag += "-gzip"  # another representation, so another tag
        else:
            body = gzip.decompress(_read_all(body))
            headers = {k: v for k, v in headers.items() if k != "Content-Encoding"}
    common = {
        **SECURITY_HEADERS,
        # A page's own policy (the map's: its import map's hash, an embed's framing) goes
        # with a 304 too: a browser takes a 304's headers for the page it kept.
        **{name: headers[name] for name in ("Content-Security-Policy",) if name in headers},
        "ETag": f'"{etag}"',
        # The same for every anonymous visitor; browsers keep it but ask again each time.
        "Cache-Control": "public, no-cache",
        # Cookie: a signed-in user gets another page, and so does a chosen language.
        "Vary": "Accept-Encoding, Accept-Language, Cookie",
    }
    if visitor.is_secure:
        common["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY
    if visitor.if_none_match.contains(etag):
        _read_all(body)  # closes a file
        return Response(status=304, headers=common)
    if isinstance(body, bytes):
        return Response(body, headers={**common, **headers})
    size = os.fstat(body.fileno()).st_size - body.tell()
    sent = wrap_file(visitor.environ, body)
    return Response(sent, headers={**common, **headers, "Content-Length": str(size)},
                    direct_passthrough=True)  # fmt: skip


def _read_all(body: bytes | BinaryIO) -> bytes:
    """Return a kept body as bytes (a file is read to its end and closed)."""
    if isinstance(body, bytes):
        return body
    with body:
        return body.read()


def _tag(state: tuple, name: str) -> str:
    """Return an entity tag for the page `name` of the network `state`."""
    return hashlib.sha256(json.dumps([state, name]).encode()).hexdigest()[:32]


def _pack(item: tuple[bytes, str, dict]) -> bytes:
    """Return a page, its entity tag and headers as one string of bytes."""
    body, etag, headers = item
    return json.dumps({"etag": etag, "headers": headers}).encode() + b"\n" + body


def _unpack(value: bytes | None) -> tuple[bytes, str, dict] | None:
    """Return the page, entity tag and headers that `_pack` made, or None."""
    if value is None:
        return None
    meta, body = value.split(b"\n", 1)
    meta = json.loads(meta)
    return body, meta["etag"], meta["headers"]
