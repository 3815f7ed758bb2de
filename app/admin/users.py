"""Admin pages: user accounts."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.admin.acting import acting_admin
from app.admin.forms import InviteForm, RoleForm
from app.auth import invitations, services, sessions
from app.extensions import db
from app.forms import required
from app.models import Role, User


def users():
    """List every account with its role, state and last sign-in."""
    return render_template("admin/users.html", users=services.all_users())


def invite():
    """Invite a new moderator or admin by email."""
    form = InviteForm()
    if form.validate_on_submit():
        try:
            user = invitations.invite_user(
                acting_admin(),
                required(form.email.data),
                form.name.data or "",
                Role(form.role.data),
            )
        except services.AccountError as error:
            db.session.rollback()
            form.email.errors = [*form.email.errors, str(error)]
        else:
            flash(
                _("Invitation sent to %(email)s. The link works for 7 days.", email=user.email),
                "ok",
            )
            return redirect(url_for(".user", user_id=user.id), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("admin/invite.html", form=form), status


def user(user_id: int):
    """Show one account and the changes an admin can make to it."""
    account = db.get_or_404(User, user_id)
    return render_template(
        "admin/user.html",
        account=account,
        role_form=RoleForm(role=account.role.value),
    )


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


def deactivate(user_id: int):
    """Deactivate an account; its sessions end at their next request."""
    account = db.get_or_404(User, user_id)
    done = _("%(email)s is deactivated.", email=account.email)
    return _apply(account, services.deactivate_user, done)


def reactivate(user_id: int):
    """Let a deactivated account sign in again."""
    account = db.get_or_404(User, user_id)
    done = _("%(email)s can sign in again.", email=account.email)
    return _apply(account, services.reactivate_user, done)


def resend_invite(user_id: int):
    """Send a new invitation to an account that has not chosen a password yet."""
    account = db.get_or_404(User, user_id)
    done = _("A new invitation went to %(email)s.", email=account.email)
    return _apply(account, invitations.resend_invitation, done)


def sign_out_everywhere(user_id: int):
    """End every session of an account, on every device."""
    account = db.get_or_404(User, user_id)
    done = _("%(email)s is signed out on every device.", email=account.email)
    return _apply(account, sessions.sign_out_everywhere, done)


def _apply(account: User, change, done: str, *args):
    """Make `change` as the current admin, flash the outcome and go back to the account."""
    try:
        change(acting_admin(), account, *args)
    except services.AccountError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(done, "ok")
    return redirect(url_for(".user", user_id=account.id), 303)
