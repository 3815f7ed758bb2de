"""The public list of waves: each with its approved responses, or the totals it published."""

from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.models import PublishedTotal, SurveyKind, SurveyWave
from app.waves.reports import involvement_report, wave_list


@dataclass
class ListedWave:
    wave: SurveyWave
    responses: int  # approved submissions
    published: int | None = None  # organizations its published totals count, if it has them


def listed_waves() -> list[ListedWave]:
    """Return every wave, newest first, with its approved responses or its published total."""
    with_totals = set(db.session.scalars(sa.select(PublishedTotal.wave_id).distinct()))
    listed = []
    for wave, responses in wave_list():
        entry = ListedWave(wave, responses)
        if wave.id in with_totals and wave.includes(SurveyKind.INVOLVEMENT):
            # The report owns what a wave's totals count (app.waves.reports).
            entry.published = involvement_report(wave).total
        listed.append(entry)
    return listed
