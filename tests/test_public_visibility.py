"""Nothing unapproved and no contact detail reaches any public page.

Every public route the app registers is requested (walking the URL map, so a
new route cannot escape), and none may show a marker from a submission that is
not approved, nor any submitter's email.
"""

import pytest

from app.extensions import db
from app.models import SubmissionStatus
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


def public_urls(app) -> list[str]:
    """Return every public GET route that takes no argument (static files hold no answers)."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        if access_of(rule.endpoint) in (PUBLIC, SIGN_IN):
            assert not rule.arguments, f"give {rule.rule} real arguments in this test"
            urls.append(rule.rule)
    return urls


def test_no_hidden_answer_or_contact_reaches_a_public_page(app, client, seeded):
    urls = public_urls(app)
    assert "/" in urls and "/surveys/partnership" in urls
    shown = ""
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.get_data(as_text=True)
        shown += page
        leaks = [secret for secret in seeded if secret in page]
        assert leaks == [], f"{url} shows {leaks}"
    # The walk does see approved answers, so it would see leaked ones too.
    assert "Partner SHOWNAPPROVEDMARK" in shown
