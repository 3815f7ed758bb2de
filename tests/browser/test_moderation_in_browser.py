"""A moderator made on the command line works through the queue in a real browser."""

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Organization, OrgKind, OutboxMessage
from tests import factories
from tests.conftest import SurveyClient

pytestmark = pytest.mark.browser
PASSWORD = "a long moderator passphrase"


@pytest.fixture
def moderator_from_cli(runner, monkeypatch):
    monkeypatch.setenv("CONSTELLATION_PASSWORD", PASSWORD)
    result = runner.invoke(args=["users", "create", "mod@example.org", "--role", "moderator"])
    assert result.exit_code == 0, result.output


def sign_in(page, email: str = "mod@example.org") -> None:
    """Sign in through the real form as `email` (created with PASSWORD); land on the queue."""
    page.goto(f"{page.base_url}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/moderation/")


def send_survey(app, org_name: str, partner: str) -> str:
    """Send a partnership survey as a submitter would; return its status path."""
    response = SurveyClient(app.test_client()).partnership(
        org_name=org_name, **{"partners-0-name": partner}
    )
    return response.headers["Location"]


def review(page, org_name: str) -> None:
    """Open a submission from the queue by its organization's name."""
    page.goto(f"{page.base_url}/moderation/")
    page.get_by_role("link", name=org_name).click()
    page.wait_for_url("**/moderation/submissions/*")


def test_a_moderator_works_through_the_queue(app, page, open_wave, moderator_from_cli):
    caltrans = factories.make_org("Caltrans", OrgKind.GOVERNMENT)
    approve_me = send_survey(app, "Code for Approval", "Approval Library")
    reject_me = send_survey(app, "Code for Rejection", "Rejection Partner")
    change_me = send_survey(app, "Code for Changes", "Changes Partner")
    merge_me = send_survey(app, "Code for Merging", "Caltrans District 3")
    sign_in(page)
    for org in ("Code for Approval", "Code for Rejection", "Code for Changes"):
        assert page.get_by_role("link", name=org).count() == 1

    review(page, "Code for Approval")
    page.get_by_role("button", name="Approve and publish").click()
    assert "approved" in page.locator(".flash").inner_text()

    review(page, "Code for Rejection")
    page.get_by_label("Give the reason (moderators only see it).").fill("Not a civic tech group")
    page.get_by_role("button", name="Reject", exact=True).click()
    assert "rejected" in page.locator(".flash").inner_text()

    review(page, "Code for Changes")
    page.get_by_label("Tell the submitter what to change.").fill("Please name your city")
    page.get_by_role("button", name="Ask for changes", exact=True).click()

    review(page, "Code for Merging")
    page.get_by_role("button", name="Use “Caltrans” instead").click()
    assert "merged into" in page.locator(".flash").inner_text()
    merged = db.session.scalar(sa.select(Organization).filter_by(name="Caltrans District 3"))
    assert merged is None and caltrans.id

    statuses = {}
    for path in (approve_me, reject_me, change_me, merge_me):
        page.goto(page.base_url + path)
        statuses[path] = page.locator(".status").first.inner_text()
    assert statuses[approve_me] == "Approved and published"
    assert statuses[reject_me] == "Not published"
    assert statuses[change_me] == "Changes requested"
    page.goto(page.base_url + change_me)
    assert "Please name your city" in page.content()

    sign_in(page)
    page.goto(f"{page.base_url}/moderation/log")
    log = page.locator("table.log").inner_text()
    for action in ("submission.approve", "submission.reject", "submission.request_changes",
                   "organization.merge", "user.create", "user.login"):  # fmt: skip
        assert action in log
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert "organization.merge" in actions


def send_answers(app, contact: str, partners: list[str]) -> str:
    """Send Code for NoVA's partnership survey naming `partners`; return its status path."""
    data = {"org_name": "Code for NoVA", "org_state": "VA", "contact_email": contact}
    for index, name in enumerate(partners):
        data |= {f"partners-{index}-name": name, f"partners-{index}-kind": "nonprofit",
                 f"partners-{index}-status": "active"}  # fmt: skip
    return SurveyClient(app.test_client()).partnership(**data).headers["Location"]


def test_replacing_published_answers_is_the_moderators_informed_choice(
    app, page, open_wave, moderator_from_cli
):
    four = ["Arlington County", "Fairfax Library", "George Mason University", "NoVA Food Bank"]
    first = send_answers(app, "first@example.org", four)
    sign_in(page)
    review(page, "Code for NoVA")
    page.get_by_role("button", name="Approve and publish").click()
    assert "approved" in page.locator(".flash").inner_text()
    send_answers(app, "second@example.org", ["Fairfax Library"])

    # The queue row warns before anyone opens the submission.
    page.goto(f"{page.base_url}/moderation/")
    assert "would replace the published answers of #" in page.locator("table.queue").inner_text()
    # Bulk approve leaves it out and names it.
    page.locator("table.queue input[type=checkbox]").first.check()
    page.get_by_role("button", name="Apply").click()
    assert "Left out #" in page.locator(".flash-error").inner_text()

    review(page, "Code for NoVA")
    table = page.locator("table.replacing-table")
    for name in ("Arlington County", "George Mason University", "NoVA Food Bank"):
        row = table.get_by_role("row").filter(has_text=name)
        assert "No longer published" in row.inner_text()
    assert (
        "Published (both name it)"
        in table.get_by_role("row").filter(has_text="Fairfax Library").inner_text()
    )

    page.get_by_role("button", name="Approve and replace").click()
    assert "approved" in page.locator(".flash").inner_text()
    page.goto(page.base_url + first)
    assert page.locator(".status").first.inner_text() == "Replaced by newer answers"
    told = db.session.scalars(
        sa.select(OutboxMessage.subject).where(
            OutboxMessage.to_address.in_(["first@example.org", "second@example.org"])
        )  # fmt: skip
    ).all()
    assert "Your answers for Code for NoVA were replaced by newer answers" in told
    assert "Your answers for Code for NoVA are published" in told
