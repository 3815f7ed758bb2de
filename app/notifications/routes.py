"""The outbox, where moderators read mail that was not sent through SMTP."""

from flask import Blueprint

from app.auth.permissions import Permission, guard_blueprint

bp = Blueprint("outbox", __name__, url_prefix="/moderation/outbox")
guard_blueprint(bp, Permission.READ_OUTBOX)
