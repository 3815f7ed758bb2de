"""Who is told what, and when: the notification calls the review and survey code makes.

Each function only adds rows to the outbox, in the caller's transaction and before
the caller's commit; nothing is sent here (see app.notifications.delivery). A fault
in writing an email is logged and swallowed: mail must never break a decision.
"""

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from app.audience import may_see_private
from app.extensions import db
from app.i18n import DEFAULT_LANGUAGE, in_language
from app.models import OutboxMessage, Submission, User
from app.models.types import utcnow
from app.notifications import messages, receipts
from app.notifications.links import review_link, status_link
from app.notifications.outbox import queue_message
from app.notifications.summary import answer_lines

DECISION_KIND = "decision"
RECEIPT_KIND = "receipt"
LOST_LINKS_KIND = "lost_links"
NEW_SUBMISSION_KIND = "new_submission"
DIGEST_KIND = "digest"
# How far back the very first digest looks.
FIRST_DIGEST_WINDOW = timedelta(hours=24)


def notify_submitter(
    submission: Submission, action: str, message: str = ""
) -> OutboxMessage | None:
    """Queue the email that tells a submitter the outcome of a decision on their answers.

    `action` is "approved", "rejected", "changes_requested" or "unpublished".
    `message` is the moderator's words for the submitter, used only when changes are
    requested (falling back to submission.message_to_submitter); a rejection's reason
    is private to moderators and is never put in the email. Returns None, queueing
    nothing, when the submission has no contact email or the email cannot be written.
    """
    _ensure_id(submission)
    try:
        with db.session.no_autoflush:
            if action not in messages.DECISIONS:
                current_app.logger.warning(
                    "no email for unknown decision %r on submission %s", action, submission.id
                )
                return None
            address = (submission.contact_email or "").strip()
            if not address:
                current_app.logger.info(
                    "submission %s has no contact email; the submitter is not told it was %s",
                    submission.id,
                    action,
                )
                return None
            with in_language(submission.language):
                email = messages.decision_email(
                    action,
                    **about_submission(submission),
                    message=message or submission.message_to_submitter or "",
                )
            return queue_message(DECISION_KIND, address, email.subject, email.body, submission)
    except Exception:
        current_app.logger.exception(
            "could not write the %r email for submission %s", action, submission.id
        )
        return None


def notify_replaced(
    older: Submission, newer: Submission, dropped: list, *, combined: bool
) -> OutboxMessage | None:
    """Queue the email telling a submitter that newer answers took the place of theirs.

    `dropped` are the organizations their answers named that the newer ones do not:
    with `combined` they were kept (added to the newer answers), otherwise they are no
    longer published. Nothing about the newer answers' submitter is said.
    """
    address = (older.contact_email or "").strip()
    if not address:
        return None
    try:
        with db.session.no_autoflush, in_language(older.language):
            # A partner kept for moderators only is named only to an address speaking for it.
            hidden = set()
            if not may_see_private(older.organization_id, address):
                hidden = {a.partner_id for a in older.partnerships if a.private}
            email = messages.replaced_email(
                **about_submission(older),
                names=[org.name for org in dropped if org.id not in hidden],
                combined=combined,
            )
            return queue_message(DECISION_KIND, address, email.subject, email.body, older)
    except Exception:
        current_app.logger.exception(
            "could not write the 'replaced' email for submission %s", older.id
        )
        return None


def notify_receipt(submission: Submission, what: str) -> OutboxMessage | None:
    """Queue the receipt of `what` a submitter sent ("new", "edited", "revised").

    It says what was sent and gives the private status link, in the language of the
    form, so that a submitter who closes the page can always come back.
    """
    address = (submission.contact_email or "").strip()
    if not address:
        return None
    _ensure_id(submission)
    try:
        with db.session.no_autoflush, in_language(submission.language):
            email = receipts.receipt_email(
                what,
                **about_submission(submission),
                answers=answer_lines(
                    submission, may_see_private(submission.organization_id, address)
                ),
            )
            return queue_message(RECEIPT_KIND, address, email.subject, email.body, submission)
    except Exception:
        current_app.logger.exception("could not write the receipt for submission %s", submission.id)
        return None


def notify_lost_links(address: str, submissions: list[Submission], language: str) -> None:
    """Queue one mail to `address` with the private links of its `submissions` (if any)."""
    # Only links the site can write: none for a submission from before tokens were derived.
    links = [
        (f"{s.survey_kind.label}: {s.organization.name}, {s.wave.name}", link)
        for s in submissions
        if (link := status_link(s)) is not None
    ]
    if not links:
        return
    with in_language(language):
        email = receipts.lost_links_email(site_name=current_app.config["SITE_NAME"], links=links)
        queue_message(LOST_LINKS_KIND, address, email.subject, email.body)


