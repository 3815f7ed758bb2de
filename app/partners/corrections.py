"""A partner's correction: its own account of itself, sent to moderation like any submission.

Approved, it describes the partner's organization (only the fields it gave) and stands
as the partner's confirmation. A partner that declined after sending one keeps its
decline: the correction cannot be approved until the partner withdraws it.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from app.audit import PARTNER, Action, record
from app.contacts.services import verify_replying_address
from app.extensions import db
from app.i18n import known_language
from app.models import (
    OrgKind,
    PartnerReply,
    ReplyState,
    Submission,
    SubmissionOrigin,
    SubmissionStatus,
    SurveyKind,
    User,
)
from app.notifications.services import notify_moderators_of_submission
from app.partners.reply_states import move_reply
from app.partners.services import ReplyConflict, ask_partners, commit_reply
from app.submissions.versions import snapshot

WAITING = (SubmissionStatus.PENDING, SubmissionStatus.CHANGES_REQUESTED)


@dataclass(frozen=True)
class OwnAccount:
    """What a partner says of itself; None (or "") where it says nothing."""

    kind: OrgKind | None = None
    city: str | None = None
    state: str | None = None
    cares_about: str = ""


class CorrectionRefused(Exception):
    """The partner cannot send a correction now; the message says why."""


def correction_refusal(reply: PartnerReply) -> str | None:
    """Return why the partner may not send a correction now, or None if it may."""
    if reply.state is ReplyState.DECLINED:
        return _(
            "You declined to be shown. Confirm the relationship first (that withdraws the "
            "decline), then send your correction."
        )
    if reply.correction is not None and reply.correction.status in WAITING:
        return _(
            "Your earlier correction waits for review. You can send another once a moderator "
            "has looked at it."
        )
    return None


def send_correction(reply: PartnerReply, own: OwnAccount, language: str) -> Submission:
    """Store the partner's correction, pending review, and tell the moderators; commits."""
    refused = correction_refusal(reply)
    if refused:
        raise CorrectionRefused(refused)
    submission = Submission(
        wave=reply.wave,
        survey_kind=SurveyKind.PARTNERSHIP,
        origin=SubmissionOrigin.PARTNER_CORRECTION,
        organization=reply.partner,
        status=SubmissionStatus.PENDING,
        contact_email=reply.email,
        language=known_language(language),
        own_kind=own.kind,
        own_city=own.city or None,
        own_state=own.state or None,
        cares_about=own.cares_about or "",
    )
    db.session.add(submission)
    try:
        db.session.flush()
        snapshot(submission, author=None)
        verify_replying_address(reply.partner, reply.email, language)
        # The reply changes last: its UPDATE, checked against its version, runs at the
        # commit, where a change that came first (a decline) becomes ReplyConflict.
        reply.correction = submission
        record(
            Action.PARTNER_CORRECT, None, actor_label=PARTNER, submission=submission,
            organization=reply.partner,
            note=f"{reply.partner.name}, about {reply.reporter.name}'s answer",
        )  # fmt: skip
        notify_moderators_of_submission(submission)
    except StaleDataError:
        db.session.rollback()
        raise ReplyConflict() from None
    commit_reply()
    return submission


def reply_corrected_by(submission: Submission) -> PartnerReply | None:
    """Return the reply whose correction `submission` is, or None for any other submission."""
    if submission.id is None or submission.survey_kind is not SurveyKind.PARTNERSHIP:
        return None
    return db.session.scalar(
        sa.select(PartnerReply).where(PartnerReply.correction_id == submission.id)
    )


def approval_refusal(submission: Submission) -> str | None:
    """Return why a correction may not be approved now (its partner declined), else None."""
    if submission.survey_kind is not SurveyKind.PARTNERSHIP:
        return None
    state = db.session.scalar(
        sa.select(PartnerReply.state).where(PartnerReply.correction_id == submission.id)
    )
    if state is not ReplyState.DECLINED:
        return None
    return _(
        "The partner declined to be shown after sending this correction, so it cannot be "
        "approved: the decline stands until the partner withdraws it through its link. "
        "Nothing was changed."
    )


def after_publish(submission: Submission, actor: User | None) -> None:
    """Apply a published correction, and ask the partners named; the caller commits."""
    apply_correction(submission, actor)
    ask_partners(submission, actor)


def apply_correction(submission: Submission, actor: User | None) -> None:
    """Describe the partner as its approved correction says, and count it as confirming.

    Only the fields given change. The reply is always written (decided_at moves), so a
    decline committed meanwhile fails this approval on the reply's version column, and a
    decline read here fails it the same way: one outcome, the decline's.
    """
    reply = reply_corrected_by(submission)
    if reply is None:
        return
    org = submission.organization
    if submission.own_kind:
        org.kind = submission.own_kind
    moved = False
    for name in ("city", "state"):
        value = getattr(submission, f"own_{name}")
        if value and value != getattr(org, name):
            setattr(org, name, value)
            moved = True
    if moved:  # a place of the old city must not stay on the map
        org.latitude = org.longitude = None
    before = reply.state
    if before is ReplyState.DECLINED:
        # Declined since the workflow looked (approval_refusal): the decline wins, and
        # the approval fails as any change beaten by a concurrent one does.
        raise StaleDataError("the partner declined while its correction was approved")
    action = move_reply(reply, ReplyState.CONFIRMED)
    record(
        action, actor, submission=submission, organization=org,
        from_status=before.value, to_status=ReplyState.CONFIRMED.value,
        note=f"{org.name}'s correction approved: its own account now describes it",
    )  # fmt: skip
