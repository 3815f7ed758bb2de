"""Demo data: the 2022 Partner Constellation as an approved, closed wave, and an open wave."""

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    LearningInterest,
    Organization,
    OrgKind,
    OrgStatus,
    PartnershipAnswer,
    RelationshipStatus,
    Submission,
    SubmissionStatus,
    SurveyKind,
    SurveyWave,
    WaveStatus,
    WaveSurveys,
)
from app.network import bump_revision, lock_network_revision
from app.orgs.services import get_or_create_organization
from app.themes.catalogue import ensure_seeded_themes, themes_by_slug
from app.themes.demo import demo_themes
from app.waves.baseline import load_baseline

SEED_DIR = Path(__file__).parent / "seed_data"
WAVE_2022 = {
    "slug": "2022-partner-constellation",
    "name": "2022 Partner Constellation",
    "opens_on": date(2022, 3, 24),
    "closes_on": date(2022, 12, 31),
    "introduction": (
        "Brigade-to-partner relationships gathered by the Code for America network team in 2022 "
        "from showcase decks, year-end reports and brigade websites, with the answers that "
        "brigades gave to the four partnership questions."
    ),
}


@dataclass
class SeedReport:
    organizations: int = 0
    submissions: int = 0
    partnerships: int = 0
    waves: int = 0


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(SEED_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _float(value: str) -> float | None:
    return float(value) if value else None


def load_demo_data(today: date | None = None) -> SeedReport:
    """Load the demo data; running it again adds nothing that is already there."""
    report = SeedReport()
    lock_network_revision()  # before any write: one lock order (app/network.py)
    before = db.session.execute(sa.select(sa.func.count()).select_from(Organization)).scalar_one()
    ensure_seeded_themes()
    wave = _wave_2022(report)
    rows_by_brigade = _partnership_rows()
    for brigade_name, rows in rows_by_brigade.items():
        _seed_brigade(wave, brigade_name, rows, report)
    _open_current_wave(today or date.today(), report)
    report.waves += load_baseline()
    if report.submissions:
        bump_revision()
    db.session.commit()
    after = db.session.execute(sa.select(sa.func.count()).select_from(Organization)).scalar_one()
    report.organizations = after - before
    return report


def _wave_2022(report: SeedReport) -> SurveyWave:
    wave = db.session.scalar(sa.select(SurveyWave).filter_by(slug=WAVE_2022["slug"]))
    if wave is None:
        wave = SurveyWave(surveys=WaveSurveys.PARTNERSHIP, status=WaveStatus.CLOSED, **WAVE_2022)
        db.session.add(wave)
        report.waves += 1
    return wave


def _partnership_rows() -> dict[str, list[dict[str, str]]]:
    """Merge the 53 listed partnerships with the answers brigades posted, per brigade."""
    by_brigade: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
    places = {}
    for row in _read_csv("partnerships-2022.csv"):
        places[row["brigade"]] = row
        by_brigade[row["brigade"]][row["partner"]] = {**row, "status": "active"}
    for row in _read_csv("answers-2022.csv"):
        merged = by_brigade[row["brigade"]].get(row["partner"], {})
        by_brigade[row["brigade"]][row["partner"]] = {**places[row["brigade"]], **merged, **row}
    return {brigade: list(partners.values()) for brigade, partners in by_brigade.items()}


def _seed_brigade(wave: SurveyWave, name: str, rows: list[dict[str, str]], report) -> None:
    first = rows[0]
    brigade = get_or_create_organization(
        name, OrgKind.BRIGADE, city=first["city"], state=first["state"], status=OrgStatus.APPROVED
    )
    brigade.latitude = _float(first["latitude"])
    brigade.longitude = _float(first["longitude"])
    exists = db.session.scalar(sa.select(Submission.id).filter_by(wave=wave, organization=brigade))
    if exists:
        return
    submission = Submission(
        wave=wave,
        survey_kind=SurveyKind.PARTNERSHIP,
        organization=brigade,
        status=SubmissionStatus.APPROVED,
    )
    for position, row in enumerate(rows):
        partner = get_or_create_organization(
            row["partner"], OrgKind(row["partner_kind"]), status=OrgStatus.APPROVED
        )
        submission.partnerships.append(
            PartnershipAnswer(
                position=position,
                partner=partner,
                status=RelationshipStatus(row["status"]),
                priorities=row.get("partner_priorities", ""),
                how_built=row.get("how_built", ""),
                themes=themes_by_slug(demo_themes(row.get("partner_priorities", ""), partner.name)),
            )
        )
        report.partnerships += 1
        if row.get("learning_interest"):
            submission.learning_interests.append(
                LearningInterest(position=0, note=row["learning_interest"])
            )
    db.session.add(submission)
    report.submissions += 1


def _open_current_wave(today: date, report: SeedReport) -> None:
    """Open a wave for both surveys, unless a wave is open or this year's exists."""
    slug = f"{today.year}-network-survey"
    if db.session.scalar(
        sa.select(SurveyWave.id).where(
            sa.or_(SurveyWave.status == WaveStatus.OPEN, SurveyWave.slug == slug)
        )
    ):
        return
    db.session.add(
        SurveyWave(
            name=f"{today.year} Network Survey",
            slug=slug,
            surveys=WaveSurveys.BOTH,
            status=WaveStatus.OPEN,
            opens_on=today,
            introduction="",
        )
    )
    report.waves += 1
