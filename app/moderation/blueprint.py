"""The moderation blueprint; one guard covers every view in it."""

from flask import Blueprint

from app.auth.permissions import Permission, guard_blueprint

bp = Blueprint("moderation", __name__, url_prefix="/moderation")
guard_blueprint(bp, Permission.REVIEW)
