"""The auth blueprint: every URL rule of the package, and the view each one calls."""

from flask import Blueprint

from app.auth import views

bp = Blueprint("auth", __name__)
bp.record_once(views.setup)
bp.app_context_processor(views.navigation)

bp.add_url_rule("/login", view_func=views.login, methods=["GET", "POST"])
bp.add_url_rule("/logout", view_func=views.logout, methods=["POST"])
bp.add_url_rule("/invite/<token>", view_func=views.accept_invite, methods=["GET", "POST"])
