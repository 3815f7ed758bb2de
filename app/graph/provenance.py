"""Where a public fact comes from: who reported a relationship, and what its partner said.

A relationship is reported by the organization whose approved answer names it, in that
answer's wave, and approved when its submission was. Its partner may have confirmed it,
or not answered (a declined one is not public: app/public.py). An organization's own
details come from itself when it answered a survey; otherwise from others' answers.
Contact details are never part of provenance.
"""

import sqlalchemy as sa
from flask_babel import gettext as _

from app.extensions import db
from app.i18n import day
from app.models import ReplyState, Submission, SurveyWave
from app.public import public_organization_ids, published


def reply_of(state: str | None) -> ReplyState:
    """Return what a partner said, from a stored state (None: it was never asked)."""
    return ReplyState(state) if state else ReplyState.UNANSWERED


def reply_json(state: str | None) -> dict:
    """Return what a partner said of a relationship, as the API and the panel show it."""
    reply = reply_of(state)
    return {"state": reply.value, "label": reply.label}


def is_confirmed(state: str | None) -> bool:
    """Tell whether a partner confirmed the relationship."""
    return reply_of(state) is ReplyState.CONFIRMED


def approved_json(approved_at) -> dict:
    """Return when a relationship's answer was approved, as a date and as people read it."""
    if approved_at is None:
        return {"approved_on": None, "approved_on_label": None}
    return {"approved_on": approved_at.date().isoformat(), "approved_on_label": day(approved_at)}


def reply_to(edge) -> ReplyState | None:
    """Return what the partner said of a public relationship (None: not a partnership)."""
    if edge.type.value != "partnership":
        return None
    return ReplyState.CONFIRMED if edge.confirmed else ReplyState.UNANSWERED


def answering(network) -> set[int]:
    """Return the ids of the organizations whose details come from their own answers."""
    return {org for org, _survey in network.answered}


def details_from(answered: set[int], org_id: int) -> str:
    """Return where a public organization's details come from: "itself" or "others"."""
    return "itself" if org_id in answered else "others"


def partner_words(org_id: int) -> dict | None:
    """Return the organization's own latest approved words on what matters to it, if any."""
    row = db.session.execute(
        sa.select(Submission.cares_about, SurveyWave.slug, SurveyWave.name)
        .join(SurveyWave, SurveyWave.id == Submission.wave_id)
        .where(
            Submission.organization_id == org_id,
            Submission.organization_id.in_(public_organization_ids()),
            published(),
            Submission.cares_about != "",
        )
        .order_by(Submission.decided_at.desc(), Submission.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return {"text": row.cares_about, "wave": {"slug": row.slug, "name": row.name}}


def answered_itself(org_id: int) -> bool:
    """Tell whether the organization has an approved answer of its own (one query)."""
    return bool(
        db.session.scalar(
            sa.select(sa.exists().where(Submission.organization_id == org_id, published()))
        )
    )


def described_by(answered_itself: bool) -> dict:
    """Return where an organization's details come from, as the API and the panel show it."""
    if answered_itself:
        return {"source": "itself", "label": _("Its details come from its own answers.")}
    return {
        "source": "others",
        "label": _("Its details come from other organizations' answers."),
    }
