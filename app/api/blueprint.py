"""The api blueprint: every URL rule of the package, and the view each one calls."""

from flask import Blueprint

from app.api import views

bp = Blueprint("api", __name__, url_prefix="/api")

bp.add_url_rule("/graph", view_func=views.graph, methods=["GET"])
bp.add_url_rule("/suggest", view_func=views.suggest, methods=["GET"])
bp.add_url_rule("/orgs/<slug>", view_func=views.organization, methods=["GET"])
bp.add_url_rule("/edges/<edge_id>", view_func=views.edge, methods=["GET"])
