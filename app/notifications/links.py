"""Absolute addresses for emails, which may be written in a request or from the command line.

A private link (a status page, a partner's page, an invitation, an account's first
password) is never written into a kept message: the message keeps a sealed mark naming
the link's kind and its token's digest, and the link is written only as the message is
sent (`unseal`), from the seed its row keeps and SECRET_KEY (app/tokens.py). Moderators
read the outbox with the marks in words (`redacted`); a copy of the database opens nothing.
"""

import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app, has_request_context, request, url_for
from flask_babel import gettext as _

from app import tokens
from app.extensions import db
from app.models import PartnerReply, Submission, User, WaveInvitation

_warned: list[bool] = []  # the missing SERVER_NAME is worth one warning per process


def site_root() -> str:
    """Return the site's root address as links written now would start (kept with a message)."""
    return _base_url()


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


@dataclass(frozen=True)
class PrivateLink:
    """A kind of private link: the row that keeps its token's digest and seed, and its page."""

    model: type
    digest: str  # the column holding the token's digest
    seed: str  # the column holding the seed
    purpose: bytes
    endpoint: str
    argument: str
    path: str  # the page's path, with {} for the token, when the endpoint is not registered


PRIVATE_LINKS = {
    "status": PrivateLink(Submission, "token_digest", "token_seed", tokens.PURPOSE,
                          "surveys.status", "token", "/status/{}"),
    "partner": PrivateLink(PartnerReply, "token_digest", "token_seed", tokens.PARTNER_PURPOSE,
                           "partners.reply", "partner_token", "/partners/{}"),
    "invitation": PrivateLink(WaveInvitation, "token_digest", "token_seed",
                              tokens.INVITATION_PURPOSE, "invitations.invitation",
                              "invite_token", "/invitations/{}"),
    "opt-out": PrivateLink(WaveInvitation, "token_digest", "token_seed",
                           tokens.INVITATION_PURPOSE, "invitations.opt_out", "invite_token",
                           "/invitations/{}/opt-out"),
    "account": PrivateLink(User, "invite_token_hash", "invite_token_seed",
                           tokens.ACCOUNT_PURPOSE, "auth.accept_invite", "token", "/invite/{}"),
}  # fmt: skip
SEALED = re.compile(r"\[\[link:(?P<kind>[a-z-]+):(?P<digest>[0-9a-f]{64})\]\]")


def sealed(kind: str, digest: str) -> str:
    """Return the mark a kept message holds in place of a private link of `kind`."""
    assert kind in PRIVATE_LINKS and re.fullmatch(r"[0-9a-f]{64}", digest or ""), kind
    return f"[[link:{kind}:{digest}]]"


def unseal(body: str, root: str) -> str:
    """Write each private link of a message as it is sent, under `root` (the site's address
    when the message was written); a link that was replaced since says so."""
    return SEALED.sub(lambda match: _opened(match["kind"], match["digest"], root), body)


def redacted(body: str) -> str:
    """Return a kept message as moderators read it: each private link named, not given."""
    return SEALED.sub(lambda match: _("[private link, sent only to the recipient]"), body)


def _opened(kind: str, digest: str, root: str) -> str:
    """Return the address of one sealed link, or a note when its token is gone or replaced."""
    link = PRIVATE_LINKS.get(kind)
    row = None
    if link is not None:
        row = db.session.execute(
            sa.select(getattr(link.model, link.seed)).where(
                getattr(link.model, link.digest) == digest
            )
        ).first()
    token = tokens.recover(row[0], digest, link.purpose) if link is not None and row else None
    if link is None or token is None:
        return _(
            "(this private link no longer works: a newer one replaced it, or it was withdrawn)"
        )
    if link.endpoint not in current_app.view_functions:
        return root + link.path.format(token)
    adapter = current_app.url_map.bind("localhost", script_name="/")
    return root + adapter.build(link.endpoint, {link.argument: token})


def status_link(submission: Submission) -> str | None:
    """Return the sealed mark of a submission's private status link (None without one).

    None too for a link from before tokens were derived (no seed): the site cannot write it.
    """
    if not submission.token_digest or not submission.token_seed:
        return None
    return sealed("status", submission.token_digest)


def review_link(submission_id: int) -> str:
    """Return the address where moderators review submission `submission_id`."""
    return site_link(
        "moderation.submission",
        f"/moderation/submissions/{submission_id}",
        submission_id=submission_id,
    )
