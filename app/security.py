"""HTTP security headers."""

import base64
import functools
import hashlib

from flask import Response, request

# Scripts and styles come from our own static files only: no inline code, no CDN.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)
# The same policy for a page made to be framed by other sites (the map's embed mode).
EMBEDDABLE_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    "frame-ancestors 'self'", "frame-ancestors *"
)


@functools.lru_cache(maxsize=8)  # the same few (policy, import map) pairs, page after page
def allowing_inline_script(policy: str, script: str) -> str:
    """Return `policy` allowing the one inline script whose text is `script`, by its hash.

    For what a browser reads only inline (an import map): any other inline script stays
    refused, and one changed by an injection no longer matches the hash.
    """
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    return policy.replace("script-src 'self'", f"script-src 'self' 'sha256-{digest}'", 1)


# Served over HTTPS once, the site asks browsers to use nothing else for a year.
STRICT_TRANSPORT_SECURITY = "max-age=31536000"


# What every response carries unless its view set another value.
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def add_security_headers(response: Response) -> Response:
    """Set headers that keep pages from being framed, sniffed or leaking private links."""
    if request.is_secure:  # behind a proxy, only when PROXY_FIX_X_FOR trusts its scheme
        response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.endpoint and request.endpoint.startswith(
        ("surveys.status", "invitations.", "partners.")
    ):
        # A status page's or invitation's URL is its password: never send it on, nor index it.
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        response.headers["Cache-Control"] = "private, no-store"
    return response
