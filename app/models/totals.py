"""Totals a past survey published without its individual answers (NNIP's 2014 survey)."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.enums import SurveyKind
from app.models.types import enum_column


class PublishedTotal(Model):
    """One published count: e.g. wave 2014, involvement level 'leads', 5 organizations."""

    __tablename__ = "published_total"

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(
        sa.ForeignKey("survey_wave.id", ondelete="CASCADE"), index=True
    )
    survey_kind: Mapped[SurveyKind] = mapped_column(enum_column(SurveyKind))
    measure: Mapped[str] = mapped_column(sa.String(40))  # "level", "provided_assistance", ...
    value: Mapped[str] = mapped_column(sa.String(40))  # "leads", "yes", ...
    count: Mapped[int]
    source: Mapped[str] = mapped_column(sa.Text, default="")

    __table_args__ = (sa.UniqueConstraint("wave_id", "survey_kind", "measure", "value"),)
