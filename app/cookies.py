"""The session cookie: Flask's own signed cookie, with its signer made once per key set."""

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class SignedCookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions; the signer is kept rather than made per request.

    Flask builds a new signer for every request, the anonymous ones with no cookie
    included, and that costs about as much as serving a kept public page. It is made
    again only when the keys change (a test or a key rotation may change them).
    """

    _kept: tuple[tuple, URLSafeTimedSerializer | None] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Return the signer for the app's current secret key and its fallbacks."""
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        kept = self._kept
        if kept is None or kept[0] != keys:
            kept = self._kept = (keys, super().get_signing_serializer(app))
        return kept[1]
