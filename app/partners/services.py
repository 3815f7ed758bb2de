"""Asking partners about relationships others report, and their confirm, decline and new links.

Each change writes its audit line in the same transaction; a partner's change that
meets a concurrent one (another tab, a moderator approving its correction) fails on
the reply's version column and is reported as a conflict, changing nothing.
"""

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import format_date
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from app import tokens
from app.audit import PARTNER, Action, record
from app.contacts.services import verify_replying_address
from app.extensions import db
from app.i18n import in_language
from app.models import (
    PartnerReply,
    PartnershipAnswer,
    ReplyState,
    Submission,
    SubmissionStatus,
    SurveyKind,
    User,
)
from app.models.types import utcnow
from app.network import bump_revision, lock_network_revision
from app.notifications.delivery import deliver_after_commit
from app.notifications.links import sealed, site_link
from app.notifications.outbox import queue_message
from app.notifications.requests import composer, request_mail
from app.partners import messages
from app.partners.reply_states import move_reply

TOKEN_MAX = 64  # longer than any token the site makes: refused before any lookup
NEW_LINKS_REQUEST = "partner_links"
DECISIONS = {"confirm": ReplyState.CONFIRMED, "decline": ReplyState.DECLINED}


class ReplyConflict(Exception):
    """The reply changed meanwhile; nothing of this request was applied."""


def reply_by_token(token: str) -> PartnerReply | None:
    """Return the reply behind a partner's link, or None for an unknown or malformed token."""
    if not token or len(token) > TOKEN_MAX:
        return None
    return db.session.scalar(
        sa.select(PartnerReply)
        .where(PartnerReply.token_digest == tokens.digest(token))
        .options(selectinload(PartnerReply.reporter), selectinload(PartnerReply.partner))
    )


def is_expired(reply: PartnerReply, now: datetime | None = None) -> bool:
    """Tell whether the reply's link no longer works."""
    return reply.expires_at <= (now or utcnow())


def reply_link(reply: PartnerReply) -> str:
    """Return the sealed mark of the reply's personal page, written out as the mail is sent."""
    return sealed("partner", reply.token_digest)


def asked_answer(reply: PartnerReply) -> PartnershipAnswer | None:
    """Return the approved answer of the reply's wave that names the partner, if still there."""
    return db.session.scalar(
        sa.select(PartnershipAnswer)
        .join(Submission)
        .where(
            Submission.organization_id == reply.reporter_id,
            Submission.wave_id == reply.wave_id,
            Submission.status == SubmissionStatus.APPROVED,
            PartnershipAnswer.partner_id == reply.partner_id,
        )
        .order_by(Submission.id.desc())
        .limit(1)
    )


def ask_partners(submission: Submission, actor: User | None) -> list[PartnerReply]:
    """Ask each partner the approved `submission` gave a contact for; the caller commits.

    A partner that declined is not asked again: its decline stays in force until it
    withdraws it through its link (or a new one it asks for). A partner already asked
    in this wave at this address, whose link still works, is not asked twice. A
    relationship kept for moderators only is not public, so there is nothing to ask.
    """
    if submission.survey_kind is not SurveyKind.PARTNERSHIP:
        return []
    asked = []
    for answer in submission.partnerships:
        address = (answer.partner_email or "").strip().lower()
        if not address or answer.private:
            continue
        reply = _reply_between(submission.organization_id, answer.partner_id)
        if reply is None:
            # Added to the session below, once complete: a query made while it lacked its
            # wave or its link (loading submission.wave, say) would flush it half-made.
            reply = PartnerReply(
                reporter=submission.organization, partner=answer.partner,
                state=ReplyState.UNANSWERED,
            )  # fmt: skip
        elif reply.state is ReplyState.DECLINED:
            continue
        elif reply.wave_id == submission.wave_id and reply.email == address:
            if not is_expired(reply):
                continue
        elif reply.wave_id != submission.wave_id:
            # A new wave's word is a new claim: an earlier confirmation does not cover it.
            move_reply(reply, ReplyState.UNANSWERED)
        reply.email = address
        reply.language = submission.language
        reply.wave = submission.wave
        _new_link(reply)
        db.session.add(reply)
        db.session.flush()
        record(
            Action.PARTNER_ASK, actor, submission=submission, organization=answer.partner,
            to_status=reply.state.value,
            note=f"{answer.partner.name} asked about {submission.organization.name}'s answer",
        )  # fmt: skip
        _queue_question(reply, answer)
        asked.append(reply)
    return asked


