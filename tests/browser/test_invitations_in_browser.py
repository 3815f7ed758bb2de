"""An admin invites last wave's respondents, one answers from the personal link, the other
is reminded: all through the pages, in headless Chromium, the mail read from a real SMTP
server (the outbox page names private links but never gives them)."""

import re

import pytest

from tests import factories
from tests.test_wave_invitations import waves  # noqa: F401 (the fixture)

pytestmark = pytest.mark.browser


def test_invite_answer_and_remind(app, page, browser, waves, mailed):  # noqa: F811
    factories.make_user("admin@example.org", factories.Role.ADMIN)
    base = page.base_url
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill("admin@example.org")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    # Invite last wave's respondents: they are chosen already.
    page.goto(f"{base}/admin/waves/current")
    page.get_by_role("link", name="Invite organizations").click()
    assert page.get_by_label(re.compile("^Code for Alpha")).is_checked()
    assert page.get_by_label(re.compile("^Code for Beta")).is_checked()
    assert not page.get_by_label(re.compile("^Code for Gamma")).is_checked()
    page.get_by_role("button", name="Send the invitations").click()
    page.wait_for_url(f"{base}/admin/waves/current")
    assert "2 invitations are in the outbox." in page.content()
    assert "2 invited: 2 mailed, 0 opened, 0 answered, 0 opted out." in page.content()

    # The outbox names the personal link without giving it; Code for Alpha's mail has it.
    page.goto(f"{base}/moderation/outbox/")
    subjects = page.get_by_role("link", name=re.compile("is invited to answer"))
    assert subjects.count() == 2
    page.get_by_role("link", name="Code for Alpha is invited to answer Wave current").click()
    kept = page.locator("pre.message-body").inner_text()
    assert "[private link, sent only to the recipient]" in kept and "/invitations/" not in kept
    inbox = mailed[1]
    [alpha] = [m for to, m in inbox.received if to == ["alpha@example.org"]]
    body = alpha.get_content()
    link = re.search(r"http://\S+/invitations/[A-Za-z0-9_-]+(?=\s)", body).group(0)

    # The invitee opens it: the survey comes with the organization and its answers filled in.
    invitee = browser.new_context().new_page()
    invitee.goto(link)
    invitee.get_by_role("button", name="Start the survey").click()
    invitee.wait_for_url(f"{link}/survey")
    assert invitee.locator("#org_name").input_value() == "Code for Alpha"
    assert invitee.locator("#partners-0-name").input_value() == "Alpha Library"
    assert invitee.locator("#contact_email").input_value() == "alpha@example.org"
    assert invitee.locator("#contact_name").input_value() == ""
    invitee.locator("#contact_name").fill("Alex Alpha")
    invitee.get_by_role("button", name="Send answers").click()
    invitee.wait_for_url(re.compile(r".*/status/.*"))
    assert "your answers were received" in invitee.content()
    invitee.context.close()

    # Reminders go to the one who has not answered.
    page.goto(f"{base}/admin/waves/current")
    assert "2 invited: 2 mailed, 1 opened, 1 answered, 0 opted out." in page.content()
    assert "1 of the 2 organizations invited" in page.content()
    page.get_by_role("button", name="Send reminders").click()
    page.wait_for_url(f"{base}/admin/waves/current")
    assert "1 reminder is in the outbox." in page.content()
    page.goto(f"{base}/moderation/outbox/")
    reminders = page.locator("tr", has_text="Reminder:")
    assert reminders.count() == 1
    assert "beta@example.org" in reminders.inner_text()
