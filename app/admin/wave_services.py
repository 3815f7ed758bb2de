"""Running survey waves: create, open, close and reopen them, and count who answered."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from app.audit import Action, record
from app.extensions import db
from app.models import Organization, Submission, SubmissionStatus, SurveyWave, User
from app.models.enums import SurveyKind, WaveStatus, WaveSurveys


class WaveError(Exception):
    """A wave change that the rules refuse; the message says why."""


def all_waves() -> list[SurveyWave]:
    """Return every wave, newest first."""
    query = sa.select(SurveyWave).order_by(SurveyWave.opens_on.desc(), SurveyWave.id.desc())
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
        raise WaveError(f"The address “{slug}” is taken by another wave; choose another.")
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
    db.session.commit()
    return wave


def _overlap(wave: SurveyWave, other: SurveyWave) -> bool:
    """Tell whether two waves run at least one survey in common."""
    return any(wave.includes(kind) and other.includes(kind) for kind in SurveyKind)


def _check_can_open(wave: SurveyWave, today: date) -> None:
    """Raise WaveError unless `wave` may be opened on `today`."""
    if wave.status is WaveStatus.OPEN:
        raise WaveError(f"{wave.name} is already open.")
    if wave.closes_on is not None and wave.closes_on < today:
        raise WaveError(
            f"{wave.name} closed on {wave.closes_on.isoformat()}, which is in the past; "
            "it cannot be opened."
        )
    open_waves = db.session.scalars(
        sa.select(SurveyWave).where(SurveyWave.status == WaveStatus.OPEN, SurveyWave.id != wave.id)
    )
    for other in open_waves:
        if _overlap(wave, other):
            raise WaveError(f"{other.name} is open and includes the same survey; close it first.")


def open_wave(actor: User, wave: SurveyWave, today: date | None = None) -> None:
    """Open a draft wave for submissions."""
    if wave.status is WaveStatus.CLOSED:
        raise WaveError(f"{wave.name} is closed; reopen it instead.")
    _check_can_open(wave, today or date.today())
    wave.status = WaveStatus.OPEN
    record(Action.WAVE_OPEN, actor, from_status="draft", to_status="open", note=wave.slug)
    db.session.commit()


def close_wave(actor: User, wave: SurveyWave) -> None:
    """Close an open wave; its approved data becomes read-only history."""
    if wave.status is not WaveStatus.OPEN:
        raise WaveError(f"{wave.name} is not open.")
    wave.status = WaveStatus.CLOSED
    record(Action.WAVE_CLOSE, actor, from_status="open", to_status="closed", note=wave.slug)
    db.session.commit()


def reopen_wave(actor: User, wave: SurveyWave, today: date | None = None) -> None:
    """Open a closed wave again, as an admin's recorded decision."""
    if wave.status is not WaveStatus.CLOSED:
        raise WaveError(f"{wave.name} is not closed.")
    _check_can_open(wave, today or date.today())
    wave.status = WaveStatus.OPEN
    record(Action.WAVE_REOPEN, actor, from_status="closed", to_status="open", note=wave.slug)
    db.session.commit()


@dataclass
class Rate:
    """How many of a group were asked again, and how many answered."""

    label: str
    expected: int = 0
    responded: int = 0

    @property
    def percent(self) -> int:
        """Return the share that answered, as a whole percentage."""
        return round(100 * self.responded / self.expected) if self.expected else 0


@dataclass
class Responses:
    """Who answered a wave among the organizations approved in earlier waves."""

    overall: Rate
    by_kind: list[Rate] = field(default_factory=list)
    by_state: list[Rate] = field(default_factory=list)
    responders: list[Organization] = field(default_factory=list)
    non_responders: list[Organization] = field(default_factory=list)


def _kinds(wave: SurveyWave) -> list[SurveyKind]:
    """Return the survey kinds `wave` runs."""
    return [kind for kind in SurveyKind if wave.includes(kind)]


def responses(wave: SurveyWave) -> Responses:
    """Count who has answered `wave` among earlier waves' approved respondents."""
    kinds = _kinds(wave)
    earlier = sa.select(SurveyWave.id).where(
        SurveyWave.id != wave.id, SurveyWave.opens_on < wave.opens_on
    )
    panel_ids = sa.select(Submission.organization_id).where(
        Submission.wave_id.in_(earlier),
        Submission.survey_kind.in_(kinds),
        Submission.status == SubmissionStatus.APPROVED,
    )
    answered_ids = set(
        db.session.scalars(
            sa.select(Submission.organization_id).where(
                Submission.wave_id == wave.id,
                Submission.survey_kind.in_(kinds),
                Submission.status != SubmissionStatus.REJECTED,
            )
        )
    )
    panel = list(
        db.session.scalars(
            sa.select(Organization)
            .where(Organization.id.in_(panel_ids))
            .order_by(Organization.name_key, Organization.id)
        )
    )
    result = Responses(overall=Rate("All organizations"))
    kinds_seen: dict[str, Rate] = {}
    states_seen: dict[str, Rate] = {}
    for org in panel:
        answered = org.id in answered_ids
        (result.responders if answered else result.non_responders).append(org)
        state = org.state or "—"
        for rate in (
            result.overall,
            kinds_seen.setdefault(org.kind.label, Rate(org.kind.label)),
            states_seen.setdefault(state, Rate(state)),
        ):
            rate.expected += 1
            rate.responded += answered
    result.by_kind = sorted(kinds_seen.values(), key=lambda rate: rate.label)
    result.by_state = sorted(states_seen.values(), key=lambda rate: rate.label)
    return result
