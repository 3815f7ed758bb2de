"""The partners blueprint: every URL rule of the package, and the view each one calls."""

from flask import Blueprint

from app.partners import views
from app.partners.review import partner_review

bp = Blueprint("partners", __name__, url_prefix="/partners")
# The review page's section on partners' replies (moderators only; see review.py).
bp.add_app_template_global(partner_review, "partner_review")

bp.add_url_rule("/<partner_token>", view_func=views.reply, methods=["GET"])
bp.add_url_rule("/<partner_token>/decide", view_func=views.decide, methods=["POST"])
bp.add_url_rule("/<partner_token>/correct", view_func=views.correct, methods=["GET", "POST"])
bp.add_url_rule("/new-link", view_func=views.new_link, methods=["GET", "POST"])
