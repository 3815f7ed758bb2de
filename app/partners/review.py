"""What moderators see of partners' replies on a submission's review page (moderators only)."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from app.extensions import db
from app.models import PartnerReply, PartnershipAnswer, ReplyState, Submission
from app.partners.corrections import approval_refusal, reply_corrected_by


@dataclass(frozen=True)
class PartnerRow:
    """One named partner: its reply's state in words, and the address it was given."""

    name: str
    state: str  # a ReplyState value, or "" when no address was given
    label: str
    email: str


def partner_rows(submission: Submission) -> list[PartnerRow]:
    """Return, per partner the submission names, the reply's state and its email (one query)."""
    partner_ids = [answer.partner_id for answer in submission.partnerships]
    replies = {}
    if partner_ids:
        replies = {
            reply.partner_id: reply
            for reply in db.session.scalars(
                sa.select(PartnerReply).where(
                    PartnerReply.reporter_id == submission.organization_id,
                    PartnerReply.partner_id.in_(partner_ids),
                )
            )
        }
    rows = []
    for answer in submission.partnerships:
        reply = replies.get(answer.partner_id)
        email = answer.partner_email or ""
        if reply is not None:
            state, label = reply.state.value, reply.state.label
        elif email:
            state = ReplyState.UNANSWERED.value
            label = _("%(state)s (asked once approved)", state=ReplyState.UNANSWERED.label)
        else:
            state, label = "", _("No partner email given")
        rows.append(PartnerRow(answer.partner.name, state, label, email))
    return rows


def partner_review(submission: Submission) -> dict:
    """Return what the review page's partners section shows for `submission`."""
    return {
        "rows": partner_rows(submission),
        "correction": reply_corrected_by(submission),
        "refused": approval_refusal(submission),
    }


@dataclass(frozen=True)
class QueueMarks:
    """What the queue says of a submission's partners: replies, and what is kept private."""

    confirmed: int = 0
    declined: int = 0
    private: int = 0  # partners, or their words, kept for moderators only


def queue_marks(submission_ids: list[int]) -> dict[int, QueueMarks]:
    """Return, per submission, its partners' replies and private marks (one query)."""
    if not submission_ids:
        return {}

    def counted(condition):
        return sa.func.sum(sa.case((condition, 1), else_=0))

    rows = db.session.execute(
        sa.select(
            PartnershipAnswer.submission_id,
            counted(PartnerReply.state == ReplyState.CONFIRMED),
            counted(PartnerReply.state == ReplyState.DECLINED),
            counted(sa.or_(PartnershipAnswer.private, PartnershipAnswer.text_private)),
        )
        .join(Submission, Submission.id == PartnershipAnswer.submission_id)
        .outerjoin(
            PartnerReply,
            sa.and_(
                PartnerReply.reporter_id == Submission.organization_id,
                PartnerReply.partner_id == PartnershipAnswer.partner_id,
            ),
        )
        .where(PartnershipAnswer.submission_id.in_(submission_ids))
        .group_by(PartnershipAnswer.submission_id)
    )
    return {row[0]: QueueMarks(*(int(n or 0) for n in row[1:])) for row in rows}
