"""Build a synthetic network of N organizations and about 3N relationships, through the
app's own services (survey submissions, then moderators' approvals), for the benchmarks.

Brigades (a fifth of the organizations) each answer the partnership survey naming
fifteen partners from a shared pool, so the network is one large connected web with
hubs; names carry accents and near-duplicates ("Biblioteca Pública 12", "Biblioteca
Publica 12 "), as real answers do. A few submissions stay pending. The layout is made
once, at the end. A database already built for N is reused.
"""

import random
import time
from datetime import date

import sqlalchemy as sa

from app.extensions import db
from app.graph.layout import lay_out
from app.models import (
    Organization,
    OrgKind,
    RelationshipStatus,
    Role,
    SubmissionStatus,
    SurveyWave,
    User,
    WaveStatus,
    WaveSurveys,
)
from app.moderation.services import decide
from app.submissions.answers import Contact, OrganizationAnswer, PartnerAnswer, PartnershipAnswers
from app.submissions.services import create_submission
from app.submissions.workflow import Transition

PARTNERS_PER_BRIGADE = 15
PENDING = 0.03  # share of brigades whose answers wait for review
STATES = ["CA", "NY", "TX", "OH", "PR", "WA", "IL", "FL", "GA", "MI", "PA", "OR", "CO", "MA"]
PLACES = ["San José", "Bogotá Heights", "Mayagüez", "Québec Street", "Río Grande", "Fresno",
          "Columbus", "Austin", "Spokane", "Peoria", "Tampa", "Macon", "Flint", "Erie"]  # fmt: skip
KINDS = [OrgKind.GOVERNMENT, OrgKind.NONPROFIT, OrgKind.UNIVERSITY, OrgKind.COMMUNITY_GROUP,
         OrgKind.BUSINESS, OrgKind.NNIP_PARTNER]  # fmt: skip
PARTNER_WORDS = [
    "Biblioteca Pública", "Community Food Bank", "Universidad", "Transit Authority",
    "Housing Coalition", "Data Collaborative", "Health Department", "Civic Lab",
]  # fmt: skip


def built(n: int) -> bool:
    """Tell whether the database already holds the whole network for `n` organizations."""
    done = sa.and_(SurveyWave.slug == "bench", SurveyWave.introduction == _done(n))
    return db.session.scalar(sa.select(SurveyWave.id).where(done)) is not None


def _done(n: int) -> str:
    """Return the mark a finished build leaves on its wave."""
    return f"Benchmark network of {n} organizations, complete."


def partner_name(number: int, rng: random.Random) -> str:
    """Return a partner's name; some are near-duplicates of another (a stray accent, space)."""
    base = f"{PARTNER_WORDS[number % len(PARTNER_WORDS)]} {number}"
    if rng.random() < 0.02:
        return base.replace("ú", "u").replace("Community", "Comunity") + " "
    return base


def build(n: int, seed: int = 2022) -> dict:
    """Fill the database with the network for `n` organizations; return what it took.

    Whatever a build that was stopped half-way left is emptied first.
    """
    for table in reversed(db.metadata.sorted_tables):
        if table.name != "alembic_version":
            db.session.execute(table.delete())
    db.session.commit()
    rng = random.Random(seed)
    started = time.perf_counter()
    wave = SurveyWave(name="Benchmark wave", slug="bench", surveys=WaveSurveys.BOTH,
                      status=WaveStatus.OPEN, opens_on=date(2026, 1, 1))  # fmt: skip
    moderator = User(email="bench@example.org", role=Role.ADMIN, password_hash="-")
    db.session.add_all([wave, moderator])
    db.session.commit()
    brigades = max(2, n // 5)
    pool = max(PARTNERS_PER_BRIGADE, n - brigades)
    submitted = 0
    for number in range(brigades):
        state = STATES[number % len(STATES)]
        chosen = rng.sample(range(pool), min(PARTNERS_PER_BRIGADE, pool))
        answers = PartnershipAnswers(
            organization=OrganizationAnswer(
                f"Code for {PLACES[number % len(PLACES)]} {number}",
                OrgKind.BRIGADE,
                PLACES[number % len(PLACES)],
                state,
            ),  # fmt: skip
            contact=Contact("Bench Volunteer", f"brigade{number}@example.org"),
            partners=[
                PartnerAnswer(
                    partner_name(p, rng),
                    KINDS[p % len(KINDS)],
                    rng.choice(list(RelationshipStatus)),
                    "Open data, transit",
                    "Met at a civic hack night",
                )  # fmt: skip
                for p in chosen
            ],
        )
        submission = create_submission(wave, answers)
        submitted += 1
        if rng.random() >= PENDING:
            decide(submission, Transition.APPROVE, moderator, submission.version)
    lay_out()
    wave.introduction = _done(n)
    db.session.commit()
    approved = db.session.scalar(sa.select(sa.func.count()).select_from(Organization.__table__))
    return {
        "organizations": approved,
        "submissions": submitted,
        "seconds": round(time.perf_counter() - started, 1),
        "pending": db.session.scalar(
            sa.text("SELECT count(*) FROM submission WHERE status = :s"),
            {"s": SubmissionStatus.PENDING.value},
        ),
    }
