"""Survey waves: each run of the surveys, so answers can be compared over time."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.enums import SurveyKind, WaveStatus, WaveSurveys
from app.models.types import enum_column, utcnow


class SurveyWave(db.Model):
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

    def includes(self, kind: SurveyKind) -> bool:
        """Tell whether this wave runs the survey `kind`."""
        return self.surveys.includes(kind)

    def accepts_on(self, day: date) -> bool:
        """Tell whether the wave takes submissions on `day`: open, and within its dates."""
        if self.status is not WaveStatus.OPEN or day < self.opens_on:
            return False
        return self.closes_on is None or day <= self.closes_on

    def __repr__(self) -> str:
        return f"<SurveyWave {self.slug}>"
