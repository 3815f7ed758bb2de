"""The 2014 NNIP baseline: a closed wave holding only the totals NNIP published."""

import csv
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from app.extensions import db
from app.i18n import N_
from app.models import SurveyKind, SurveyWave, WaveStatus, WaveSurveys
from app.models.totals import PublishedTotal

BASELINE_SLUG = "2014-nnip-civic-tech"
CSV_PATH = Path(__file__).parent.parent / "seed_data" / "nnip-involvement-2014.csv"
# Kept in the database with each total, in English; shown translated (app.waves.reports).
SOURCE = N_(
    "Totals published by NNIP from its 2014 survey of partner organizations about local civic "
    "tech groups; the individual answers were not published."
)
# Named in NNIP's write-up without counts: stored with count 0 and shown as "named, not counted".
NAMED = [
    ("barrier", "irregular_meetings"),
    ("barrier", "no_leadership"),
    ("event", "transparency_camp"),
    ("event", "cfa_summit"),
]


def _totals() -> list[tuple[str, str, int]]:
    """Return the (measure, value, count) rows of the baseline."""
    with open(CSV_PATH, newline="", encoding="utf-8") as handle:
        rows = [
            ("level", row["level"], int(row["organizations"])) for row in csv.DictReader(handle)
        ]
    rows.append(("provided_assistance", "yes", 16))
    rows += [(measure, value, 0) for measure, value in NAMED]
    return rows


def load_baseline() -> int:
    """Add the 2014 wave and any missing published totals; return how many waves were added."""
    added = 0
    wave = db.session.scalar(sa.select(SurveyWave).filter_by(slug=BASELINE_SLUG))
    if wave is None:
        wave = SurveyWave(
            name="2014 NNIP Civic Tech Survey",
            slug=BASELINE_SLUG,
            surveys=WaveSurveys.INVOLVEMENT,
            status=WaveStatus.CLOSED,
            opens_on=date(2014, 7, 1),
            closes_on=date(2014, 7, 31),
            introduction=N_("NNIP asked its partners how they work with local civic tech groups."),
        )
        db.session.add(wave)
        db.session.flush()
        added += 1
    existing = set(
        db.session.execute(
            sa.select(PublishedTotal.measure, PublishedTotal.value).filter_by(wave_id=wave.id)
        ).all()
    )
    for measure, value, count in _totals():
        if (measure, value) not in existing:
            db.session.add(
                PublishedTotal(
                    wave_id=wave.id,
                    survey_kind=SurveyKind.INVOLVEMENT,
                    measure=measure,
                    value=value,
                    count=count,
                    source=SOURCE,
                )
            )
    return added
