"""The moderation blueprint; one guard covers every view in it."""

from flask import Blueprint

from app.moderation.words import action_words, change_words
from app.permissions import Permission, guard_blueprint

bp = Blueprint("moderation", __name__, url_prefix="/moderation")
guard_blueprint(bp, Permission.REVIEW)


@bp.context_processor
def words():
    """Give the moderation templates the words for audit codes."""
    return {"action_words": action_words, "change_words": change_words}
