"""The invitations blueprint: every URL rule of the package, and the view each one calls."""

from flask import Blueprint

from app.invitations import views

bp = Blueprint("invitations", __name__, url_prefix="/invitations")

bp.add_url_rule("/<invite_token>", view_func=views.invitation, methods=["GET"])
bp.add_url_rule("/<invite_token>/start", view_func=views.start, methods=["POST"])
bp.add_url_rule("/<invite_token>/survey", view_func=views.survey, methods=["GET", "POST"])
bp.add_url_rule("/<invite_token>/opt-out", view_func=views.opt_out, methods=["GET", "POST"])
