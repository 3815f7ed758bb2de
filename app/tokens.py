"""Private links: tokens that are never stored, only their digests.

Every private link's token (a status page, a partner's page, an invitation, an account's
first password) is derived: HMAC-SHA256 of a random per-link seed under the app's
SECRET_KEY, with a purpose of its own. The database keeps the seed and the token's
digest, so a copy of the database alone opens no private page, while the site can still
write the link into mail as it sends it (app/notifications/links.py: a kept message
holds a sealed mark, never the link). A token is looked up by its digest alone, so links
already sent keep working after SECRET_KEY changes; the old key, listed in
SECRET_KEY_FALLBACKS, lets later mail carry them too.
"""

import base64
import hashlib
import hmac
import secrets

from flask import current_app

PURPOSE = b"constellation status link\x00"
# A wave invitation's token is derived in the same way, under a purpose of its own.
INVITATION_PURPOSE = b"constellation wave invitation\x00"
# And a partner's link to confirm or decline a relationship.
PARTNER_PURPOSE = b"constellation partner reply\x00"
# And the link that lets an invited moderator or admin choose a password.
ACCOUNT_PURPOSE = b"constellation account invitation\x00"


def digest(token: str) -> str:
    """Return the SHA-256 hex digest stored for a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_seed() -> str:
    """Return a random seed for one submission's status link."""
    return secrets.token_urlsafe(24)


def derive(seed: str, key: str | bytes, purpose: bytes = PURPOSE) -> str:
    """Return the token that `seed` gives under `key` for `purpose` (a status link by default)."""
    key = key.encode() if isinstance(key, str) else key
    mac = hmac.new(key, purpose + seed.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def issue(seed: str, purpose: bytes = PURPOSE) -> tuple[str, str]:
    """Return a new token for `seed` under the current key, and its digest."""
    token = derive(seed, current_app.config["SECRET_KEY"], purpose)
    return token, digest(token)


def recover(seed: str | None, stored_digest: str, purpose: bytes = PURPOSE) -> str | None:
    """Return the token behind `stored_digest`, or None if no key at hand gives it.

    None for links made before tokens were derived (only their digest was kept when
    they were migrated) and for keys that were replaced without a fallback.
    """
    if not seed:
        return None
    config = current_app.config
    for key in [config["SECRET_KEY"], *(config.get("SECRET_KEY_FALLBACKS") or [])]:
        token = derive(seed, key, purpose)
        if hmac.compare_digest(digest(token), stored_digest):
            return token
    return None
