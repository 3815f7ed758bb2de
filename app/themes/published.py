"""The themes of public partnership answers: app/public.py's rule, read once for themes."""

from collections import defaultdict

import sqlalchemy as sa

from app.extensions import db
from app.models import PartnershipAnswer, Theme
from app.models.theme import partnership_answer_theme
from app.public import EdgeKind, relationship_answers
from app.themes.catalogue import theme_label


def public_answer_themes(wave_id: int | None = None) -> dict[int, tuple[str, ...]]:
    """Return the theme slugs of each public partnership answer (of one wave, if given),
    by answer id, in the themes' order. Pending, rejected or private answers are never in it."""
    rel = relationship_answers()
    link = partnership_answer_theme
    query = (
        sa.select(rel.c.answer_id, Theme.slug)
        .join(link, link.c.answer_id == rel.c.answer_id)
        .join(Theme, Theme.id == link.c.theme_id)
        .join(PartnershipAnswer, PartnershipAnswer.id == rel.c.answer_id)
        .where(rel.c.kind == EdgeKind.PARTNERSHIP.value, PartnershipAnswer.text_private.is_(False))
        .order_by(rel.c.answer_id, Theme.position, Theme.id)
    )
    if wave_id is not None:
        query = query.where(rel.c.wave_id == wave_id)
    themes: dict[int, list[str]] = defaultdict(list)
    for row in db.session.execute(query):
        themes[row.answer_id].append(row.slug)
    return {answer: tuple(slugs) for answer, slugs in themes.items()}


def theme_labels_of(answer_ids: list[int]) -> dict[int, list[str]]:
    """Return the labels (in the visitor's language) of the themes each answer ticks."""
    if not answer_ids:
        return {}
    link = partnership_answer_theme
    rows = db.session.execute(
        sa.select(link.c.answer_id, Theme.slug, Theme.label)
        .join(Theme, Theme.id == link.c.theme_id)
        .where(link.c.answer_id.in_(answer_ids))
        .order_by(Theme.position, Theme.id)
    )
    labels: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        labels[row.answer_id].append(theme_label(row.slug, row.label))
    return dict(labels)
