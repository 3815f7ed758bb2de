"""Organizations: brigades, data intermediaries and their partners."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.enums import OrgKind, OrgStatus
from app.models.types import enum_column, utcnow


class Organization(Model):
    """One organization of the network, named in a survey or in the demo data."""

    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    # Normalized name (see app.names.name_key), indexed for duplicate detection.
    name_key: Mapped[str] = mapped_column(sa.String(200), index=True)
    slug: Mapped[str] = mapped_column(sa.String(100), unique=True)
    kind: Mapped[OrgKind] = mapped_column(enum_column(OrgKind))
    # A name first typed into a survey stays private until a moderator approves it.
    status: Mapped[OrgStatus] = mapped_column(
        enum_column(OrgStatus), default=OrgStatus.PENDING, index=True
    )
    city: Mapped[str | None] = mapped_column(sa.String(100))
    state: Mapped[str | None] = mapped_column(sa.String(2))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    website: Mapped[str | None] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def place(self) -> str:
        """Return 'City, ST' with whatever parts are known."""
        return ", ".join(part for part in (self.city, self.state) if part)

    def __repr__(self) -> str:
        return f"<Organization {self.id} {self.name!r}>"
