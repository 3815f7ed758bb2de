"""The session cookie: Flask's own signed cookie, with its signer made once per key set.

Most sessions hold nothing a public page shows: a visitor who opened a survey has one
for its form token, and the public pages they read next are the ones any visitor gets.
A page changes with only what `PERSONAL_KEYS` name: the signed-in user (the header's
links) and the messages waiting to be shown.
"""

from collections.abc import Mapping

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadData, URLSafeTimedSerializer

# What a session may hold that changes a public page.
PERSONAL_KEYS = ("_user_id", "_flashes")
ANONYMOUS_KEPT = 10_000  # cookies remembered as anonymous, per process


def holds_nothing_personal(session: Mapping) -> bool:
    """Tell whether a page for this session is the page any visitor without one gets."""
    return not any(key in session for key in PERSONAL_KEYS)


class SignedCookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions; the signer is kept rather than made per request.

    Flask builds a new signer for every request, the anonymous ones with no cookie
    included, and that costs about as much as serving a kept public page. It is made
    again only when the keys change (a test or a key rotation may change them).
    """

    _kept: tuple[tuple, URLSafeTimedSerializer | None] | None = None
    _anonymous: set[str] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Return the signer for the app's current secret key and its fallbacks."""
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        kept = self._kept
        if kept is None or kept[0] != keys:
            kept = self._kept = (keys, super().get_signing_serializer(app))
        return kept[1]

    def anonymous(self, app: Flask, cookie: str) -> bool:
        """Tell whether a session cookie is genuine and holds nothing personal, as Flask reads it.

        A cookie that does not verify is not trusted (the caller leaves it to Flask).
        Checking the signature costs about half of serving a kept page, so a cookie found
        anonymous is remembered: it stays so, since the same cookie always holds the
        same data, and once expired, or signed with a retired key, Flask reads it as an
        empty session, which holds nothing personal either.
        """
        known = self._anonymous
        if known is None:
            known = self._anonymous = set()
        if cookie in known:
            return True
        signer = self.get_signing_serializer(app)
        if signer is None:
            return False
        try:
            data = signer.loads(cookie, max_age=int(app.permanent_session_lifetime.total_seconds()))
        except BadData:
            return False
        if not isinstance(data, Mapping) or not holds_nothing_personal(data):
            return False
        if len(known) >= ANONYMOUS_KEPT:
            known.clear()  # a bound on memory; they are checked again as they come back
        known.add(cookie)
        return True
