"""Public pages served again from a cache, as long as what they show has not changed.

A public page shows approved data only, which changes only when the network's revision
does (app/network.py), and its stored layout when a layout job runs. So a page built for
one network state, one address with its arguments, and one day (a wave opens or closes
with the date) can be served again as it was, with an entity tag a browser can send back
for a 304. Only pages any visitor would get alike are kept: not for a signed-in user
(their pages show their own links) nor while a flash message waits to be shown.

Pages are kept in the one document cache (app/cache.py): this process's, or Redis
shared by every worker when CACHE_URL names one.
"""

import hashlib
import json
from datetime import date
from functools import wraps

from flask import Response, current_app, request, session

from app.cache import document_cache
from app.network import network_state

KEPT_HEADERS = ("Content-Type", "Content-Security-Policy", "Content-Disposition")


def same_for_everyone() -> bool:
    """Tell whether this request would get the page any anonymous visitor gets."""
    return request.method == "GET" and "_user_id" not in session and "_flashes" not in session


def cached_public_page(view):
    """Serve the view's page from the cache while the network state stands (see above)."""

    @wraps(view)
    def serve(*args, **kwargs):
        """Answer from the cache, with a 304 when the browser holds this version."""
        if not same_for_everyone():
            return view(*args, **kwargs)
        arguments = sorted(request.args.items(multi=True))
        state = network_state().key
        name = json.dumps(["page", request.path, arguments, date.today().isoformat()])
        store = document_cache()
        item = _unpack(store.get(state, name))
        if item is None:
            response = current_app.make_response(view(*args, **kwargs))
            if response.status_code != 200 or response.direct_passthrough:
                return response
            # A view with an entity tag of its own keeps it, so that its answers carry
            # the same tag whether they come from the cache or not.
            etag = response.get_etag()[0] or _tag(state, name)
            headers = {header: response.headers[header] for header in KEPT_HEADERS
                       if header in response.headers}  # fmt: skip
            item = (response.get_data(), etag, headers)
            store.put(state, name, _pack(item))
        body, etag, headers = item
        if request.if_none_match.contains(etag):
            return _conditional(Response(status=304), etag)
        return _conditional(Response(body, headers=headers), etag)

    return serve


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


def _conditional(response: Response, etag: str) -> Response:
    """Give a cached page its entity tag; browsers ask again each time (no-cache)."""
    response.set_etag(etag)
    response.cache_control.no_cache = True
    return response
