"""Asking for private links again: the one page flow for submitters and for partners.

The page answers the same whether or not the address is known, so that nobody can learn
from it who answered or who was asked; a connection, and an address, get at most a few
such mails an hour (LOST_LINK_RATE_LIMIT).
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import render_template, request

from app.forms import SiteForm
from app.i18n import request_language
from app.ratelimits import within_rate


@dataclass(frozen=True)
class LinkRequestPage:
    """What differs between the pages: the form, the request it stores, and its words."""

    form: type[SiteForm]  # a form with one `email` field
    ask: Callable[[str, str], None]  # store the request to mail an address, in a language
    throttle: str  # the rate limit's name for a connection; "-address" is added for an address
    title: str  # the words, marked with N_ and translated when shown
    lead: str
    sent: str  # names the address as %(email)s
    button: str


def link_request_page(page: LinkRequestPage):
    """Show the form, or store a request to mail the address given its links."""
    form = page.form()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return _render(page, form), status
    if not within_rate(page.throttle, "LOST_LINK_RATE_LIMIT", request.remote_addr or ""):
        return _render(page, form, too_many=True), 429
    address = form.email.data
    if within_rate(f"{page.throttle}-address", "LOST_LINK_RATE_LIMIT", address):
        page.ask(address, request_language())
    return _render(page, form, sent_to=address)


def _render(page: LinkRequestPage, form: SiteForm, **context) -> str:
    """Render the page of `page` with `form`."""
    return render_template("link_request.html", page=page, form=form, **context)
