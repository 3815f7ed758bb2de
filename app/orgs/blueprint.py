"""The orgs blueprint: every URL rule of the package, and the view each one calls."""

from flask import Blueprint

from app.orgs import views

bp = Blueprint("orgs", __name__)

bp.add_url_rule("/orgs/", view_func=views.index, methods=["GET"])
bp.add_url_rule("/orgs/<slug>", view_func=views.organization, methods=["GET"])
