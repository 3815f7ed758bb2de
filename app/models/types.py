"""Column helpers shared by the models."""

from datetime import UTC, datetime

import sqlalchemy as sa


def utcnow() -> datetime:
    """Return the current UTC time without tzinfo, the form every timestamp is stored in."""
    return datetime.now(UTC).replace(tzinfo=None)


def enum_column(enum_cls: type) -> sa.Enum:
    """Store an enum as its value in a VARCHAR, so adding a value needs no migration."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )
