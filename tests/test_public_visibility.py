"""Nothing unapproved and no contact detail reaches any public page.

Every public route the app registers is requested (walking the URL map, so a
new route cannot escape), and none may show a marker from a submission that is
not approved, nor any submitter's email.
"""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Organization,
    PartnerReply,
    PartnershipAnswer,
    ReplyState,
    Submission,
    SubmissionStatus,
)
from app.models.types import utcnow
from tests.conftest import AuthActions
from tests.helpers import newest_submission
from tests.moderation_helpers import csrf_from, decide, fresh
from tests.routes import PUBLIC, SIGN_IN, access_of

HIDDEN_STATUSES = [
    SubmissionStatus.PENDING,
    SubmissionStatus.REJECTED,
    SubmissionStatus.CHANGES_REQUESTED,
    SubmissionStatus.UNPUBLISHED,
    SubmissionStatus.SUPERSEDED,
]


def send(surveys, marker: str, email: str) -> None:
    """Send a partnership survey whose every text carries `marker`."""
    response = surveys.partnership(
        org_name=f"Org {marker}",
        contact_name=f"Contact {marker}",
        contact_email=email,
        **{
            "partners-0-name": f"Partner {marker}",
            "partners-0-email": partner_email(marker),
            "partners-0-priorities": f"Priorities {marker}",
            "partners-0-how_built": f"Built {marker}",
            "interests-0": f"Interest {marker}",
            "interest_note": f"Note {marker}",
        },
    )
    assert response.status_code == 303


def partner_email(marker: str) -> str:
    """Return the private partner contact the survey carrying `marker` gives (kept lower case)."""
    return f"partner-{marker.lower()}@hidden.example"


@pytest.fixture
def seeded(surveys, open_wave):
    """Store one submission per hidden status, and one approved; return the secrets."""
    secrets = []
    for status in HIDDEN_STATUSES:
        marker = f"HIDDEN{status.value.upper()}MARK"
        send(surveys, marker, f"{status.value}@hidden.example")
        submission = newest_submission()
        submission.status = status
        db.session.commit()
        secrets += [marker, f"{status.value}@hidden.example", partner_email(marker)]
    send(surveys, "SHOWNAPPROVEDMARK", "approved-contact@hidden.example")
    approved = newest_submission()
    approved.status = SubmissionStatus.APPROVED
    for org in (approved.organization, approved.partnerships[0].partner):
        org.status = org.status.APPROVED
    # The partner was asked and confirmed: its reply holds the address too.
    reply = PartnerReply(
        reporter=approved.organization, partner=approved.partnerships[0].partner,
        state=ReplyState.CONFIRMED, email=approved.partnerships[0].partner_email,
        wave=approved.wave, expires_at=utcnow() + timedelta(days=1),
    )  # fmt: skip
    reply.issue_token()
    db.session.add(reply)
    db.session.commit()
    assert approved.partnerships[0].partner_email == partner_email("SHOWNAPPROVEDMARK")
    secrets += ["approved-contact@hidden.example", "Contact SHOWNAPPROVEDMARK"]
    secrets += [partner_email("SHOWNAPPROVEDMARK"), reply.token]
    return secrets


