"""Password hashing with argon2id (OWASP's first choice), rehashed when the cost rises."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_PASSWORD_LENGTH = 12


def _hasher() -> PasswordHasher:
    """Return a hasher with the configured cost (OWASP minimum: 19 MiB, 2 passes)."""
    config = current_app.config
    return PasswordHasher(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST"],
        parallelism=config["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    """Return the argon2id hash of `password`."""
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Tell whether `password` matches `password_hash`."""
    if not password_hash:
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Tell whether a stored hash was made with a lower cost than the current setting."""
    return _hasher().check_needs_rehash(password_hash)
