"""A moderator clears a queue on a phone with "Approve and go to next" alone."""

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Submission, SubmissionStatus
from app.notifications.outbox import queue_message
from tests import factories
from tests.browser.test_moderation_in_browser import (
    moderator_from_cli,  # noqa: F401 (a fixture)
    sign_in,
)

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    """A page at a phone's width that fails the test on any script error."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.base_url = live_server
    yield page
    context.close()
    assert errors == []


def page_scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def test_a_moderator_clears_a_queue_of_ten_on_a_phone(app, phone, open_wave, moderator_from_cli):  # noqa: F811
    partner = factories.make_org(
        "Queue Partner Library With A Long Name", factories.OrgKind.NONPROFIT
    )
    for number in range(10):
        brigade = factories.make_org(f"Code for Queue Town Number {number:02d}")
        factories.make_partnership(open_wave, brigade, partner, status=SubmissionStatus.PENDING)
    page = phone
    sign_in(page)
    assert not page_scrolls_sideways(page), "the queue makes the page scroll sideways at 390 px"
    box = page.locator(".table-scroll:has(table.queue)")
    assert box.evaluate(
        "e => e.scrollWidth <= e.clientWidth || getComputedStyle(e).overflowX == 'auto'"
    )

    page.get_by_role("link", name="Code for Queue Town Number 00").click()
    seen = []
    for _ in range(10):
        page.wait_for_url("**/moderation/submissions/*")
        seen.append(page.locator("h1 .subtitle").inner_text().split(" · ")[0])
        assert not page_scrolls_sideways(page)
        page.get_by_role("button", name="Approve and go to next").click()
        page.wait_for_load_state()
    page.wait_for_url("**/moderation/?*")
    assert (
        "The queue is empty: nothing more matches it." in page.locator(".flash").all_inner_texts()
    )
    assert seen == [f"Code for Queue Town Number {n:02d}" for n in range(10)]
    db.session.expire_all()
    statuses = set(db.session.scalars(sa.select(Submission.status)))
    assert statuses == {SubmissionStatus.APPROVED}

    queue_message("test", "someone-with-a-long-address@example.org", "A long subject " * 4, "Hi")
    db.session.commit()
    for path in ("/moderation/log", "/moderation/outbox/"):
        page.goto(page.base_url + path)
        assert not page_scrolls_sideways(page), f"{path} makes the page scroll sideways at 390 px"
        box = page.locator(".table-scroll").first
        assert box.evaluate("e => getComputedStyle(e).overflowX") == "auto"


def test_the_shortcut_a_approves_and_goes_to_next_but_not_while_typing(
    app,
    page,
    open_wave,
    moderator_from_cli,  # noqa: F811
):
    partner = factories.make_org("Shortcut Partner", factories.OrgKind.NONPROFIT)
    made = [
        factories.make_partnership(
            open_wave, factories.make_org(f"Code for Keys {n}"), partner,
            status=SubmissionStatus.PENDING,
        )
        for n in range(2)
    ]  # fmt: skip
    sign_in(page)
    page.goto(f"{page.base_url}/moderation/submissions/{made[0].id}")
    assert page.locator("#review-shortcuts").is_visible()
    page.get_by_label("Note for the log (optional)").press("a")  # typing: nothing happens
    assert page.url.endswith(f"/submissions/{made[0].id}")
    page.locator("h1").click()
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.id") == "note-reject"
    page.locator("h1").click()
    page.keyboard.press("a")
    page.wait_for_url(f"**/submissions/{made[1].id}?*")
    db.session.expire_all()
    assert db.session.get(Submission, made[0].id).status is SubmissionStatus.APPROVED


@pytest.mark.parametrize("width", [390, 1280])
def test_the_queue_review_and_log_pages_have_no_serious_accessibility_violations(
    app,
    browser,
    live_server,
    open_wave,
    moderator_from_cli,  # noqa: F811
    width,
):
    from tests.browser.test_accessibility import AXE, BLOCKING, describe

    if not AXE.exists():
        pytest.skip(f"axe-core not installed at {AXE} (run `make install`)")
    partner = factories.make_org("Axe Partner", factories.OrgKind.NONPROFIT)
    item = factories.make_partnership(
        open_wave, factories.make_org("Code for Axe"), partner, status=SubmissionStatus.PENDING
    )
    context = browser.new_context(viewport={"width": width, "height": 844})
    try:
        page = context.new_page()
        page.add_init_script(path=str(AXE))
        page.base_url = live_server
        sign_in(page, "mod@example.org")
        for path in ("/moderation/", f"/moderation/submissions/{item.id}", "/moderation/log"):
            assert page.goto(live_server + path).status == 200
            results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            blocking = [describe(v) for v in results["violations"] if v["impact"] in BLOCKING]
            assert blocking == [], f"{path}: serious or critical accessibility problems"
    finally:
        context.close()
