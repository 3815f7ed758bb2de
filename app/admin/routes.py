"""Admin pages: user accounts."""

from flask import Blueprint

from app.auth.permissions import Permission, guard_blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
guard_blueprint(bp, Permission.MANAGE_USERS)
