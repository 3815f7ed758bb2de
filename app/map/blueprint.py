"""The map blueprint: every URL rule of the package, and the view each one calls."""

from flask import Blueprint

from app.map import views

bp = Blueprint("map", __name__)

bp.add_url_rule("/map", view_func=views.index, methods=["GET"])
bp.add_url_rule("/map/table", view_func=views.table, methods=["GET"])
