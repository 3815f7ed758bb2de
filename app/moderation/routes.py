"""The review queue and decisions."""

from flask import Blueprint

from app.auth.permissions import Permission, guard_blueprint

bp = Blueprint("moderation", __name__, url_prefix="/moderation")
guard_blueprint(bp, Permission.REVIEW)
