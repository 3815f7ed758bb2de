"""The main blueprint: every URL rule of the package, and the view each one calls."""

from flask import Blueprint

from app.main import views

bp = Blueprint("main", __name__)

bp.add_url_rule("/", view_func=views.index, methods=["GET"])
bp.add_url_rule("/language/<code>", view_func=views.choose_language, methods=["GET"])
