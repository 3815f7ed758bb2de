"""Who acts on the admin pages: the one signed-in admin, as the audit lines record them."""

from flask_login import current_user

from app.models import User


def acting_admin() -> User:
    """Return the signed-in admin itself rather than Flask-Login's proxy to it."""
    return current_user._get_current_object()