def notify_moderators_of_submission(submission: Submission) -> list[OutboxMessage]:
    """Queue a notice of a new submission for every active user, when notices are immediate.

    With MODERATOR_NOTICES = "daily" nothing is queued: `flask notify-moderators`
    sends the digest instead.
    """
    if notice_setting() != "immediate":
        return []
    _ensure_id(submission)
    try:
        with db.session.no_autoflush, in_language(DEFAULT_LANGUAGE):
            link = review_link(submission.id)
            site_name = current_app.config["SITE_NAME"]
            emails = [
                (
                    user.email,
                    messages.new_submission_email(
                        site_name=site_name,
                        recipient=user.display_name,
                        organization=submission.organization.name,
                        survey=submission.survey_kind.label,
                        wave=submission.wave.name,
                        link=link,
                    ),
                )
                for user in active_users()
            ]
    except Exception:
        current_app.logger.exception(
            "could not write the moderators' notice of submission %s", submission.id
        )
        return []
    return [
        queue_message(NEW_SUBMISSION_KIND, address, email.subject, email.body, submission)
        for address, email in emails
    ]


def queue_daily_digest(now: datetime | None = None) -> list[OutboxMessage]:
    """Queue, for every active user, a digest of the submissions that arrived since the last one.

    The newest digest in the outbox marks where the last one stopped (the first
    digest looks back 24 hours). Answers imported from published sources, which
    have no contact, are not news and are left out. Nothing is queued when no
    submission arrived. `now` is naive UTC, like every stored timestamp.
    """
    now = now or utcnow()
    try:
        with db.session.no_autoflush, in_language(DEFAULT_LANGUAGE):
            since = last_digest_at() or now - FIRST_DIGEST_WINDOW
            arrived = new_submissions(since, now)
            if not arrived:
                return []
            entries = [
                messages.DigestEntry(
                    survey=submission.survey_kind.label,
                    organization=submission.organization.name,
                    status=submission.status.label,
                    link=review_link(submission.id),
                )
                for submission in arrived
            ]
            site_name = current_app.config["SITE_NAME"]
            emails = [
                (
                    user.email,
                    messages.digest_email(
                        site_name=site_name,
                        recipient=user.display_name,
                        since=since,
                        entries=entries,
                    ),
                )
                for user in active_users()
            ]
    except Exception:
        current_app.logger.exception("could not write the daily digest")
        return []
    queued = []
    for address, email in emails:
        message = queue_message(DIGEST_KIND, address, email.subject, email.body)
        # The digest's own time is the mark the next digest starts from.
        message.created_at = now
        queued.append(message)
    return queued


def notice_setting() -> str:
    """Return how moderators hear of new submissions: "immediate" or "daily"."""
    setting = str(current_app.config.get("MODERATOR_NOTICES", "immediate")).strip().lower()
    if setting not in ("immediate", "daily"):
        current_app.logger.warning(
            "MODERATOR_NOTICES=%r is neither 'immediate' nor 'daily'; using 'immediate'", setting
        )
        return "immediate"
    return setting


def active_users() -> list[User]:
    """Return every active account, of any role, in a stable order."""
    return list(db.session.scalars(sa.select(User).where(User.active).order_by(User.id)))


def last_digest_at() -> datetime | None:
    """Return when the newest digest was queued, or None before the first one."""
    return db.session.scalar(
        sa.select(sa.func.max(OutboxMessage.created_at)).where(OutboxMessage.kind == DIGEST_KIND)
    )


def new_submissions(since: datetime, until: datetime) -> list[Submission]:
    """Return the survey submissions created after `since` and up to `until`, oldest first."""
    return list(
        db.session.scalars(
            sa.select(Submission)
            .where(
                Submission.created_at > since,
                Submission.created_at <= until,
                Submission.contact_email.is_not(None),
            )
            .options(selectinload(Submission.organization), selectinload(Submission.wave))
            .order_by(Submission.created_at, Submission.id)
        )
    )


def about_submission(submission: Submission) -> dict:
    """Return what every mail to a submitter names: site, contact, organization, survey,
    wave and the private link (written in the language in force)."""
    return {
        "site_name": current_app.config["SITE_NAME"],
        "contact_name": submission.contact_name,
        "organization": submission.organization.name,
        "survey": submission.survey_kind.label,
        "wave": submission.wave.name,
        "link": status_link(submission),
    }


def _ensure_id(submission: Submission) -> None:
    """Flush a submission that has no id yet, so that its emails can link to it.

    Any error here is the caller's own data failing to save, the same error its
    commit would raise, so it is not swallowed.
    """
    if submission.id is None and submission in db.session:
        db.session.flush()
