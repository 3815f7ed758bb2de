"""Redirects to an address the client sent: only to this site, and never a 500.

Every such target (sign-in's `next`, the language switch's `next`, the bulk decision's and
the merge's `back`) goes through app.inputs.site_path. A bad one, holding a control
character, goes to the route's default page instead.
"""

from urllib.parse import parse_qs, urlsplit

import pytest

from app.models import SubmissionStatus
from tests import factories
from tests.moderation_helpers import csrf_from, fresh

# Tab, line feed and carriage return among them: an address never holds one, and Werkzeug
# refuses a line break in the Location header.
BAD_CHARACTERS = pytest.mark.parametrize(
    "bad", ["\x00", "\t", "\n", "\r", "\x7f"], ids=["%00", "%09", "%0a", "%0d", "%7f"]
)


@pytest.fixture
def signed_in(auth, moderator):
    """Sign the moderator in on the test client."""
    assert auth.login().status_code == 303
    return moderator


@pytest.fixture
def waiting(open_wave):
    """Return a partnership submission waiting for review."""
    brigade = factories.make_org("Code for Redirects", status=factories.OrgStatus.PENDING)
    partner = factories.make_org("Redirect Partner", factories.OrgKind.NONPROFIT)
    return factories.make_partnership(open_wave, brigade, partner, status=SubmissionStatus.PENDING)


def location(response) -> str:
    """Return where a redirect goes, checking that it is one."""
    assert response.status_code == 303, response.status_code
    return response.headers["Location"]


@BAD_CHARACTERS
@pytest.mark.parametrize("code", ["en", "es"])
def test_the_language_switch_goes_home_from_a_bad_next(client, code, bad):
    response = client.get(f"/language/{code}", query_string={"next": f"/map{bad}"})
    assert location(response) == "/"
    assert client.get_cookie("lang").value == code


@BAD_CHARACTERS
def test_sign_in_lands_on_the_queue_from_a_bad_next(client, moderator, bad):
    query = {"next": f"/moderation/log{bad}"}
    page = client.get("/login", query_string=query)
    assert page.status_code == 200
    assert 'action="/login"' in page.get_data(as_text=True)
    data = {
        "csrf_token": csrf_from(client, "/login"),
        "email": "moderator@example.org",
        "password": factories.PASSWORD,
    }
    response = client.post("/login", query_string=query, data=data)
    assert location(response) == "/moderation/"


@BAD_CHARACTERS
def test_a_bulk_decision_goes_back_to_the_queue_from_a_bad_back(client, signed_in, waiting, bad):
    data = {
        "csrf_token": csrf_from(client, "/moderation/"),
        "decision": "approve",
        "selected": [f"{waiting.id}:{waiting.version}"],
        "back": f"/moderation/?status=all{bad}",
    }
    assert location(client.post("/moderation/bulk", data=data)) == "/moderation/"
    assert fresh(waiting.id).status is SubmissionStatus.APPROVED


@BAD_CHARACTERS
def test_a_merge_goes_to_the_merged_organization_from_a_bad_back(client, signed_in, waiting, bad):
    source = factories.make_org("Redirect Partner Inc", factories.OrgKind.NONPROFIT)
    target = waiting.partnerships[0].partner
    data = {
        "csrf_token": csrf_from(client, "/moderation/"),
        "target_id": target.id,
        "back": f"/moderation/submissions/{waiting.id}{bad}",
    }
    response = client.post(f"/moderation/organizations/{source.id}/merge", data=data)
    assert location(response) == f"/moderation/organizations/{target.id}"


@pytest.mark.parametrize("bad", ["\t", "\n", "\r"], ids=["%09", "%0a", "%0d"])
def test_and_go_to_next_carries_a_search_with_a_line_break_encoded(client, signed_in, waiting, bad):
    # The queue's filters are search text, not an address: the next page's address is
    # built by the app, so they reach it percent-encoded.
    url = f"/moderation/submissions/{waiting.id}/decide"
    data = {
        "csrf_token": csrf_from(client, "/moderation/"),
        "decision": "approve",
        "version": waiting.version,
        "then": "next",
    }
    response = client.post(url, query_string={"q": f"Code{bad}for"}, data=data)
    target = urlsplit(location(response))
    assert target.path == "/moderation/"
    assert parse_qs(target.query)["q"] == [f"Code{bad}for"]
    assert fresh(waiting.id).status is SubmissionStatus.APPROVED


@pytest.mark.parametrize("bad", ["\x00", "\x7f"], ids=["%00", "%7f"])
def test_and_go_to_next_refuses_a_search_with_a_nul(client, signed_in, waiting, bad):
    url = f"/moderation/submissions/{waiting.id}/decide"
    data = {
        "csrf_token": csrf_from(client, "/moderation/"),
        "decision": "approve",
        "version": waiting.version,
        "then": "next",
    }
    response = client.post(url, query_string={"q": f"Code{bad}for"}, data=data)
    assert response.status_code == 400
    assert fresh(waiting.id).status is SubmissionStatus.PENDING


@pytest.mark.parametrize(
    "back",
    [
        "/admin/users",
        "/moderationx/",
        "/moderation/../admin/users",
        "/moderation/%2e%2e/admin/users",
        "//evil.example/moderation/",
        "https://evil.example/moderation/",
        "/\\evil.example",
        "",
    ],
)
def test_a_bulk_decision_goes_back_only_within_moderation(client, signed_in, waiting, back):
    data = {
        "csrf_token": csrf_from(client, "/moderation/"),
        "decision": "approve",
        "selected": [f"{waiting.id}:{waiting.version}"],
        "back": back,
    }
    assert location(client.post("/moderation/bulk", data=data)) == "/moderation/"


@pytest.mark.parametrize(
    "route, query, landing",
    [
        ("/language/es", {"next": "/map?kind=brigade"}, "/map?kind=brigade"),
        ("/language/en", {"next": "/orgs/?page=2"}, "/orgs/?page=2"),
        ("/language/en", {"next": "/waves/2022%20wave"}, "/waves/2022%20wave"),
    ],
)
def test_the_language_switch_goes_back_to_a_good_next(client, route, query, landing):
    assert location(client.get(route, query_string=query)) == landing


@pytest.mark.parametrize("back", ["/moderation/?status=all&kind=partnership", "/moderation/"])
def test_a_bulk_decision_goes_back_to_a_good_back(client, signed_in, waiting, back):
    data = {
        "csrf_token": csrf_from(client, "/moderation/"),
        "decision": "approve",
        "selected": [f"{waiting.id}:{waiting.version}"],
        "back": back,
    }
    assert location(client.post("/moderation/bulk", data=data)) == back


def test_a_merge_goes_back_to_a_good_review_page(client, signed_in, waiting):
    source = factories.make_org("Redirect Partner Inc", factories.OrgKind.NONPROFIT)
    back = f"/moderation/submissions/{waiting.id}"
    data = {
        "csrf_token": csrf_from(client, "/moderation/"),
        "target_id": waiting.partnerships[0].partner.id,
        "back": back,
    }
    response = client.post(f"/moderation/organizations/{source.id}/merge", data=data)
    assert location(response) == back


def test_sign_in_goes_on_to_a_good_next(client, moderator):
    query = {"next": "/moderation/log?actor=moderator"}
    data = {
        "csrf_token": csrf_from(client, "/login"),
        "email": "moderator@example.org",
        "password": factories.PASSWORD,
    }
    response = client.post("/login", query_string=query, data=data)
    assert location(response) == "/moderation/log?actor=moderator"
