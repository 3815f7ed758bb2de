"""Finding waves by what their status means: the public ones, the one that takes answers.

Every list, report, download, filter and form asks these; none writes the rule again.
Which waves are public is app.public's rule (a draft is not); which takes answers is here.
"""

from datetime import date

import sqlalchemy as sa

from app.extensions import db
from app.models import Submission, SurveyKind, SurveyWave, WaveStatus
from app.public import is_public_wave, published, wave_is_public


def is_open(wave: SurveyWave) -> bool:
    """Tell whether `wave` is open: invitations and reminders go out for it."""
    return wave.status is WaveStatus.OPEN


def takes_answers(wave: SurveyWave, day: date) -> bool:
    """Tell whether `wave` takes submissions on `day`: open, and within its dates."""
    if wave.status is not WaveStatus.OPEN or day < wave.opens_on:
        return False
    return wave.closes_on is None or day <= wave.closes_on


def wave_by_slug(slug: str | None) -> SurveyWave | None:
    """Return the wave with `slug`, whatever its status (for admins), or None."""
    if not slug:
        return None
    return db.session.scalar(sa.select(SurveyWave).where(SurveyWave.slug == slug))


def public_wave(slug: str | None) -> SurveyWave | None:
    """Return the wave with `slug` if visitors may see it, else None."""
    wave = wave_by_slug(slug)
    return wave if wave_is_public(wave) else None


def all_waves() -> list[SurveyWave]:
    """Return every wave, drafts too, newest first (for admins and moderators)."""
    return list(db.session.scalars(sa.select(SurveyWave).order_by(*SurveyWave.newest_first())))


def open_wave_for(kind: SurveyKind, today: date | None = None) -> SurveyWave | None:
    """Return the wave that takes `kind` submissions today, if one is open."""
    today = today or date.today()
    waves = db.session.scalars(
        sa.select(SurveyWave)
        .where(SurveyWave.status == WaveStatus.OPEN)
        .order_by(*SurveyWave.newest_first())
    )
    return next((w for w in waves if w.includes(kind) and takes_answers(w, today)), None)


def filter_waves(*selected: str) -> list[SurveyWave]:
    """Return the waves a public filter offers, newest first.

    Those with approved answers, and those a visitor's address selects when they are public
    (so that a filter shows what it was asked for, even a wave with nothing approved yet).
    """
    approved = sa.select(Submission.id).where(Submission.wave_id == SurveyWave.id, published())
    offered = sa.and_(is_public_wave(), sa.or_(approved.exists(), SurveyWave.slug.in_(selected)))
    query = sa.select(SurveyWave).where(offered).order_by(*SurveyWave.newest_first())
    return list(db.session.scalars(query))
