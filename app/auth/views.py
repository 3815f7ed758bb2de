"""Sign-in, sign-out and accepting an invitation."""

from urllib.parse import urlsplit

from flask import (
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.auth import invitations, services, throttle
from app.auth.forms import ChoosePasswordForm, LoginForm
from app.auth.notices import notify_sign_in_paused
from app.auth.passwords import MIN_PASSWORD_LENGTH
from app.auth.sessions import sign_out
from app.forms import required
from app.inputs import site_path
from app.models import User
from app.permissions import Permission, can

# An invitation's address is its password: keep it out of caches and Referer headers.
PRIVATE_PAGE = {"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer"}


def setup(state) -> None:
    """Give the app its own sign-in throttle."""
    throttle.init_app(state.app)


def navigation() -> dict:
    """Let every template list the staff pages the current user may open."""
    return {"staff_links": staff_links}


def staff_links() -> list[tuple[str, str]]:
    """Return (label, address) for the staff pages the current user may open."""
    links = []
    if can(current_user, Permission.REVIEW) and "moderation.queue" in current_app.view_functions:
        links.append((_("Moderation"), url_for("moderation.queue")))
    if can(current_user, Permission.MANAGE_USERS):
        links.append((_("Admin"), url_for("admin.users")))
        links.append((_("Manage waves"), url_for("admin.waves")))
        links.append((_("Themes"), url_for("admin.themes")))
    if can(current_user, Permission.MANAGE_CONTACTS):
        links.append((_("Contacts"), url_for("admin.contacts")))
    return links


def landing_url() -> str:
    """Return where a signed-in user goes by default: the review queue once it exists."""
    if "moderation.queue" in current_app.view_functions:
        return url_for("moderation.queue")
    return url_for("main.index")


def safe_next(target: str | None) -> str | None:
    """Return `target` if it is a path on this site other than signing in or out, else None."""
    target = site_path(target)
    if target is None or urlsplit(target).path in {url_for(".login"), url_for(".logout")}:
        return None
    return target


def login():
    """Show the sign-in form and sign a moderator or admin in."""
    next_url = safe_next(request.args.get("next"))
    form = LoginForm()
    if not form.validate_on_submit():
        refused = form.is_submitted()
        return _login_page(form, next_url, 422 if refused else 200, refused=refused)
    email = services.normalize_email(required(form.email.data))
    try:
        user, wait = _checked_sign_in(
            email, required(form.password.data), request.remote_addr or ""
        )
    except throttle.ThrottleUnavailable as error:
        # Without the count, guesses could not be limited: refuse, and say it is passing.
        current_app.logger.error("sign-in refused, failure count unavailable: %s", error)
        page, status = _login_page(form, next_url, 503, unavailable=True)
        return page, status, {"Retry-After": "60"}
    if wait is not None:
        page, status = _login_page(form, next_url, 429, blocked=True)
        return page, status, {"Retry-After": str(wait)}
    if user is None:
        return _login_page(form, next_url, 422, failed=True)
    services.record_login(user, required(form.password.data))
    _start_session(user)
    return redirect(next_url or landing_url(), 303)


def _checked_sign_in(email: str, password: str, address: str):
    """Check the password unless throttled; return (user or None, seconds to wait or None)."""
    limiter = throttle.login_throttle()
    wait = limiter.retry_after(email, address)
    if wait is not None:
        current_app.logger.warning("sign-in refused while throttled: %s from %s", email, address)
        return None, wait
    user = services.authenticate(email, password)
    if user is None:
        if limiter.failed(email, address):
            notify_sign_in_paused(email, address)
        current_app.logger.warning("failed sign-in: %s from %s", email, address)
        return None, None
    limiter.succeeded(email, address)
    return user, None


def logout():
    """Sign out everywhere: end the account's sessions on the server, then forget this one."""
    if current_user.is_authenticated:
        sign_out(current_user._get_current_object())
    logout_user()
    _clear_session()
    flash(_("You are signed out."), "ok")
    return redirect(url_for("main.index"), 303)


def accept_invite(token: str):
    """Let an invited user choose a password once, then sign them in."""
    try:
        invitations.invited_user(token)
    except invitations.InvitationError as error:
        return _invalid_invite(error)
    form = ChoosePasswordForm()
    if not form.validate_on_submit():
        page = render_template("auth/accept_invite.html", form=form, min_length=MIN_PASSWORD_LENGTH)
        return page, 422 if form.is_submitted() else 200, PRIVATE_PAGE
    try:
        user = invitations.accept_invitation(token, required(form.password.data))
    except invitations.InvitationError as error:
        return _invalid_invite(error)
    _start_session(user)
    flash(_("Your password is set and you are signed in."), "ok")
    return redirect(landing_url(), 303)


def _invalid_invite(error: invitations.InvitationError):
    """Explain why an invitation link cannot be used."""
    return render_template("auth/invite_invalid.html", message=str(error)), 404, PRIVATE_PAGE


def _clear_session() -> None:
    """Empty the session, and forget the CSRF token Flask-WTF cached from it for this request.

    A form rendered later in the same app context (as in the test suite, where one
    context spans many requests) would otherwise carry the old session's token.
    """
    session.clear()
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


def _start_session(user: User) -> None:
    """Sign `user` in on a brand-new session, so no value from before survives (fixation)."""
    _clear_session()
    login_user(user)


def _login_page(form: LoginForm, next_url: str | None, status: int = 200, **state: bool):
    """Render the sign-in page with `status` and flags saying what went wrong."""
    return render_template("auth/login.html", form=form, next_url=next_url, **state), status
