"""The admin blueprint: one guard for every page, every URL rule, and the view each one calls."""

from flask import Blueprint

from app.admin import contacts, themes, users, wave_invites, waves
from app.permissions import Permission, guard_blueprint
from app.themes.catalogue import theme_label
from app.waves.themes import theme_rows

bp = Blueprint("admin", __name__, url_prefix="/admin")
guard_blueprint(bp, Permission.MANAGE_USERS)
# Every page may name themes (answers, the wave report's counts): set up with this blueprint,
# which owns the themes, so their words have one home.
bp.add_app_template_global(theme_label, "theme_label")
bp.add_app_template_global(theme_rows, "wave_theme_rows")

bp.add_url_rule("/users", view_func=users.users, methods=["GET"])
bp.add_url_rule("/users/invite", view_func=users.invite, methods=["GET", "POST"])
bp.add_url_rule("/users/<id:user_id>", view_func=users.user, methods=["GET"])
bp.add_url_rule("/users/<id:user_id>/role", view_func=users.change_role, methods=["POST"])
bp.add_url_rule("/users/<id:user_id>/deactivate", view_func=users.deactivate, methods=["POST"])
bp.add_url_rule("/users/<id:user_id>/reactivate", view_func=users.reactivate, methods=["POST"])
bp.add_url_rule(
    "/users/<id:user_id>/resend-invite", view_func=users.resend_invite, methods=["POST"]
)
bp.add_url_rule(
    "/users/<id:user_id>/sign-out-everywhere", view_func=users.sign_out_everywhere, methods=["POST"]
)
bp.add_url_rule("/contacts", view_func=contacts.contacts, methods=["GET", "POST"])
bp.add_url_rule(
    "/orgs/<id:org_id>/contacts", view_func=contacts.org_contacts, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/contacts/<id:contact_id>/<move>", view_func=contacts.contact_move, methods=["POST"]
)
bp.add_url_rule(
    "/contacts/<id:contact_id>/erase", view_func=contacts.contact_erase, methods=["GET", "POST"]
)
bp.add_url_rule("/themes", view_func=themes.themes, methods=["GET"])
bp.add_url_rule("/themes", view_func=themes.theme_add, methods=["POST"])
bp.add_url_rule("/themes/<id:theme_id>/rename", view_func=themes.theme_rename, methods=["POST"])
bp.add_url_rule("/themes/<id:theme_id>/retire", view_func=themes.theme_retire, methods=["POST"])
bp.add_url_rule("/themes/<id:theme_id>/restore", view_func=themes.theme_restore, methods=["POST"])
bp.add_url_rule("/waves", view_func=waves.waves, methods=["GET"])
bp.add_url_rule("/waves/new", view_func=waves.wave_new, methods=["GET", "POST"])
bp.add_url_rule("/waves/<wave_slug>", view_func=waves.wave, methods=["GET"])
bp.add_url_rule("/waves/<wave_slug>/close", view_func=waves.wave_close_confirm, methods=["GET"])
bp.add_url_rule("/waves/<wave_slug>/reopen", view_func=waves.wave_reopen_confirm, methods=["GET"])
bp.add_url_rule("/waves/<wave_slug>/edit", view_func=waves.wave_edit, methods=["GET", "POST"])
bp.add_url_rule(
    "/waves/<wave_slug>/non-responders.csv", view_func=waves.wave_non_responders, methods=["GET"]
)
bp.add_url_rule("/waves/<wave_slug>/open", view_func=waves.wave_open, methods=["POST"])
bp.add_url_rule("/waves/<wave_slug>/close", view_func=waves.wave_close, methods=["POST"])
bp.add_url_rule("/waves/<wave_slug>/reopen", view_func=waves.wave_reopen, methods=["POST"])
bp.add_url_rule(
    "/waves/<wave_slug>/invite", view_func=wave_invites.wave_invite, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/waves/<wave_slug>/reminders", view_func=wave_invites.wave_reminders, methods=["POST"]
)
