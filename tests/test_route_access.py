"""Every route x (anonymous, moderator, admin) answers as its classification says."""

from datetime import timedelta

import pytest

from app.extensions import db
from app.models import OrgKind, PartnerReply, SubmissionStatus, SurveyKind, WaveInvitation
from app.models.types import utcnow
from app.notifications.outbox import queue_message
from tests import factories
from tests.conftest import AuthActions, make_app
from tests.routes import ADMIN, MODERATOR, PRIVATE_LINK, PUBLIC, SIGN_IN, access_of


@pytest.fixture
def world(app, open_wave):
    """Create one of everything a route can point at; return the URL argument values."""
    brigade = factories.make_org("Code for Access")
    partner = factories.make_org("Access Partner", OrgKind.NONPROFIT)
    submission = factories.make_partnership(
        open_wave, brigade, partner, status=SubmissionStatus.PENDING
    )
    # A published organization, for the pages of public organizations.
    published = factories.make_org("Code for Published")
    answer = factories.make_partnership(open_wave, published, partner).partnerships[0]
    admin = factories.make_user("admin@example.org", factories.Role.ADMIN)
    factories.make_user("moderator@example.org")

    message = queue_message("test", "someone@example.org", "Hello", "Body")
    invitation = WaveInvitation(
        wave=open_wave, organization=published, survey_kind=SurveyKind.PARTNERSHIP,
        email="invitee@example.org",
    )  # fmt: skip
    invitation.issue_token()
    db.session.add(invitation)
    reply = PartnerReply(
        reporter=published, partner=partner, email="partner@example.org", wave=open_wave,
        expires_at=utcnow() + timedelta(days=1),
    )  # fmt: skip
    reply.issue_token()
    db.session.add(reply)
    contact = factories.make_contact(published, "contact@example.org")
    db.session.commit()
    return {
        "submission_id": submission.id,
        "org_id": brigade.id,
        "user_id": admin.id,
        "message_id": message.id,
        "token": submission.token,
        "filename": "css/site.css",
        "slug": published.slug,
        "wave_slug": "current",
        "edge_id": f"p{answer.id}",
        "code": "es",
        "invite_token": invitation.token,
        "partner_token": reply.token,
        "contact_id": contact.id,
        "move": "verify",
    }


def get_routes(app):
    """Return (endpoint, rule) for every route answering GET."""
    return [(rule.endpoint, rule) for rule in app.url_map.iter_rules() if "GET" in rule.methods]


def test_every_route_is_classified(database_url, schema):
    app = make_app(database_url)
    unclassified = sorted(
        rule.endpoint for rule in app.url_map.iter_rules() if access_of(rule.endpoint) is None
    )
    assert unclassified == [], f"say who may use these routes in tests/routes.py: {unclassified}"


def build(rule, values: dict) -> str:
    """Fill a rule's arguments with real values."""
    missing = [arg for arg in rule.arguments if arg not in values]
    assert not missing, f"tests/test_route_access.py needs a value for {missing} ({rule.rule})"
    path = rule.rule
    for arg in rule.arguments:
        for converter in ("id:", "path:", ""):
            path = path.replace(f"<{converter}{arg}>", str(values[arg]))
    return path


EXPECTED = {
    # access: (anonymous, moderator, admin)
    PUBLIC: (200, 200, 200),
    PRIVATE_LINK: (200, 200, 200),
    MODERATOR: (302, 200, 200),
    ADMIN: (302, 403, 200),
}
# Routes whose answer to a plain visit is a redirect by design.
REDIRECTS = {
    # the submission in `world` is pending: it is edited, not revised, so the
    # revise link sends its holder back to the status page
    "surveys.status_revise": 303,
    "main.choose_language": 303,  # back to the page the switch was on
}


@pytest.mark.parametrize("who", ["anonymous", "moderator", "admin"])
def test_get_routes_answer_by_role(app, world, who):
    client = app.test_client()
    if who != "anonymous":
        response = AuthActions(client).login(f"{who}@example.org")
        assert response.status_code == 303, f"{who} could not sign in"
    column = ["anonymous", "moderator", "admin"].index(who)
    wrong = []
    for endpoint, rule in get_routes(app):
        access = access_of(endpoint)
        if access == SIGN_IN or endpoint == "auth.accept_invite":
            continue
        expected = REDIRECTS.get(endpoint, EXPECTED[access][column])
        response = client.get(build(rule, world))
        if response.status_code != expected:
            wrong.append((rule.rule, response.status_code, expected))
        if access in (MODERATOR, ADMIN) and who == "anonymous":
            assert response.headers["Location"].startswith("/login")
    assert wrong == [], f"(route, got, expected) for {who}: {wrong}"


def test_anonymous_json_clients_get_401(app, world):
    client = app.test_client()
    response = client.get("/moderation/", headers={"Accept": "application/json"})
    assert response.status_code == 401
    assert response.is_json


def test_private_links_need_the_right_token(app, world):
    client = app.test_client()
    for endpoint in ("surveys.status", "surveys.status_edit", "surveys.status_revise"):
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        assert client.get(build(rule, {**world, "token": "not-the-token"})).status_code == 404
    for endpoint in ("invitations.invitation", "invitations.survey", "invitations.opt_out"):
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        forged = {**world, "invite_token": "not-the-token"}
        assert client.get(build(rule, forged)).status_code == 404
    for endpoint in ("partners.reply", "partners.correct"):
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        forged = {**world, "partner_token": "not-the-token"}
        assert client.get(build(rule, forged)).status_code == 404
