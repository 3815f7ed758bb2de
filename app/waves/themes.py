"""A wave's report counts the themes of its approved partnership answers.

A relationship is counted as the wave report counts it (app/waves/reports.py): one per
pair of organizations, as its latest answer says, leaving out partners marked ended.
Only approved, public answers count (app/public.py); a pending answer never does.
"""

from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa

from app.extensions import db
from app.models import Continuity, SurveyWave
from app.public import EdgeKind, relationship_answers
from app.themes.catalogue import all_themes, theme_label
from app.themes.published import public_answer_themes
from app.waves.reports import Row, percent


@dataclass
class ThemeCounts:
    relationships: int = 0  # the wave's relationships
    with_themes: int = 0  # those whose answer ticks at least one theme
    rows: list[Row] = field(default_factory=list)  # per theme named, most named first


def wave_relationship_answers(wave: SurveyWave) -> list[int]:
    """Return the answer id behind each of the wave's partnership relationships."""
    rel = relationship_answers()
    rows = db.session.execute(
        sa.select(rel.c.source, rel.c.target, rel.c.answer_id, rel.c.continuity)
        .where(rel.c.wave_id == wave.id, rel.c.kind == EdgeKind.PARTNERSHIP.value)
        .order_by(rel.c.answer_id)
    ).all()
    latest = {(row.source, row.target): row for row in rows}
    return [row.answer_id for row in latest.values() if row.continuity != Continuity.ENDED.value]


def theme_rows(wave: SurveyWave) -> ThemeCounts:
    """Count the wave's relationships by theme, each as a share of all its relationships."""
    answers = wave_relationship_answers(wave)
    themes = public_answer_themes(wave.id)
    counts = Counter(slug for answer in answers for slug in themes.get(answer, ()))
    order = {theme.slug: (index, theme) for index, theme in enumerate(all_themes())}
    named = sorted(counts, key=lambda slug: (-counts[slug], order[slug][0]))
    return ThemeCounts(
        relationships=len(answers),
        with_themes=sum(1 for answer in answers if themes.get(answer)),
        rows=[
            Row(
                theme_label(slug, order[slug][1].label),
                counts[slug],
                percent(counts[slug], len(answers)),
            )
            for slug in named
        ],
    )
