"""Lost links: mailing an address the private links of the answers sent with it, again."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Submission
from app.notifications.delivery import deliver_after_commit
from app.notifications.services import notify_lost_links

LOST_LINKS_MAX = 20  # links one "Lost your link?" mail gives, newest first


def send_lost_links(address: str, language: str) -> None:
    """Mail `address` the private links of the answers sent with it, if there are any."""
    notify_lost_links(address, submissions_sent_from(address), language)
    db.session.commit()
    deliver_after_commit()


def submissions_sent_from(address: str) -> list[Submission]:
    """Return the submissions whose contact is `address` (any case), newest first."""
    return list(
        db.session.scalars(
            sa.select(Submission)
            .where(Submission.contact_email == address.strip().lower())
            .options(selectinload(Submission.organization), selectinload(Submission.wave))
            .order_by(Submission.created_at.desc(), Submission.id.desc())
            .limit(LOST_LINKS_MAX)
        )
    )
