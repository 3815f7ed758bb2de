"""The home page."""

from flask import redirect, render_template, request

from app import i18n
from app.buildmemo import shared
from app.inputs import site_path
from app.main.services import network_totals
from app.models import SurveyKind
from app.pagecache import cached_public_page
from app.waves.rules import open_wave_for


@cached_public_page
def index():
    """Explain the project and point to both surveys."""
    return render_template(
        "main/index.html",
        totals=shared("network totals", network_totals),  # read once in a publishing job
        open_waves={kind: open_wave_for(kind) for kind in SurveyKind},
    )


def choose_language(code: str):
    """Remember the visitor's language in a cookie and go back to the page they were on.

    A code we do not have falls back to English. Only the cookie changes: nothing is stored.
    """
    response = redirect(site_path(request.args.get("next")) or "/", 303)
    response.set_cookie(
        i18n.COOKIE,
        i18n.known_language(code),
        max_age=i18n.COOKIE_MAX_AGE,
        samesite="Lax",
        secure=request.is_secure,
        httponly=True,
    )
    return response
