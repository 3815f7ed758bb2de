"""Friendly error pages for the errors a visitor can meet."""

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException

from app.ratelimits import CountUnavailable

# What the database driver raises when the database cannot be reached or does not answer.
DATABASE_UNAVAILABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError)
# Words of a driver's message that say the database is out of reach, not that a query is wrong
# (SQLite raises OperationalError for both "unable to open database" and a bad column).
UNREACHABLE_WORDS = (
    "connect", "connection", "unable to open database", "database is locked", "server closed",
    "terminating", "timeout", "timed out", "no route", "refused",
)  # fmt: skip
# Seconds a client is asked to wait before trying again while the database is unreachable.
RETRY_AFTER = 30
# ... and while requests cannot be counted (app/ratelimits.py), as for sign-in.
COUNT_RETRY_AFTER = 60

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood.")),
    404: (_l("Page not found"), _l("There is no page at this address. It may have moved.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    413: (
        _l("Too much data"),
        _l(
            "What you sent is larger than this site accepts. "
            "Shorten the longest answers and try again."
        ),
    ),
    500: (
        _l("Something went wrong"),
        _l("The server met an error and nothing was saved. Please try again in a moment."),
    ),
    503: (
        _l("Briefly unavailable"),
        _l(
            "The site cannot reach its database just now, so nothing was saved. "
            "Please try again in a minute."
        ),
    ),
}
OTHER = (_l("Error"), _l("The request failed."))


def render_error(code: int, title: str | None = None, message: str | None = None):
    """Render the error page for `code`, in the visitor's language."""
    default_title, default_message = MESSAGES.get(code, OTHER)
    return (
        render_template(
            "errors/error.html",
            code=code,
            title=str(title or default_title),
            message=str(message or default_message),
        ),
        code,
    )


def register(app: Flask) -> None:
    """Install the error handlers on `app`."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        """Explain a missing or expired form token."""
        return render_error(
            400,
            _("This form has expired"),
            _(
                "The page was open too long, or cookies are blocked, so the form's security "
                "token did not match. Nothing was saved. "
                "Go back, reload the page and send it again."
            ),
        )

    @app.errorhandler(CountUnavailable)
    def count_unavailable(error: CountUnavailable):
        """Refuse a request whose rate cannot be checked, rather than serve it unthrottled."""
        app.logger.error("request refused, its count is unavailable: %s", error)
        _roll_back()
        page = render_template(
            "errors/unavailable.html",
            code=503,
            title=str(MESSAGES[503][0]),
            message=_(
                "The site cannot check just now how often this was asked, so it did nothing "
                "with your request. Please try again in a minute."
            ),
        )
        return page, 503, {"Retry-After": str(COUNT_RETRY_AFTER)}

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        """Render any HTTP error as a friendly page, with the message abort() gave, if any."""
        own_message = error.description != type(error).description
        return render_error(error.code or 500, message=error.description if own_message else None)

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        """Log an unexpected fault and show the 500 page, never a traceback."""
        if isinstance(error, HTTPException):
            return http_error(error)
        if database_out_of_reach(error):
            return database_unavailable(error)
        if app.debug:
            raise error  # the interactive debugger is more use than a friendly page
        app.logger.exception("Unhandled error")
        _roll_back()
        return render_error(500)

    def database_unavailable(error: Exception):
        """Answer 503 with Retry-After, on a page that does not touch the database itself."""
        app.logger.error("Database unavailable: %s", error)
        _roll_back()
        title, message = MESSAGES[503]
        page = render_template(
            "errors/unavailable.html", code=503, title=str(title), message=str(message)
        )
        return page, 503, {"Retry-After": str(RETRY_AFTER)}


def database_out_of_reach(error: Exception) -> bool:
    """Tell whether `error` means the database cannot be reached (a 503), not a fault (a 500)."""
    if isinstance(error, sa_exc.TimeoutError):
        return True
    if not isinstance(error, sa_exc.OperationalError | sa_exc.InterfaceError):
        return False
    message = str(error.orig).lower()
    return error.connection_invalidated or any(word in message for word in UNREACHABLE_WORDS)


def _roll_back() -> None:
    """End the failed transaction, if the connection still allows it."""
    from app.extensions import db

    try:
        db.session.rollback()
    except DATABASE_UNAVAILABLE:
        # The session itself: the scoped_session db.session names has no invalidate().
        db.session().invalidate()
