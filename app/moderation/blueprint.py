"""The moderation blueprint: one guard for every view, every URL rule, and the view each calls."""

from flask import Blueprint

from app.moderation import log_views, org_views, review_views, views
from app.moderation.words import action_words, change_words
from app.permissions import Permission, guard_blueprint

bp = Blueprint("moderation", __name__, url_prefix="/moderation")
guard_blueprint(bp, Permission.REVIEW)


@bp.context_processor
def words():
    """Give the moderation templates the words for audit codes."""
    return {"action_words": action_words, "change_words": change_words}


bp.add_url_rule("/", view_func=views.queue, methods=["GET"])
bp.add_url_rule("/bulk", view_func=views.bulk_decision, methods=["POST"])
bp.add_url_rule(
    "/submissions/<id:submission_id>", view_func=review_views.submission, methods=["GET"]
)
bp.add_url_rule(
    "/submissions/<id:submission_id>/decide", view_func=review_views.decide, methods=["POST"]
)
bp.add_url_rule(
    "/submissions/<id:submission_id>/combine", view_func=review_views.combine, methods=["POST"]
)
bp.add_url_rule(
    "/submissions/<id:submission_id>/edit", view_func=review_views.edit, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/submissions/<id:submission_id>/marks", view_func=review_views.mark, methods=["POST"]
)
bp.add_url_rule("/organizations/<id:org_id>", view_func=org_views.organization, methods=["GET"])
bp.add_url_rule("/organizations/<id:org_id>/merge", view_func=org_views.merge, methods=["POST"])
bp.add_url_rule("/log", view_func=log_views.log, methods=["GET"])
bp.add_url_rule("/log.csv", view_func=log_views.log_csv, methods=["GET"])
