"""Roles and what each may do, in one place, with the guards views use."""

import enum
from collections.abc import Callable
from functools import wraps

from flask import Blueprint, abort, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.models import Role


class Permission(enum.StrEnum):
    REVIEW = "review"  # read the queue and submissions, decide, edit, merge organizations
    READ_LOG = "read_log"  # the audit log and its export
    READ_OUTBOX = "read_outbox"  # mail kept in the outbox
    MANAGE_USERS = "manage_users"  # invite, deactivate, change roles
    MANAGE_CONTACTS = "manage_contacts"  # see, add, verify, retire and erase contacts


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.MODERATOR: frozenset({Permission.REVIEW, Permission.READ_LOG, Permission.READ_OUTBOX}),
    Role.ADMIN: frozenset(Permission),
}


def can(user, permission: Permission) -> bool:
    """Tell whether `user` (possibly anonymous) holds `permission`."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return permission in ROLE_PERMISSIONS.get(user.role, frozenset())


def wants_json() -> bool:
    """Tell whether the client asked for JSON rather than a page."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return request.is_json or best == "application/json"


def deny():
    """Answer a request the current user may not make: sign in first, or 403."""
    if not current_user.is_authenticated:
        if wants_json():
            return jsonify(error=_("Sign in first.")), 401
        # Come back here after signing in, unless "here" was a form post that a
        # plain visit cannot repeat.
        back = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("auth.login", next=back))
    abort(403)


def guard_blueprint(blueprint: Blueprint, permission: Permission) -> None:
    """Require `permission` for every view of `blueprint`."""

    @blueprint.before_request
    def check_permission():
        """Stop the request here unless the user holds the blueprint's permission."""
        if not can(current_user, permission):
            return deny()
        return None


def permission_required(permission: Permission) -> Callable:
    """Decorate a view so that it needs `permission` on top of its blueprint's."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not can(current_user, permission):
                return deny()
            return view(*args, **kwargs)

        return wrapped

    return decorator
