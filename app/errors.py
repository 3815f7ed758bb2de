"""Friendly error pages for the errors a visitor can meet."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: ("Bad request", "The request could not be understood."),
    404: ("Page not found", "There is no page at this address. It may have moved."),
    405: ("Not allowed", "This page cannot be used that way."),
    413: (
        "Too much data",
        "What you sent is larger than this site accepts. "
        "Shorten the longest answers and try again.",
    ),
    500: (
        "Something went wrong",
        "The server met an error and nothing was saved. Please try again in a moment.",
    ),
}


def render_error(code: int, title: str | None = None, message: str | None = None):
    """Render the error page for `code`."""
    default_title, default_message = MESSAGES.get(code, ("Error", "The request failed."))
    return (
        render_template(
            "errors/error.html",
            code=code,
            title=title or default_title,
            message=message or default_message,
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
            "This form has expired",
            "The page was open too long, or cookies are blocked, so the form's security "
            "token did not match. Nothing was saved. Go back, reload the page and send it again.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        """Render any HTTP error as a friendly page."""
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        """Log an unexpected fault and show the 500 page, never a traceback."""
        if isinstance(error, HTTPException):
            return http_error(error)
        if app.debug:
            raise error  # the interactive debugger is more use than a friendly page
        app.logger.exception("Unhandled error")
        from app.extensions import db

        db.session.rollback()
        return render_error(500)
