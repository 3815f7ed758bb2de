"""Small helpers shared by the tests."""

import sqlalchemy as sa

from app.extensions import db
from app.models import Submission


def count(model) -> int:
    """Count the rows of `model`'s table."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def newest_submission() -> Submission:
    """Return the newest submission, fresh from the database."""
    db.session.expire_all()
    return db.session.scalars(sa.select(Submission).order_by(Submission.id.desc())).first()