def public_urls(app, arguments: dict[str, list[str]]) -> list[str]:
    """Return every public GET route, once per given value of its argument (not static files)."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in ("static", "main.choose_language"):
            continue  # files of the site's own, and the language switch (a redirect)
        if access_of(rule.endpoint) in (PUBLIC, SIGN_IN):
            assert set(rule.arguments) <= set(arguments), f"give {rule.rule} real arguments here"
            if not rule.arguments:
                urls.append(rule.rule)
            for name in rule.arguments:  # routes here take at most one argument
                urls += [rule.rule.replace(f"<{name}>", value) for value in arguments[name]]
    return urls


def test_no_hidden_answer_or_contact_reaches_a_public_page(app, client, seeded):
    # The organization pages of the approved submission's two ends.
    slugs = db.session.scalars(
        sa.select(Organization.slug).where(Organization.name.like("%SHOWN%"))
    )
    edges = db.session.scalars(
        sa.select(PartnershipAnswer.id)
        .join(Submission)
        .where(Submission.status == SubmissionStatus.APPROVED)
    )
    urls = public_urls(
        app,
        {"slug": list(slugs), "edge_id": [f"p{i}" for i in edges], "wave_slug": ["current"]},
    )
    assert "/" in urls and "/surveys/partnership" in urls
    assert "/orgs/org-shownapprovedmark" in urls
    shown = ""
    for url in urls:
        for language in ("en", "es"):  # every page in every language the site speaks
            response = client.get(url, headers={"Accept-Language": language})
            assert response.status_code == 200, url
            page = response.get_data(as_text=True)
            assert f'<html lang="{language}"' in page or not response.mimetype.endswith("html")
            shown += page
            leaks = [secret for secret in seeded if secret in page]
            assert leaks == [], f"{url} ({language}) shows {leaks}"
    # The walk does see approved answers, so it would see leaked ones too.
    assert "Partner SHOWNAPPROVEDMARK" in shown


# Private answers (issue 14): what a submitter or a moderator keeps for moderators only.
PRIVATE_SECRETS = ["XPRIVPARTNERX", "XPRIVWORDSX", "XMODPARTNERX", "XMODWORDSX", "@contact.example"]
ALLY = {"kind": "nonprofit", "status": "active"}
SUGGESTED = ("organizations", "brigades", "partnerships")


def send_partners(surveys, name: str, *partners: dict) -> None:
    """Send a partnership survey from `name` naming `partners` (each its form fields)."""
    fields = {"partners-0-priorities": "", "partners-0-how_built": ""}
    for index, partner in enumerate(partners):
        fields |= {f"partners-{index}-{key}": value for key, value in partner.items()}
    assert surveys.partnership(org_name=name, **fields).status_code == 303


@pytest.fixture
def private_answers(app, surveys, open_wave, moderator):
    """Approve, through the review pages, answers with private partners and private words.

    Returns the moderator's own client, signed in.
    """
    send_partners(
        surveys,
        "Org SHOWNPRIVA",
        {"name": "Partner XPRIVPARTNERX", "private": "y", "how_built": "Built XPRIVWORDSX",
         "email": "hidden@contact.example"},
        {"name": "Ally SHOWNPRIVA", "email": "ally@contact.example", **ALLY},
    )  # fmt: skip
    send_partners(
        surveys,
        "Org SHOWNPRIVB",
        {"name": "Partner SHOWNPRIVB", "priorities": "Priorities XPRIVWORDSX",
         "how_built": "Built XPRIVWORDSX", "text_private": "y"},
    )  # fmt: skip
    send_partners(
        surveys,
        "Org SHOWNPRIVC",
        {"name": "Partner XMODPARTNERX"},
        {"name": "Ally SHOWNPRIVC", "priorities": "Priorities XMODWORDSX",
         "how_built": "Built XMODWORDSX", **ALLY},
    )  # fmt: skip
    staff = app.test_client()
    AuthActions(staff).login()
    marked = newest_submission()  # a moderator marks the third one's partner, and words
    for answer, field in zip(marked.partnerships, ("private", "text_private"), strict=True):
        url = f"/moderation/submissions/{marked.id}"
        data = {"csrf_token": csrf_from(staff, url), "answer": answer.id, field: "y"}
        data |= {"version": fresh(marked.id).version, "reason": "A privacy complaint"}
        assert staff.post(f"{url}/marks", data=data).status_code == 303
    for submission_id in db.session.scalars(sa.select(Submission.id)).all():
        response = decide(staff, submission_id, "approve", fresh(submission_id).version)
        assert response.status_code == 303
    return staff


def test_no_private_answer_or_partner_contact_reaches_a_public_page(app, client, private_answers):
    slugs = list(db.session.scalars(sa.select(Organization.slug)))
    edges = [f"p{i}" for i in db.session.scalars(sa.select(PartnershipAnswer.id))]
    urls = public_urls(app, {"slug": slugs, "edge_id": edges, "wave_slug": ["current"]})
    # Suggestions and searches, asked for the hidden names themselves.
    for typed in ("partner", "org", "xprivpartnerx", "xmodpartnerx"):
        urls += [f"/api/suggest?q={typed}&for={kind}" for kind in SUGGESTED]
        urls += [f"/orgs/?q={typed}", f"/map/table?q={typed}"]
    shown, leaks = "", []
    for url in urls:
        for language in ("en", "es"):
            response = client.get(url, headers={"Accept-Language": language})
            assert response.status_code in (200, 404), url  # a private partner's page is gone
            page = response.get_data(as_text=True)
            shown += page if response.status_code == 200 else ""
            found = [secret for secret in PRIVATE_SECRETS if secret in page]
            leaks += [f"{url} ({language}) shows {found}"] if found else []
    assert leaks == [], "\n".join(leaks)
    # The walk sees the public rest of the same answers, so it would see leaked ones too.
    assert "Ally SHOWNPRIVA" in shown and "Partner SHOWNPRIVB" in shown
    # Moderators still see everything, with the marks and the moderator's reason.
    staff_pages = "".join(
        private_answers.get(f"/moderation/submissions/{submission_id}").get_data(as_text=True)
        for submission_id in db.session.scalars(sa.select(Submission.id))
    )
    for secret in [*PRIVATE_SECRETS, "Moderators only: partner", "Moderators only: words"]:
        assert secret in staff_pages
    assert "A privacy complaint" in staff_pages
