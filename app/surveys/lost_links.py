"""Lost links: mailing an address the private links of the answers sent with it, again.

The form only stores the request (the same work for any address: nothing tells whether
it answered); the mail is written afterwards (app/notifications/requests.py).
"""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Submission
from app.notifications.delivery import deliver_after_commit
from app.notifications.requests import composer, request_mail
from app.notifications.services import notify_lost_links

LOST_LINKS_MAX = 20  # links one "Lost your link?" mail gives, newest first
LOST_LINKS_REQUEST = "lost_links"


def ask_for_lost_links(address: str, language: str) -> None:
    """Store the request to mail `address` its private links; commits, then works the outbox."""
    request_mail(LOST_LINKS_REQUEST, address, language)
    db.session.commit()
    deliver_after_commit()


@composer(LOST_LINKS_REQUEST)
def send_lost_links(address: str, language: str) -> None:
    """Queue the mail of the private links of the answers sent with `address`, if any."""
    notify_lost_links(address, submissions_sent_from(address), language)


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
