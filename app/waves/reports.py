"""Queries behind the public wave list and each wave's report: approved answers only."""

from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext
from flask_babel import gettext as _

from app.extensions import db
from app.models import (
    Continuity,
    InvolvementAnswer,
    InvolvementChoice,
    InvolvementLevel,
    InvolvementTopic,
    Organization,
    OrgKind,
    PartnershipAnswer,
    PublishedTotal,
    RelationshipStatus,
    Submission,
    SurveyKind,
    SurveyWave,
)
from app.models.enums import choice_label
from app.public import EdgeKind, is_public_wave, published, relationship_answers
from app.waves.baseline import BASELINE_SLUG
from app.waves.rules import public_wave

APPROVED = published()


@dataclass
class Row:
    label: str
    count: int
    percent: int | None = None
    baseline: int | None = None


@dataclass
class InvolvementReport:
    total: int = 0
    published: bool = False
    source: str = ""
    levels: list[Row] = field(default_factory=list)
    assistance: Row | None = None
    barriers: list[Row] = field(default_factory=list)
    events: list[Row] = field(default_factory=list)
    has_baseline: bool = False


@dataclass
class PartnershipReport:
    organizations: int = 0
    partners: int = 0
    relationships: int = 0
    ended: int = 0  # partners the answers mark as ended since their last answers
    by_kind: list[Row] = field(default_factory=list)
    by_status: list[Row] = field(default_factory=list)


def percent(count: int, total: int) -> int:
    """Return count as a whole-number percentage of total (0 when total is 0)."""
    return round(100 * count / total) if total else 0


def wave_list() -> list[tuple[SurveyWave, int]]:
    """Return every public wave, newest first, with its number of approved submissions."""
    count = (
        sa.select(sa.func.count(Submission.id))
        .where(Submission.wave_id == SurveyWave.id, APPROVED)
        .scalar_subquery()
    )
    query = (
        sa.select(SurveyWave, count).where(is_public_wave()).order_by(*SurveyWave.newest_first())
    )
    return [(wave, n) for wave, n in db.session.execute(query).all()]


def _totals(wave: SurveyWave) -> list[PublishedTotal]:
    return list(db.session.scalars(sa.select(PublishedTotal).filter_by(wave_id=wave.id)))


def _choice_rows(topic: InvolvementTopic, counts: dict[str, int], total: int) -> list[Row]:
    rows = [Row(choice_label(topic, k), n, percent(n, total)) for k, n in counts.items()]
    return sorted(rows, key=lambda row: (-row.count, row.label))


def _published_involvement(totals: list[PublishedTotal]) -> InvolvementReport:
    levels = {t.value: t.count for t in totals if t.measure == "level"}
    report = InvolvementReport(total=sum(levels.values()), published=True)
    # The source is a fixed sentence (app.waves.baseline.SOURCE) kept with the totals.
    report.source = gettext(totals[0].source) if totals[0].source else ""
    for level in InvolvementLevel:
        n = levels.get(level.value, 0)
        report.levels.append(Row(level.label, n, percent(n, report.total)))
    for t in totals:
        if t.measure == "provided_assistance" and t.value == "yes":
            report.assistance = Row(_("Provided data or assistance"), t.count)
            report.assistance.percent = percent(t.count, report.total)
        elif t.measure in ("barrier", "event"):
            rows = report.barriers if t.measure == "barrier" else report.events
            rows.append(Row(choice_label(InvolvementTopic(t.measure), t.value), t.count))
    return report


def involvement_report(wave: SurveyWave) -> InvolvementReport:
    """Count a wave's approved involvement answers by level, assistance, barrier and event."""
    totals = [t for t in _totals(wave) if t.survey_kind is SurveyKind.INVOLVEMENT]
    if totals:
        return _published_involvement(totals)
    approved = sa.select(Submission.id).where(Submission.wave_id == wave.id, APPROVED)
    answers = db.session.execute(
        sa.select(InvolvementAnswer.level, InvolvementAnswer.provided_assistance).where(
            InvolvementAnswer.submission_id.in_(approved)
        )
    ).all()
    report = InvolvementReport(total=len(answers))
    levels = Counter(level for level, _ in answers)
    for level in InvolvementLevel:
        report.levels.append(Row(level.label, levels[level], percent(levels[level], report.total)))
    provided = sum(1 for _, assisted in answers if assisted)
    report.assistance = Row(
        _("Provided data or assistance"), provided, percent(provided, report.total)
    )
    choices = db.session.execute(
        sa.select(InvolvementChoice.topic, InvolvementChoice.choice, sa.func.count())
        .where(InvolvementChoice.submission_id.in_(approved))
        .group_by(InvolvementChoice.topic, InvolvementChoice.choice)
    ).all()
    for topic, target in (
        (InvolvementTopic.BARRIER, "barriers"),
        (InvolvementTopic.EVENT, "events"),
    ):
        counts = {choice: n for t, choice, n in choices if t is topic}
        setattr(report, target, _choice_rows(topic, counts, report.total))
    _add_baseline(wave, report)
    return report


def _add_baseline(wave: SurveyWave, report: InvolvementReport) -> None:
    """Put the 2014 published percentages beside this wave's, when the baseline is loaded."""
    baseline = public_wave(BASELINE_SLUG)
    if baseline is None or baseline.id == wave.id:
        return
    totals = [t for t in _totals(baseline) if t.survey_kind is SurveyKind.INVOLVEMENT]
    if not totals:
        return
    published = _published_involvement(totals)
    report.has_baseline = True
    for row, old in zip(report.levels, published.levels, strict=True):
        row.baseline = old.percent
    if report.assistance and published.assistance:
        report.assistance.baseline = published.assistance.percent


def partnership_report(wave: SurveyWave) -> PartnershipReport:
    """Count a wave's approved partnership answers by partner kind and status.

    What partners care about is counted by theme (app/waves/themes.py).
    """
    rel = relationship_answers()
    rows = db.session.execute(
        sa.select(
            rel.c.source,
            rel.c.target.label("partner_id"),
            Organization.kind,
            rel.c.status,
            rel.c.continuity,
        )
        .join(PartnershipAnswer, PartnershipAnswer.id == rel.c.answer_id)
        .join(Organization, Organization.id == rel.c.target)
        .where(rel.c.wave_id == wave.id, rel.c.kind == EdgeKind.PARTNERSHIP.value)
        .order_by(rel.c.answer_id)
    ).all()
    # One relationship per pair, as its latest answer says (two answers can name the same
    # partner once two organizations are merged), as on the map (app.graph.build).
    rows = list({(row.source, row.partner_id): row for row in rows}.values())
    # A partner marked ended is not one of this wave's relationships; it is counted apart.
    ended = sum(1 for row in rows if row.continuity == Continuity.ENDED.value)
    rows = [row for row in rows if row.continuity != Continuity.ENDED.value]
    report = PartnershipReport(relationships=len(rows), ended=ended)
    report.organizations = db.session.execute(
        sa.select(sa.func.count(sa.distinct(Submission.organization_id))).where(
            Submission.wave_id == wave.id,
            APPROVED,
            Submission.survey_kind == SurveyKind.PARTNERSHIP,
        )
    ).scalar_one()
    report.partners = len({row.partner_id for row in rows})
    kinds = Counter(row.kind for row in rows)
    report.by_kind = [
        Row(OrgKind(kind).label, n, percent(n, len(rows))) for kind, n in kinds.most_common()
    ]
    statuses = Counter(row.status for row in rows)
    report.by_status = [
        Row(s.label, statuses[s.value], percent(statuses[s.value], len(rows)))
        for s in RelationshipStatus
    ]
    return report
