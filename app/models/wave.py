"""Survey waves: each run of the surveys, so answers can be compared over time."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.enums import SurveyKind, WaveStatus, WaveSurveys
from app.models.types import enum_column, utcnow


class SurveyWave(Model):
    """One run of one or both surveys, open between two dates."""

    __tablename__ = "survey_wave"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    surveys: Mapped[WaveSurveys] = mapped_column(enum_column(WaveSurveys))
    status: Mapped[WaveStatus] = mapped_column(
        enum_column(WaveStatus), default=WaveStatus.DRAFT, index=True
    )
    opens_on: Mapped[date]
    closes_on: Mapped[date | None]
    introduction: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # Waves are ordered by opening date, then by id (two waves may open on one day).
    # This is the only place that order is written; everything else calls these.
    @classmethod
    def oldest_first(cls) -> tuple:
        """Return ORDER BY terms listing waves oldest first."""
        return (cls.opens_on, cls.id)

    @classmethod
    def newest_first(cls) -> tuple:
        """Return ORDER BY terms listing waves newest first."""
        return (cls.opens_on.desc(), cls.id.desc())

    @classmethod
    def before(cls, wave: "SurveyWave"):
        """Return the condition: a wave comes before `wave` in wave order."""
        return sa.tuple_(cls.opens_on, cls.id) < sa.tuple_(wave.opens_on, wave.id)

    @property
    def order_key(self) -> tuple[date, int]:
        """Return this wave's place in wave order, for sorting in Python."""
        return wave_order_key(self.opens_on, self.id)

    def includes(self, kind: SurveyKind) -> bool:
        """Tell whether this wave runs the survey `kind`."""
        return self.surveys.includes(kind)

    def __repr__(self) -> str:
        return f"<SurveyWave {self.slug}>"


def wave_order_key(opens_on: date, wave_id: int) -> tuple[date, int]:
    """Return the sort key of a wave read as plain columns (opening date, id)."""
    return (opens_on, wave_id)
