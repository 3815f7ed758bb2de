"""What is not a public GET, measured in process: the layout job, a survey POST, a review page.

Each is timed as CPU of this process (`time.process_time`), so SQLite's work counts and
PostgreSQL's does not, as for the pages. The survey POSTs and the review page's
submission are stored in the benchmark database as pending answers, which no public
page shows.
"""

import re
import statistics
import time

import sqlalchemy as sa

from app.extensions import db
from app.graph.build import load_network
from app.graph.layout import lay_out
from app.graph.places import city_point
from app.graph.publish import publish_network
from app.insights.store import compute_insights, save_insights
from app.models import OrgKind, RelationshipStatus, Role, SurveyWave, User
from app.network import bump_revision, network_state
from app.submissions.answers import Contact, OrganizationAnswer, PartnerAnswer, PartnershipAnswers
from app.submissions.services import create_submission
from bench import targets
from bench.client import survey_fields

POSTS = 20  # the median of many: one POST is a few ms, where the machine's noise shows
REVIEW_VIEWS = 3
NEW_PARTNERS = 25
PASSWORD = "bench-moderator-password"
MODERATOR = "bench@example.org"
ACTIVE = RelationshipStatus.ACTIVE


def measure_work(app, run: int) -> dict[str, tuple[float, int]]:
    """Return (CPU ms, SQL statements) of the layout job, a survey POST and a review page."""
    with app.app_context():
        client = app.test_client()
        # Warm, as the job's long-running worker is after its first round: its statements
        # compiled, the list of cities read (GeoNames: most of a first layout's CPU).
        load_network()
        city_point("Columbus", "OH")
        job, figures = layout_cost(), figures_cost()
        costs = {
            # The whole layout, as the job does it after a change; then its two parts.
            targets.LAYOUT: job,
            targets.POSITIONS: (job[0] - figures[0], job[1] - figures[1]),
            targets.FIGURES: figures,
            targets.PUBLISHING: publishing_cost(),
            "partnership survey POST": survey_post_cost(client, run),
            f"review page, {NEW_PARTNERS} new organizations": review_page_cost(client, run),
        }
        db.session.remove()
        db.engine.dispose()
    return costs


def post_costs_alternated(apps: dict[int, object], rounds: int) -> dict[int, float]:
    """Return each size's survey POST CPU ms, its sizes alternated A B A B, best of `rounds`.

    Minutes pass between the sizes' own work rows, and the machine's noise in that time
    can be larger than the growth being looked for; sent in turns, both sizes share it.
    """
    best: dict[int, float] = {}
    for number in range(rounds):
        for n, app in apps.items():
            with app.app_context():
                ms, _ = survey_post_cost(app.test_client(), run=int(time.time()) * 10 + number)
                db.session.remove()
                db.engine.dispose()
            best[n] = min(best.get(n, ms), ms)
    return best


def cpu_of(action) -> tuple[float, int]:
    """Run `action()`; return the CPU milliseconds it took and the SQL statements it ran."""
    statements = []

    def note(*args) -> None:
        """Count one statement."""
        statements.append(args[2])

    sa.event.listen(db.engine, "before_cursor_execute", note)
    started = time.process_time()
    try:
        action()
    finally:
        used = time.process_time() - started
        sa.event.remove(db.engine, "before_cursor_execute", note)
    return 1000 * used, len(statements)


def layout_cost() -> tuple[float, int]:
    """Lay the whole network out once, as the job does after a change."""
    bump_revision()  # a change to lay out for (the bench's servers run no layout job)
    db.session.commit()
    cost = cpu_of(lay_out)
    if network_state().laid_out != network_state().revision:
        raise RuntimeError("the layout job did not lay the network out")
    return cost


def publishing_cost() -> tuple[float, int]:
    """Run the whole job after a change once: lay out, build the main documents, publish.

    Issue 22 asks it to cost at most twice the layout job (LAYOUT) it starts with.
    """
    bump_revision()
    db.session.commit()
    cost = cpu_of(publish_network)
    if network_state().published != network_state().revision:
        raise RuntimeError("the job did not publish the network")
    return cost


def figures_cost() -> tuple[float, int]:
    """Compute and keep the network's figures once, as the layout job does (rolled back)."""
    revision = network_state().revision
    cost = cpu_of(lambda: save_insights(compute_insights(load_network()), revision))
    db.session.rollback()
    return cost


def survey_post_cost(client, run: int) -> tuple[float, int]:
    """Send the partnership survey POSTS times (three partners, two question-4 names)."""
    costs = []
    for number in range(POSTS):
        page = client.get("/surveys/partnership").get_data(as_text=True)
        form = {"csrf_token": _csrf_token(page),
                **survey_fields(f"Code for Benchville {run}-{number}")}  # fmt: skip

        def post(form=form) -> None:
            """Send one answer, which must be stored."""
            response = client.post("/surveys/partnership", data=form)
            if response.status_code != 303:
                raise RuntimeError(f"the survey POST answered {response.status_code}")

        costs.append(cpu_of(post))
    return statistics.median(c[0] for c in costs), max(c[1] for c in costs)


def review_page_cost(client, run: int) -> tuple[float, int]:
    """View the review page of a submission naming NEW_PARTNERS new organizations."""
    wave = db.session.scalar(sa.select(SurveyWave).where(SurveyWave.slug == "bench"))
    answers = PartnershipAnswers(
        organization=OrganizationAnswer(
            f"Code for Reviewton {run}", OrgKind.BRIGADE, "Reviewton", "OH"
        ),  # fmt: skip
        contact=Contact("Bench Volunteer", "reviewton@example.org"),
        partners=[
            PartnerAnswer(f"Reviewton Partner {run}-{i}", OrgKind.NONPROFIT, ACTIVE, "", "")
            for i in range(NEW_PARTNERS)
        ],  # fmt: skip
    )
    submission = create_submission(wave, answers)
    _sign_in(client)
    path = f"/moderation/submissions/{submission.id}"
    client.get(path)  # warm: templates compiled
    costs = [cpu_of(lambda: _expect_ok(client.get(path))) for _ in range(REVIEW_VIEWS)]
    return statistics.median(c[0] for c in costs), max(c[1] for c in costs)


def set_moderator_password() -> None:
    """Give the benchmark's moderator (made by bench/generate.py) the password PASSWORD."""
    from app.auth.passwords import hash_password

    user = db.session.scalar(sa.select(User).where(User.email == MODERATOR))
    user.password_hash, user.role = hash_password(PASSWORD), Role.ADMIN
    db.session.commit()


def _sign_in(client) -> None:
    """Sign the benchmark's moderator in through the real form."""
    set_moderator_password()
    page = client.get("/login").get_data(as_text=True)
    token = _csrf_token(page)
    data = {"csrf_token": token, "email": MODERATOR, "password": PASSWORD}
    if client.post("/login", data=data).status_code != 303:
        raise RuntimeError("the benchmark's moderator could not sign in")


def _csrf_token(page: str) -> str:
    """Return the form token a page carries."""
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def _expect_ok(response) -> None:
    if response.status_code != 200:
        raise RuntimeError(f"the review page answered {response.status_code}")
