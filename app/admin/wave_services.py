"""Running survey waves: create, edit, open, close and reopen them, and count who answered."""

from collections import Counter
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from app.audit import Action, record
from app.extensions import db
from app.models import Submission, SurveyWave, User
from app.models.enums import SurveyKind, WaveStatus, WaveSurveys
from app.network import bump_revision, lock_network_revision


class WaveError(Exception):
    """A wave change that the rules refuse; the message says why, `field` which answer."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def all_waves() -> list[SurveyWave]:
    """Return every wave, newest first."""
    query = sa.select(SurveyWave).order_by(*SurveyWave.newest_first())
    return list(db.session.scalars(query))


def wave_by_slug(slug: str) -> SurveyWave | None:
    """Return the wave with `slug`, if any."""
    return db.session.scalar(sa.select(SurveyWave).where(SurveyWave.slug == slug))


def status_counts() -> dict[int, Counter]:
    """Return, per wave id, how many submissions it has in each status."""
    query = sa.select(Submission.wave_id, Submission.status, sa.func.count()).group_by(
        Submission.wave_id, Submission.status
    )
    counts: dict[int, Counter] = {}
    for wave_id, status, number in db.session.execute(query):
        counts.setdefault(wave_id, Counter())[status] = number
    return counts


def create_wave(
    actor: User,
    *,
    name: str,
    slug: str,
    surveys: WaveSurveys,
    opens_on: date,
    closes_on: date | None,
    introduction: str,
) -> SurveyWave:
    """Store a new draft wave."""
    if wave_by_slug(slug) is not None:
        raise WaveError(
            _("The address “%(slug)s” is taken by another wave; choose another.", slug=slug)
        )
    lock_network_revision()  # before any write: one lock order (app/network.py)
    wave = SurveyWave(
        name=name,
        slug=slug,
        surveys=surveys,
        status=WaveStatus.DRAFT,
        opens_on=opens_on,
        closes_on=closes_on,
        introduction=introduction,
    )
    db.session.add(wave)
    db.session.flush()
    record(Action.WAVE_CREATE, actor, note=f"{slug}: {name}")
    bump_revision()  # public pages show the waves: cached ones are stale
    db.session.commit()
    return wave


# What an admin may change once a wave exists. Not its slug: public addresses and
# permalinks use it, and they must keep working.
EDITABLE = ("name", "surveys", "opens_on", "closes_on", "introduction")


# The public network document (/api/graph) names the waves and orders them by opening day,
# and is cached per network revision: changing these must bump it.
def edit_wave(actor: User, wave: SurveyWave, changes: dict, today: date | None = None) -> list[str]:
    """Apply an admin's `changes` to a wave and return the names of the fields that changed.

    When nothing differs, nothing is stored, no audit line is written and [] comes back.
    """
    if set(changes) - set(EDITABLE):
        # A programming error, not an admin's: the edit form has no other fields.
        raise ValueError(f"Not editable: {sorted(set(changes) - set(EDITABLE))}")
    changed = {key: value for key, value in changes.items() if getattr(wave, key) != value}
    if not changed:
        return []
    _check_edit(wave, changed, today or date.today())
    details = "; ".join(
        f"{key}: {_shown(getattr(wave, key))} → {_shown(value)}" for key, value in changed.items()
    )
    lock_network_revision()  # before any write: one lock order (app/network.py)
    for key, value in changed.items():
        setattr(wave, key, value)
    bump_revision()  # public pages show the wave's name, dates and introduction
    record(Action.WAVE_EDIT, actor, note=f"{wave.slug}: {details}")
    db.session.commit()
    return list(changed)


def _check_edit(wave: SurveyWave, changed: dict, today: date) -> None:
    """Raise WaveError unless `wave` may take the `changed` values."""
    opens_on = changed.get("opens_on", wave.opens_on)
    closes_on = changed.get("closes_on", wave.closes_on)
    if closes_on is not None and closes_on <= opens_on:
        raise WaveError(_("The closing day must be after the opening day."), "closes_on")
    if "surveys" in changed:
        # Answers already sent belong to the surveys the wave ran when they were sent.
        if has_submissions(wave):
            raise WaveError(
                _(
                    "%(wave)s already has submissions, so the surveys it includes cannot change.",
                    wave=wave.name,
                ),
                "surveys",
            )
    if wave.status is not WaveStatus.OPEN:
        return
    other = _open_wave_sharing(changed["surveys"], wave) if "surveys" in changed else None
    if other is not None:
        raise WaveError(
            _("%(wave)s is open and includes the same survey; close it first.", wave=other.name),
            "surveys",
        )
    if "closes_on" in changed and closes_on is not None and closes_on < today:
        raise WaveError(
            _(
                "%(wave)s is open, so its closing day cannot be in the past; close it instead.",
                wave=wave.name,
            ),
            "closes_on",
        )


def has_submissions(wave: SurveyWave) -> bool:
    """Tell whether anyone has sent answers to `wave`, whatever became of them."""
    return bool(db.session.scalar(sa.select(sa.exists().where(Submission.wave_id == wave.id))))


def _shown(value) -> str:
    """Return a wave detail as the audit log shows it."""
    if value is None:
        return "none"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, WaveSurveys):
        return value.value
    return f"“{value}”"


def _open_wave_sharing(surveys: WaveSurveys, wave: SurveyWave) -> SurveyWave | None:
    """Return another open wave that runs one of `surveys`, if any."""
    open_waves = db.session.scalars(
        sa.select(SurveyWave).where(SurveyWave.status == WaveStatus.OPEN, SurveyWave.id != wave.id)
    )
    return next(
        (w for w in open_waves if any(surveys.includes(k) and w.includes(k) for k in SurveyKind)),
        None,
    )


def _check_can_open(wave: SurveyWave, today: date) -> None:
    """Raise WaveError unless `wave` may be opened on `today`."""
    if wave.status is WaveStatus.OPEN:
        raise WaveError(_("%(wave)s is already open.", wave=wave.name))
    if wave.closes_on is not None and wave.closes_on < today:
        raise WaveError(
            _(
                "%(wave)s closed on %(day)s, which is in the past; it cannot be opened.",
                wave=wave.name,
                day=wave.closes_on.isoformat(),
            )
        )
    other = _open_wave_sharing(wave.surveys, wave)
    if other is not None:
        raise WaveError(
            _("%(wave)s is open and includes the same survey; close it first.", wave=other.name)
        )


def open_wave(actor: User, wave: SurveyWave, today: date | None = None) -> None:
    """Open a draft wave for submissions."""
    if wave.status is WaveStatus.CLOSED:
        raise WaveError(_("%(wave)s is closed; reopen it instead.", wave=wave.name))
    _check_can_open(wave, today or date.today())
    lock_network_revision()  # before any write: one lock order (app/network.py)
    wave.status = WaveStatus.OPEN
    record(Action.WAVE_OPEN, actor, from_status="draft", to_status="open", note=wave.slug)
    bump_revision()  # public pages show the waves: cached ones are stale
    db.session.commit()


def close_wave(actor: User, wave: SurveyWave) -> None:
    """Close an open wave; its approved data becomes read-only history."""
    if wave.status is not WaveStatus.OPEN:
        raise WaveError(_("%(wave)s is not open.", wave=wave.name))
    lock_network_revision()  # before any write: one lock order (app/network.py)
    wave.status = WaveStatus.CLOSED
    record(Action.WAVE_CLOSE, actor, from_status="open", to_status="closed", note=wave.slug)
    bump_revision()  # public pages show the waves: cached ones are stale
    db.session.commit()


def reopen_wave(actor: User, wave: SurveyWave, today: date | None = None) -> None:
    """Open a closed wave again, as an admin's recorded decision."""
    if wave.status is not WaveStatus.CLOSED:
        raise WaveError(_("%(wave)s is not closed.", wave=wave.name))
    _check_can_open(wave, today or date.today())
    lock_network_revision()  # before any write: one lock order (app/network.py)
    wave.status = WaveStatus.OPEN
    record(Action.WAVE_REOPEN, actor, from_status="closed", to_status="open", note=wave.slug)
    bump_revision()  # public pages show the waves: cached ones are stale
    db.session.commit()
