"""The waves blueprint: every URL rule of the package, and the view each one calls."""

from flask import Blueprint

from app.waves import views

bp = Blueprint("waves", __name__, url_prefix="/waves")

bp.add_url_rule("/", view_func=views.index, methods=["GET"])
bp.add_url_rule("/compare", view_func=views.compare, methods=["GET"])
bp.add_url_rule("/<wave_slug>", view_func=views.report, methods=["GET"])
bp.add_url_rule("/<wave_slug>/insights", view_func=views.insights, methods=["GET"])
