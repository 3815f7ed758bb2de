"""Admin pages: user accounts."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin.forms import InviteForm, RoleForm
from app.auth import invitations, services, sessions
from app.extensions import db
from app.models import Role, User
from app.permissions import Permission, guard_blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
guard_blueprint(bp, Permission.MANAGE_USERS)


@bp.get("/users")
def users():
    """List every account with its role, state and last sign-in."""
    return render_template("admin/users.html", users=services.all_users())


@bp.route("/users/invite", methods=["GET", "POST"])
def invite():
    """Invite a new moderator or admin by email."""
    form = InviteForm()
    if form.validate_on_submit():
        try:
            user = invitations.invite_user(
                _admin(), form.email.data, form.name.data or "", Role(form.role.data)
            )
        except services.AccountError as error:
            db.session.rollback()
            form.email.errors.append(str(error))
        else:
            flash(
                _("Invitation sent to %(email)s. The link works for 7 days.", email=user.email),
                "ok",
            )
            return redirect(url_for(".user", user_id=user.id), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("admin/invite.html", form=form), status


@bp.get("/users/<id:user_id>")
def user(user_id: int):
    """Show one account and the changes an admin can make to it."""
    account = db.get_or_404(User, user_id)
    return render_template(
        "admin/user.html",
        account=account,
        role_form=RoleForm(role=account.role.value),
    )


@bp.post("/users/<id:user_id>/role")
def change_role(user_id: int):
    """Give an account another role."""
    account = db.get_or_404(User, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        flash(_("Choose one of the roles listed."), "error")
        return redirect(url_for(".user", user_id=user_id), 303)
    role = Role(form.role.data)
    done = _("%(email)s now has the role %(role)s.", email=account.email, role=role.label)
    return _apply(account, services.change_role, done, role)


@bp.post("/users/<id:user_id>/deactivate")
def deactivate(user_id: int):
    """Deactivate an account; its sessions end at their next request."""
    account = db.get_or_404(User, user_id)
    done = _("%(email)s is deactivated.", email=account.email)
    return _apply(account, services.deactivate_user, done)


@bp.post("/users/<id:user_id>/reactivate")
def reactivate(user_id: int):
    """Let a deactivated account sign in again."""
    account = db.get_or_404(User, user_id)
    done = _("%(email)s can sign in again.", email=account.email)
    return _apply(account, services.reactivate_user, done)


@bp.post("/users/<id:user_id>/resend-invite")
def resend_invite(user_id: int):
    """Send a new invitation to an account that has not chosen a password yet."""
    account = db.get_or_404(User, user_id)
    done = _("A new invitation went to %(email)s.", email=account.email)
    return _apply(account, invitations.resend_invitation, done)


@bp.post("/users/<id:user_id>/sign-out-everywhere")
def sign_out_everywhere(user_id: int):
    """End every session of an account, on every device."""
    account = db.get_or_404(User, user_id)
    done = _("%(email)s is signed out on every device.", email=account.email)
    return _apply(account, sessions.sign_out_everywhere, done)


def _apply(account: User, change, done: str, *args):
    """Make `change` as the current admin, flash the outcome and go back to the account."""
    try:
        change(_admin(), account, *args)
    except services.AccountError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(done, "ok")
    return redirect(url_for(".user", user_id=account.id), 303)


def _admin() -> User:
    """Return the signed-in admin itself rather than Flask-Login's proxy to it."""
    return current_user._get_current_object()


# Registers the contact, wave and theme pages on this blueprint.
from app.admin import contacts, themes, waves  # noqa: E402, F401
