"""The surveys blueprint: every URL rule of the package, and the view each one calls."""

from flask import Blueprint

from app.surveys import views

bp = Blueprint("surveys", __name__)

bp.add_url_rule("/surveys/partnership", view_func=views.partnership, methods=["GET", "POST"])
bp.add_url_rule("/surveys/involvement", view_func=views.involvement, methods=["GET", "POST"])
bp.add_url_rule("/status/<token>", view_func=views.status, methods=["GET"])
bp.add_url_rule("/status/<token>/erase", view_func=views.status_erase, methods=["POST"])
bp.add_url_rule("/status/lost", view_func=views.lost_link, methods=["GET", "POST"])
bp.add_url_rule("/status/<token>/edit", view_func=views.status_edit, methods=["GET", "POST"])
bp.add_url_rule("/status/<token>/revise", view_func=views.status_revise, methods=["GET", "POST"])
