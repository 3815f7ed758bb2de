"""Issue 5's "Done when", end to end through the real forms.

An admin opens a 2026 involvement wave; a data intermediary that answered before starts
from its old answers; after moderation, /waves/compare shows it moved from "some
contact" to "extensive", the report sets 2026 beside the 2014 baseline, and the map
shows the relationships that are new since 2022.
"""

import re
from datetime import date

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    InvolvementLevel,
    OrgKind,
    SubmissionStatus,
    SurveyWave,
    WaveStatus,
    WaveSurveys,
)
from app.network import bump_revision
from tests import factories
from tests.helpers import newest_submission
from tests.moderation_helpers import decide
from tests.test_admin_users import post
from tests.test_admin_waves import wave_form
from tests.wave_builders import involvement

DATA_ORG = "Testville Data Collaborative"
SINCE_2022 = "2022-partner-constellation"


def earlier_involvement_answer() -> None:
    """Store an approved 2024 answer: some contact with Code for Testville."""
    wave = factories.make_wave(
        slug="2024-involvement",
        surveys=WaveSurveys.INVOLVEMENT,
        status=WaveStatus.CLOSED,
        opens_on=date(2024, 4, 1),
    )
    answer = involvement(wave, DATA_ORG, InvolvementLevel.SOME_CONTACT)
    answer.organization.kind = OrgKind.NNIP_PARTNER
    bump_revision()
    db.session.commit()


def open_involvement_wave_as_admin(client, auth) -> str:
    """Close the demo's open wave, then create and open a 2026 involvement wave."""
    assert auth.login("admin@example.org").status_code == 303
    demo_wave = db.session.scalar(sa.select(SurveyWave.slug).filter_by(status=WaveStatus.OPEN))
    assert post(client, f"/admin/waves/{demo_wave}/close").status_code == 303
    created = post(client, "/admin/waves/new", wave_form(name="2026 Involvement"))
    assert created.headers["Location"] == "/admin/waves/2026-involvement"
    assert post(client, "/admin/waves/2026-involvement/open").status_code == 303
    auth.logout()
    return "2026-involvement"


def test_the_done_when_of_survey_waves(client, runner, auth, surveys, admin, moderator):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    earlier_involvement_answer()
    wave = open_involvement_wave_as_admin(client, auth)

    # The data intermediary starts from its 2024 answers ...
    start = client.get(f"/surveys/involvement?start_from={DATA_ORG}").get_data(as_text=True)
    assert "published answers from Wave 2024-involvement" in start
    assert "checked" in re.search(r'<input[^>]*value="some_contact"[^>]*>', start).group(0)
    # ... changes its level and names a brigade from the 2022 constellation.
    sent = surveys.involvement(
        org_name=DATA_ORG,
        level="extensive",
        **{"local_groups-0": "Code for Testville", "local_groups-1": "Code for Sacramento"},
    )
    assert sent.status_code in (200, 303)
    submission = newest_submission()
    assert submission.wave.slug == wave and submission.status is SubmissionStatus.PENDING

    # Nothing shows before a moderator approves it.
    before = client.get(f"/waves/compare?from=2024-involvement&to={wave}").get_data(as_text=True)
    assert f'<th scope="row">{DATA_ORG}</th>' not in before
    assert auth.login().status_code == 303
    assert decide(client, submission.id, "approve", submission.version).status_code == 303
    auth.logout()

    compare = client.get(f"/waves/compare?from=2024-involvement&to={wave}").get_data(as_text=True)
    assert (
        f'<th scope="row">{DATA_ORG}</th><td>Some contact, but not an active participant</td>'
        "<td>Extensive involvement with a local group</td>"
    ) in compare

    report = client.get(f"/waves/{wave}").get_data(as_text=True)
    assert "2014 published" in report
    extensive = report.split("Extensive involvement with a local group</th>")[1].split("</tr>")[0]
    assert "100%" in extensive and "44%" in extensive  # 1 of 1 now; 11 of 25 in 2014

    graph = client.get(f"/api/graph?since={SINCE_2022}").get_json()
    changes = graph["summary"]["changes"]
    assert changes["since"]["slug"] == SINCE_2022
    names = {n["data"]["id"]: n["data"]["label"] for n in graph["elements"]["nodes"]}
    new = {
        (names[e["data"]["source"]], names[e["data"]["target"]])
        for e in graph["elements"]["edges"]
        if e["data"]["change"] == "new"
    }
    assert new == {(DATA_ORG, "Code for Testville"), (DATA_ORG, "Code for Sacramento")}
    assert changes["new"] == 2 and changes["unconfirmed"] > 50  # 2022 answers not given again
    map_page = client.get(f"/map?since={SINCE_2022}").get_data(as_text=True)
    assert f'<option value="{SINCE_2022}" selected>' in map_page
