"""Changing survey waves: create and edit them, and move them through their lifecycle.

Every change writes an audit line and bumps the network revision (public pages name the waves).
A wave moves only along MOVES: draft to open, open to closed, closed to open again.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from app.audit import Action, record
from app.extensions import db
from app.models import Submission, SurveyWave, User
from app.models.enums import SurveyKind, WaveStatus, WaveSurveys
from app.network import bump_revision, lock_network_revision
from app.waves.rules import wave_by_slug


class WaveError(Exception):
    """A wave change that the rules refuse; the message says why, `field` which answer."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


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


@dataclass(frozen=True)
class Move:
    """One step of a wave's lifecycle: from which status, to which, and its audit action."""

    source: WaveStatus
    target: WaveStatus
    action: Action


# The only ways a wave changes status. A wave never goes back to draft: once open,
# its address and answers are public.
MOVES = {
    "open": Move(WaveStatus.DRAFT, WaveStatus.OPEN, Action.WAVE_OPEN),
    "close": Move(WaveStatus.OPEN, WaveStatus.CLOSED, Action.WAVE_CLOSE),
    "reopen": Move(WaveStatus.CLOSED, WaveStatus.OPEN, Action.WAVE_REOPEN),
}


def move_wave(actor: User, wave: SurveyWave, step: str, today: date | None = None) -> None:
    """Take `wave` one `step` of MOVES ("open", "close", "reopen"), or raise WaveError."""
    move = MOVES[step]
    if wave.status is not move.source:
        raise WaveError(_refusal(wave, step))
    if move.target is WaveStatus.OPEN:
        _check_can_open(wave, today or date.today())
    lock_network_revision()  # before any write: one lock order (app/network.py)
    wave.status = move.target
    record(
        move.action,
        actor,
        from_status=move.source.value,
        to_status=move.target.value,
        note=wave.slug,
    )
    bump_revision()  # public pages show the waves: cached ones are stale
    db.session.commit()


def _refusal(wave: SurveyWave, step: str) -> str:
    """Return why `wave`, in its present status, cannot take `step`."""
    if step == "open" and wave.status is WaveStatus.CLOSED:
        return _("%(wave)s is closed; reopen it instead.", wave=wave.name)
    if step == "open":
        return _("%(wave)s is already open.", wave=wave.name)
    if step == "close":
        return _("%(wave)s is not open.", wave=wave.name)
    return _("%(wave)s is not closed.", wave=wave.name)
