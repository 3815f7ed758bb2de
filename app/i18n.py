"""The languages the site speaks, and which one each visitor gets.

A visitor's own choice (the header's switch, kept in a cookie) wins; otherwise the
browser's Accept-Language; otherwise English. The same rule serves Flask-Babel, the
page cache (which keeps one copy of a page per language) and mail, which goes out in
the language a submitter's form was in.
"""

from functools import lru_cache
from urllib.parse import urlencode

from flask import has_request_context, request, url_for
from flask_babel import Babel, force_locale, format_date, format_datetime
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from app.inputs import site_path

LANGUAGES = {"en": "English", "es": "Español"}  # code: the language's name in itself
DEFAULT_LANGUAGE = "en"
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600

babel = Babel()


def N_(text: str) -> str:
    """Mark `text` for the catalogue where it is defined; it is translated when shown."""
    return text


def known_language(code: str | None) -> str:
    """Return `code` if the site speaks it, else English."""
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


@lru_cache(maxsize=256)
def _browser_language(accept_language: str) -> str:
    """Return the best of our languages for an Accept-Language header (kept: they repeat)."""
    accepted = parse_accept_header(accept_language, LanguageAccept)
    return accepted.best_match(list(LANGUAGES), default=DEFAULT_LANGUAGE)


def language_of(cookies, accept_language: str) -> str:
    """Return the language for a visitor with these cookies and Accept-Language header.

    A cookie naming a language we do not have (forged, or from an older site) is ignored.
    """
    chosen = cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return _browser_language(accept_language or "")


def request_language() -> str:
    """Return this request's language (English outside a request: commands, jobs)."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    return language_of(request.cookies, request.headers.get("Accept-Language", ""))


def in_language(code: str | None):
    """Return a context in which gettext speaks `code` (English if we do not have it)."""
    return force_locale(known_language(code))


def register(app) -> None:
    """Bind Flask-Babel and give templates the page's language and the other languages."""
    babel.init_app(app, locale_selector=request_language)
    app.jinja_env.policies["ext.i18n.trimmed"] = True  # as babel.cfg extracts them
    app.jinja_env.tests["text"] = lambda value: isinstance(value, str) or _is_lazy(value)
    # A date as the page's language writes it: "December 3, 2026", "3 de diciembre de 2026".
    app.jinja_env.filters["day"] = lambda value: format_date(value, "long")
    app.jinja_env.filters["moment"] = moment
    app.jinja_env.filters["day"] = day

    @app.context_processor
    def language_globals() -> dict:
        """Give templates the page's language code and the switch's choices."""
        return {"page_language": request_language(), "languages": LANGUAGES}

    app.jinja_env.globals["language_link"] = language_link


def language_link(code: str) -> str:
    """Return the switch's address for `code`, coming back to this page as it is.

    An argument that is itself an address (a sign-in's `next`) is kept only if it is a
    path on this site, so that the switch never repeats another site's address.
    """
    arguments = [
        (name, value)
        for name, value in request.args.items(multi=True)
        if name != "next" or site_path(value)
    ]
    back = request.path + ("?" + urlencode(arguments) if arguments else "")
    return url_for("main.choose_language", code=code, next=back)


def moment(value) -> str:
    """Return a stored (UTC) time as staff pages show it: "3 Dec 2026, 14:05", "3 dic 2026"…"""
    return format_datetime(value, "d MMM y, HH:mm", rebase=False)


def day(value) -> str:
    """Return a date as public pages show it: "3 Dec 2026", "3 dic 2026"…"""
    return format_date(value, "d MMM y")


def _is_lazy(value) -> bool:
    """Tell whether `value` is a lazily translated string (a form's message)."""
    from flask_babel.speaklater import LazyString

    return isinstance(value, LazyString)
