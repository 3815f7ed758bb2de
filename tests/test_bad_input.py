"""Input no client should send: control characters, ids past the database's range, a dead database.

Each gets a clear answer (a message beside the field, a 400 or a 404, a 503), never a 500,
and nothing is stored.
"""

import pytest

from app.models import Organization, Submission
from tests import factories
from tests.conftest import make_app
from tests.helpers import count

NUL = "\x00"
PARTNERSHIP_TEXT_FIELDS = [
    "org_name", "org_city", "contact_name", "contact_email", "org_website",
    "partners-0-name", "partners-0-priorities", "partners-0-how_built",
    "interests-0", "interest_note",
]  # fmt: skip
INVOLVEMENT_TEXT_FIELDS = [
    "org_name",
    "contact_name",
    "assistance_other",
    "comments",
    "local_groups-0",
    "staff_count",
]


@pytest.mark.parametrize("field", PARTNERSHIP_TEXT_FIELDS)
@pytest.mark.parametrize("character", [NUL, "\x07", "\x1b"], ids=["NUL", "BEL", "ESC"])
def test_a_control_character_in_a_partnership_answer_is_refused_beside_it(
    surveys, open_wave, field, character
):
    value = factories.partnership_form().get(field) or "text"
    response = surveys.partnership(**{field: f"{value}{character}tail"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Remove the control character" in page
    assert count(Submission) == 0
    assert count(Organization) == 0


@pytest.mark.parametrize("field", INVOLVEMENT_TEXT_FIELDS)
def test_a_nul_in_an_involvement_answer_is_refused(surveys, open_wave, field):
    value = factories.involvement_form().get(field) or "text"
    response = surveys.involvement(**{field: f"{value}{NUL}"})
    assert response.status_code == 422
    assert "Remove the control character" in response.get_data(as_text=True)
    assert count(Submission) == 0


def test_line_breaks_and_tabs_stay_allowed(surveys, open_wave):
    response = surveys.partnership(**{"partners-0-how_built": "First\r\nthen\tsecond"})
    assert response.status_code == 303
    assert count(Submission) == 1


def test_a_nul_in_the_sign_in_form_is_refused(surveys, moderator):
    response = surveys.post(
        "/login", {"email": f"moderator@example.org{NUL}", "password": factories.PASSWORD}
    )
    assert response.status_code in (200, 422)
    assert "Remove the control character" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "/api/graph?wave=%00",
        "/api/graph?kind=%00brigade",
        "/api/orgs/code%00for",
        "/api/edges/p1%00",
        "/orgs/code%00for",
        "/orgs/?q=%00",
        "/map?org=%00",
        "/map/table?since=%00",
        "/status/abc%00def",
        "/downloads/partnerships.csv?state=%00",
        "/waves/compare?before=%00",
        "/surveys/partnership?start_from=%00",
        "/%00",
    ],
)
def test_a_nul_in_a_public_url_is_a_400_or_404(client, open_wave, url):
    assert client.get(url).status_code in (400, 404)


@pytest.mark.parametrize(
    "url",
    [
        "/moderation/?q=%00",
        "/moderation/log?actor=%00",
        "/moderation/submissions/99999999999999999999",
        "/moderation/submissions/2147483648",
        "/moderation/submissions/0",
        "/moderation/organizations/2147483648",
        "/moderation/outbox/99999999999",
        "/moderation/?page=%C2%B2",  # a superscript two: a digit to str.isdigit, not to int()
        "/moderation/log?submission=99999999999999",
        "/admin/users/2147483648",
    ],
)
def test_staff_urls_with_bad_ids_or_characters_are_not_server_errors(client, signed_in_admin, url):
    response = client.get(url)
    assert response.status_code in (200, 400, 404)
    if "submissions/" in url or "organizations/" in url or "users/" in url or "outbox/" in url:
        assert response.status_code == 404


def test_bulk_selection_past_the_id_range_is_ignored(client, signed_in_admin, surveys):
    token = surveys.csrf_token("/moderation/")
    response = client.post(
        "/moderation/bulk",
        data={
            "csrf_token": token,
            "decision": "approve",
            "selected": ["2147483648:1", "99999999999999999999:1", "1:99999999999"],
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Tick at least one submission first." in response.get_data(as_text=True)


def test_an_edge_id_past_the_range_is_a_404(client):
    assert client.get("/api/edges/p99999999999").status_code == 404
    assert client.get("/api/edges/p2147483648").status_code == 404


@pytest.mark.parametrize(
    "database_url",
    [
        "postgresql+psycopg://nobody@127.0.0.1:1/nothing?connect_timeout=2",
        "sqlite:////nonexistent-directory/for/constellation.db",
    ],
    ids=["postgresql refusing connections", "sqlite that cannot open"],
)
def test_an_unreachable_database_is_a_503_with_retry_after(database_url):
    app = make_app(database_url)
    for url in ("/", "/orgs/", "/api/graph", "/waves/"):
        response = app.test_client().get(url)
        assert response.status_code == 503, url
        assert response.headers["Retry-After"].isdigit()
        page = response.get_data(as_text=True)
        assert "cannot reach its database" in page or url == "/api/graph"
        assert "Traceback" not in page
