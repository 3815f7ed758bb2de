"""Mail asked for from a public form ("lost your link?"), written away from the request.

A form that mails links to whatever address is typed must not tell, by what it does or
how long it takes, whether the address is known. So the request only stores a
MailRequest row, the same statement for any address, and the mail (or nothing, for an
unknown address) is written afterwards, when the outbox is worked through
(app/notifications/delivery.py), by the composer its feature registered here.
"""

from collections.abc import Callable

import sqlalchemy as sa
from flask import current_app

from app.audience import normal
from app.extensions import db
from app.models import MailRequest

# kind -> composer(address, language): queues the mail, or nothing; the caller commits.
COMPOSERS: dict[str, Callable[[str, str], None]] = {}


def composer(kind: str):
    """Register the function that writes the mail of requests of `kind`."""

    def register(function: Callable[[str, str], None]):
        COMPOSERS[kind] = function
        return function

    return register


def request_mail(kind: str, address: str, language: str) -> None:
    """Store a request for mail of `kind` to `address`; the caller commits."""
    db.session.add(MailRequest(kind=kind, email=normal(address), language=language))


def compose_requested(limit: int = 50) -> int:
    """Write the mail of up to `limit` stored requests, oldest first; return how many.

    Each request is claimed (skipped by another worker on PostgreSQL), written, deleted
    and committed on its own, so that one that fails does not hold up the others.
    """
    done = 0
    ids = db.session.scalars(sa.select(MailRequest.id).order_by(MailRequest.id).limit(limit)).all()
    for request_id in ids:
        claimed = db.session.scalar(
            sa.select(MailRequest)
            .where(MailRequest.id == request_id)
            .with_for_update(skip_locked=True)
        )
        if claimed is None:
            continue  # written by another worker meanwhile
        try:
            compose = COMPOSERS.get(claimed.kind)
            if compose is not None:
                compose(claimed.email, claimed.language)
            db.session.delete(claimed)
            db.session.commit()
            done += 1
        except Exception:
            # Logged and dropped, not retried: a request that cannot be written would
            # otherwise hold up every run after it. The address may simply ask again.
            db.session.rollback()
            current_app.logger.exception("could not write the mail of request %s", request_id)
            db.session.execute(sa.delete(MailRequest).where(MailRequest.id == request_id))
            db.session.commit()
    return done
