"""Nothing unapproved and no contact detail reaches any public page.

Every public route the app registers is requested (walking the URL map, so a
new route cannot escape), and none may show a marker from a submission that is
not approved, nor any submitter's email.
"""

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Organization, PartnershipAnswer, Submission, SubmissionStatus
from tests.helpers import newest_submission
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
            "partners-0-priorities": f"Priorities {marker}",
            "partners-0-how_built": f"Built {marker}",
            "interests-0": f"Interest {marker}",
            "interest_note": f"Note {marker}",
        },
    )
    assert response.status_code == 303


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
        secrets += [marker, f"{status.value}@hidden.example"]
    send(surveys, "SHOWNAPPROVEDMARK", "approved-contact@hidden.example")
    approved = newest_submission()
    approved.status = SubmissionStatus.APPROVED
    for org in (approved.organization, approved.partnerships[0].partner):
        org.status = org.status.APPROVED
    db.session.commit()
    secrets += ["approved-contact@hidden.example", "Contact SHOWNAPPROVEDMARK"]
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