def decide_reply(reply: PartnerReply, choice: str) -> bool:
    """Apply a partner's confirm or decline; return False when it was already its answer.

    Any change is public (a decline hides the relationship, a confirmation shows in its
    provenance), so the network's revision moves. Raises ReplyConflict on a race: a
    moderator's approval of the partner's correction that came first changed the reply.
    """
    target = DECISIONS[choice]
    before = reply.state
    if before is target:
        return False
    # The revision first: approving the partner's correction locks it first too and writes
    # the reply after it, so the later of the two waits here instead of deadlocking. Bumped
    # before the reply changes, so that the reply's UPDATE (checked against its version)
    # runs at the commit, where a change that came first becomes ReplyConflict.
    lock_network_revision()
    bump_revision()
    asked = asked_submission(reply)  # read before the change: a query would flush it early
    # It answers through the link mailed to this address: the address speaks for it now
    # (written before the reply changes, for the same reason).
    verify_replying_address(reply.partner, reply.email, reply.language)
    action = move_reply(reply, target)
    record(
        action, None, actor_label=PARTNER, submission=asked,
        organization=reply.partner, from_status=before.value, to_status=target.value,
        note=f"{reply.partner.name} on {reply.reporter.name}'s answer",
    )  # fmt: skip
    commit_reply()
    return True


def asked_submission(reply: PartnerReply) -> Submission | None:
    """Return the approved submission whose answer the partner is answering, if any."""
    answer = asked_answer(reply)
    return answer.submission if answer else None


def ask_for_new_links(address: str, language: str) -> None:
    """Store the request to mail `address` new partner links; commits, then works the outbox.

    The same work for any address, so that the form tells nothing of who was asked; the
    links are made and mailed afterwards (app/notifications/requests.py).
    """
    request_mail(NEW_LINKS_REQUEST, address, language)
    db.session.commit()
    deliver_after_commit()


@composer(NEW_LINKS_REQUEST)
def send_new_links(address: str, language: str) -> None:
    """Give every reply asked at `address` a new link, and queue them all in one message.

    A relationship now kept for moderators only is left out: there is nothing public
    to answer, and no mail names it outside its organization.
    """
    replies = [
        reply
        for reply in db.session.scalars(
            sa.select(PartnerReply)
            .where(PartnerReply.email == address.strip().lower(), PartnerReply.email != "")
            .options(selectinload(PartnerReply.reporter), selectinload(PartnerReply.partner))
            .order_by(PartnerReply.id)
        )
        if not _kept_private(reply)
    ]
    if not replies:
        return
    for reply in replies:
        _new_link(reply)
        record(
            Action.PARTNER_NEW_LINK, None, actor_label=PARTNER, organization=reply.partner,
            note=f"{reply.partner.name}, about {reply.reporter.name}'s answer",
        )  # fmt: skip
    with in_language(language):
        links = [
            messages.PartnerLink(r.reporter.name, r.partner.name, reply_link(r)) for r in replies
        ]
        email = messages.links_email(
            site_name=current_app.config["SITE_NAME"],
            links=links,
            until=format_date(replies[0].expires_at, "long"),
        )
    queue_message(messages.LINKS_KIND, replies[0].email, email.subject, email.body)


def _kept_private(reply: PartnerReply) -> bool:
    """Tell whether the answer the reply is about is now kept for moderators only."""
    answer = asked_answer(reply)
    return answer is not None and answer.private


def _reply_between(reporter_id: int, partner_id: int) -> PartnerReply | None:
    """Return the reply of `partner_id` to `reporter_id`'s word, if it was ever asked."""
    return db.session.scalar(
        sa.select(PartnerReply).where(
            PartnerReply.reporter_id == reporter_id, PartnerReply.partner_id == partner_id
        )
    )


def _new_link(reply: PartnerReply) -> None:
    """Give the reply a new token, working for PARTNER_LINK_DAYS from now."""
    now = utcnow()
    reply.issue_token()
    reply.sent_at = now
    reply.expires_at = now + timedelta(days=current_app.config["PARTNER_LINK_DAYS"])


def _queue_question(reply: PartnerReply, answer: PartnershipAnswer) -> None:
    """Queue the question to the partner, in the reporter's form language."""
    with in_language(reply.language):
        email = messages.question_email(
            site_name=current_app.config["SITE_NAME"],
            reporter=reply.reporter.name,
            partner=reply.partner.name,
            status=answer.status.label,
            wave=reply.wave.name,
            link=reply_link(reply),
            until=format_date(reply.expires_at, "long"),
            new_link=site_link("partners.new_link", "/partners/new-link"),
        )
    queue_message(messages.QUESTION_KIND, reply.email, email.subject, email.body, answer.submission)


def commit_reply() -> None:
    """Commit, turning a concurrent change of the reply into ReplyConflict, then send mail."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise ReplyConflict() from None
    deliver_after_commit()
