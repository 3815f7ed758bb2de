"""The notifications blueprint: every URL rule of the package, and the view each one calls."""

from flask import Blueprint

from app.notifications import views
from app.permissions import Permission, guard_blueprint

bp = Blueprint("outbox", __name__, url_prefix="/moderation/outbox")
guard_blueprint(bp, Permission.READ_OUTBOX)
bp.context_processor(views.outbox_helpers)

bp.add_url_rule("/", view_func=views.index, methods=["GET"])
bp.add_url_rule("/<id:message_id>", view_func=views.message, methods=["GET"])
bp.add_url_rule("/<id:message_id>/retry", view_func=views.retry, methods=["POST"])
