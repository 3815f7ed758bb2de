"""The audit log: every decision, edit, merge and account change; read-only."""

import csv
import io
from datetime import date, timedelta

import sqlalchemy as sa
from flask import Response, flash, render_template, request
from flask_babel import gettext as _

from app.audit import Action
from app.extensions import db
from app.inputs import parse_id
from app.models import AuditEvent
from app.moderation.words import action_words, change_words
from app.pagination import paginate, read_page
from app.permissions import Permission, permission_required

LOG_PER_PAGE = 100
# The codes as stored, then the action and its change in words (app.moderation.words).
HEADER = [
    "at", "actor", "action", "submission", "organization", "from", "to", "note", "what", "change"
]  # fmt: skip
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _log_query():
    """Return the filtered log query and the filters as read from the URL."""
    filters = {
        "action": request.args.get("action", ""),
        "actor": request.args.get("actor", "").strip()[:254],
        "submission": request.args.get("submission", "").strip(),
        "since": request.args.get("since", ""),
        "until": request.args.get("until", ""),
    }
    query = sa.select(AuditEvent)
    if filters["action"]:
        if filters["action"] in {a.value for a in Action}:
            query = query.where(AuditEvent.action == filters["action"])
        else:
            flash(
                _(
                    "Unknown action %(action)s: showing every action.",
                    action=repr(filters["action"]),
                ),
                "error",
            )
            filters["action"] = ""
    if filters["actor"]:
        query = query.where(AuditEvent.actor_label.ilike(f"%{filters['actor']}%"))
    submission_id = parse_id(filters["submission"])
    if submission_id is not None:
        query = query.where(AuditEvent.submission_id == submission_id)
    since, until = _day(filters, "since"), _day(filters, "until")
    if since:
        query = query.where(AuditEvent.at >= since)
    if until:
        query = query.where(AuditEvent.at < until + timedelta(days=1))
    return query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()), filters


def _day(filters: dict, key: str) -> date | None:
    """Read a YYYY-MM-DD filter; a bad one is reported and dropped."""
    if not filters[key]:
        return None
    try:
        return date.fromisoformat(filters[key])
    except ValueError:
        flash(
            _("%(text)s is not a date like 2026-05-31; ignored.", text=repr(filters[key])), "error"
        )
        filters[key] = ""
        return None


@permission_required(Permission.READ_LOG)
def log():
    """Show the audit log, newest first, filtered."""
    query, filters = _log_query()
    number, problems = read_page(request.args.get("page"))
    for problem in problems:
        flash(problem, "error")
    return render_template(
        "moderation/log.html",
        page=paginate(query, number, LOG_PER_PAGE),
        filters=filters,
        actions=list(Action),
    )


def _cell(value) -> str:
    """Make a value safe for a spreadsheet: text that starts a formula gets a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


@permission_required(Permission.READ_LOG)
def log_csv():
    """Download the filtered audit log as CSV."""
    query = _log_query()[0]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for event in db.session.scalars(query):
        writer.writerow(
            [
                _cell(value)
                for value in (
                    event.at.isoformat(timespec="seconds"),
                    event.actor_label,
                    event.action,
                    event.submission_id,
                    event.organization_id,
                    event.from_status,
                    event.to_status,
                    event.note,
                    action_words(event.action),
                    change_words(event.action, event.from_status, event.to_status),
                )
            ]
        )
    return Response(
        buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=constellation-audit-log.csv"},
    )
