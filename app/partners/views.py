"""The partner's pages: its personal link, its correction, and asking for new links.

A GET changes nothing; every change is a POST with the form's token. An unknown, forged
or malformed link gets a plain "not found" page, an expired one a page that says so and
points to asking for a new link: neither shows anything of the relationship.
"""

from flask import (
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _

from app.extensions import csrf
from app.forms import required
from app.i18n import N_, request_language
from app.linkrequests import LinkRequestPage, link_request_page
from app.models import PartnerReply
from app.partners import services
from app.partners.corrections import CorrectionRefused, correction_refusal, send_correction
from app.partners.forms import CorrectionForm, DecisionForm, NewLinkForm

DONE = {
    "confirm": lambda before: (
        _("Thank you: your decline is withdrawn and the relationship is confirmed.")
        if before == "declined"
        else _("Thank you: the relationship is confirmed.")
    ),
    "decline": lambda before: _(
        "Done: the relationship is no longer shown on any public page, map, API or download."
    ),
}
ALREADY = {
    "confirm": lambda: _("You had already confirmed it; nothing changed."),
    "decline": lambda: _("You had already declined to be shown; nothing changed."),
}


def _open_reply(token: str) -> PartnerReply:
    """Return the reply behind a working link; abort with a plain page otherwise."""
    reply = services.reply_by_token(token)
    if reply is None:
        abort(404)
    if services.is_expired(reply):
        abort(make_response(render_template("partners/expired.html"), 410))
    return reply


def reply(partner_token: str):
    """Show the partner what was said of it and the three choices it has."""
    item = _open_reply(partner_token)
    return _reply_page(item, partner_token)


def _reply_page(item: PartnerReply, token: str, *, conflict: str = "", status: int = 200):
    """Render the partner's page (`conflict`: why the last request changed nothing)."""
    context = {
        "reply": item,
        "token": token,
        "answer": services.asked_answer(item),
        "form": DecisionForm(formdata=None),
        "conflict": conflict,
        "correction_refused": correction_refusal(item),
    }
    return render_template("partners/reply.html", **context), status


# The forms of a partner's pages check their own token (SiteForm), rather than the site-wide
# check: these pages are no-referrer, so a browser posts them without a Referer, which that
# check refuses over HTTPS (Flask-WTF's WTF_CSRF_SSL_STRICT). The link's token is the key.
@csrf.exempt
def decide(partner_token: str):
    """Confirm or decline the relationship, once: the same answer twice changes nothing."""
    item = _open_reply(partner_token)
    form = DecisionForm()
    if not form.validate_on_submit():
        message = _("Choose confirm or decline with the buttons below; nothing changed.")
        if form.csrf_token.errors:
            message = _("The form expired; please try again.")
        return _reply_page(item, partner_token, conflict=message, status=422)
    choice, before = required(form.decision.data), item.state.value
    try:
        changed = services.decide_reply(item, choice)
    except services.ReplyConflict:
        item = services.reply_by_token(partner_token) or abort(404)
        message = _(
            "Your answer changed meanwhile, in another window or because a moderator approved "
            "the correction you sent: nothing you sent now was applied. Here it is as now "
            "saved; choose again below if you wish."
        )
        return _reply_page(item, partner_token, conflict=message, status=409)
    flash(DONE[choice](before) if changed else ALREADY[choice](), "ok")
    return redirect(url_for(".reply", partner_token=partner_token), 303)


@csrf.exempt
def correct(partner_token: str):
    """Take the partner's own account of itself, for a moderator to review."""
    item = _open_reply(partner_token)
    refused = correction_refusal(item)
    if refused:
        flash(refused, "error")
        return redirect(url_for(".reply", partner_token=partner_token), 303)
    form = CorrectionForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template(
            "partners/correct.html", reply=item, token=partner_token, form=form
        ), status
    try:
        send_correction(item, form.own_account(), request_language())
    except (CorrectionRefused, services.ReplyConflict) as stopped:
        flash(str(stopped) or _("Your answer changed meanwhile; nothing was sent."), "error")
        return redirect(url_for(".reply", partner_token=partner_token), 303)
    flash(_("Thank you: your correction was sent. A moderator reviews it before it shows."), "ok")
    return redirect(url_for(".reply", partner_token=partner_token), 303)


NEW_LINK_PAGE = LinkRequestPage(
    form=NewLinkForm,
    ask=services.ask_for_new_links,
    throttle="partner-link",
    title=N_("Ask for a new link"),
    lead=N_(
        "Were you asked whether your organization works with another one, and your link no "
        "longer works? Give the address the question was sent to, and we will mail you new "
        "links."
    ),
    sent=N_(
        "If organizations were asked about at %(email)s, a message with new links is on its way "
        "to that address. It may take a few minutes; look in your spam folder too."
    ),
    button=N_("Send me new links"),
)


@csrf.exempt
def new_link():
    """Mail new links to an address partners were asked at (app.linkrequests)."""
    return link_request_page(NEW_LINK_PAGE)
