"""The downloads blueprint: every URL rule of the package, and the view each one calls."""

from flask import Blueprint

from app.downloads import views, wave_views

bp = Blueprint("downloads", __name__, url_prefix="/downloads")

bp.add_url_rule("/", view_func=views.index, methods=["GET"])
bp.add_url_rule("/partnerships.csv", view_func=views.partnerships_csv, methods=["GET"])
bp.add_url_rule("/organizations.csv", view_func=views.organizations_csv, methods=["GET"])
bp.add_url_rule("/graph.graphml", view_func=views.graph_graphml, methods=["GET"])
bp.add_url_rule("/graph.json", view_func=views.graph_json, methods=["GET"])
bp.add_url_rule(
    "/waves/<wave_slug>/partnership.csv", view_func=wave_views.wave_partnership_csv, methods=["GET"]
)
bp.add_url_rule(
    "/waves/<wave_slug>/involvement.csv", view_func=wave_views.wave_involvement_csv, methods=["GET"]
)
