"""Absolute addresses for emails, which may be written in a request or from the command line."""

from flask import current_app, has_request_context, request, url_for

_warned: list[bool] = []  # the missing SERVER_NAME is worth one warning per process


def _base_url() -> str:
    """Return the site's root address without its trailing slash, or "" when it is unknown.

    SITE_URL, when set, wins over the request's Host header, which a client chooses.
    """
    if current_app.config.get("SITE_URL"):
        return current_app.config["SITE_URL"].rstrip("/")
    if has_request_context():
        return request.root_url.rstrip("/")
    config = current_app.config
    if config.get("SERVER_NAME"):
        root = (config.get("APPLICATION_ROOT") or "/").rstrip("/")
        return f"{config.get('PREFERRED_URL_SCHEME', 'http')}://{config['SERVER_NAME']}{root}"
    if not _warned:
        _warned.append(True)
        current_app.logger.warning(
            "Email links are relative: set SITE_URL to give emails written outside a "
            "request (such as the daily digest) the site's full address."
        )
    return ""


def site_link(endpoint: str, fallback_path: str, **values) -> str:
    """Return the absolute address of `endpoint`, or of `fallback_path` if it is not registered."""
    if endpoint not in current_app.view_functions:
        return _base_url() + fallback_path
    if not current_app.config.get("SITE_URL") and (
        has_request_context() or current_app.config.get("SERVER_NAME")
    ):
        return url_for(endpoint, _external=True, **values)
    adapter = current_app.url_map.bind(
        "localhost", script_name=current_app.config.get("APPLICATION_ROOT") or "/"
    )
    return _base_url() + adapter.build(endpoint, values)


def status_link(token: str | None) -> str | None:
    """Return the submitter's private status address for `token` (None when it is unknown)."""
    if not token:
        return None
    return site_link("surveys.status", f"/status/{token}", token=token)


def review_link(submission_id: int) -> str:
    """Return the address where moderators review submission `submission_id`."""
    return site_link(
        "moderation.submission",
        f"/moderation/submissions/{submission_id}",
        submission_id=submission_id,
    )
