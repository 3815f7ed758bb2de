"""The partnership survey in a real browser: adding partners in place, sending, escaping."""

import pytest

from tests import factories
from tests.helpers import newest_submission

pytestmark = pytest.mark.browser


def partner_names(page) -> list[str]:
    return page.eval_on_selector_all(
        '[data-repeat="partners"] input[name$="-name"]', "els => els.map(e => e.name)"
    )


def test_add_and_remove_partners_in_place(page, open_wave):
    page.goto(f"{page.base_url}/surveys/partnership")
    remove_buttons = page.locator("[data-repeat-remove]")
    assert not remove_buttons.first.is_visible()  # one partner: nothing to remove
    requests = []
    page.on("request", lambda request: requests.append(request.method))
    page.get_by_role("button", name="Add another partner").click()
    page.get_by_role("button", name="Add another partner").click()
    assert partner_names(page) == ["partners-0-name", "partners-1-name", "partners-2-name"]
    assert page.locator("[data-repeat-number]").all_inner_texts() == ["1", "2", "3"]
    assert page.locator("#partners-2-name").evaluate("el => el === document.activeElement")
    assert page.locator("#partners-2-name").input_value() == ""
    page.locator("#partners-1-name").fill("Second partner")
    page.locator("[data-repeat-item]:has(#partners-0-name) [data-repeat-remove]").click()
    assert partner_names(page) == ["partners-1-name", "partners-2-name"]
    assert page.locator("[data-repeat-number]").all_inner_texts() == ["1", "2"]
    page.locator("[data-repeat-item]:has(#partners-1-name) [data-repeat-remove]").click()
    assert partner_names(page) == ["partners-2-name"]
    assert not remove_buttons.first.is_visible()
    assert "POST" not in requests


def test_a_full_submission_from_the_browser(page, open_wave):
    factories.make_org("Caltrans", factories.OrgKind.GOVERNMENT)
    page.goto(f"{page.base_url}/surveys/partnership")
    page.get_by_label("Organization name").fill("Code for Browserville")
    page.get_by_label("Kind of organization").select_option("brigade")
    page.get_by_label("City", exact=True).fill("Browserville")
    # Marked before sending: needed for an organization the site does not know yet.
    page.get_by_label("State (required for an organization we don't know yet)").select_option("OH")
    page.get_by_label("Your name").fill("Pat Volunteer")
    page.get_by_label("Your email").fill("pat@example.org")
    page.locator("#partners-0-name").fill("Caltrans")
    page.locator("#partners-0-priorities").fill("Open data on the state portal")
    page.get_by_role("button", name="Add another partner").click()
    page.locator("#partners-1-name").fill("<img src=x onerror=alert(1)>")
    page.locator("#partners-1-kind").select_option("nonprofit")
    page.locator("#partners-1-status-2").check()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Send answers").click()
    page.wait_for_url("**/status/**")
    assert "your answers were received" in page.content()
    assert page.get_by_text("<img src=x onerror=alert(1)>").count() == 1
    assert dialogs == []
    submission = newest_submission()
    assert [p.partner.name for p in submission.partnerships] == [
        "Caltrans",
        "<img src=x onerror=alert(1)>",
    ]
    assert submission.partnerships[1].status.value == "prospective"


def test_enter_in_a_text_box_sends_the_form(page, open_wave):
    page.goto(f"{page.base_url}/surveys/partnership")
    page.get_by_label("Organization name").fill("Code for Entertown")
    page.get_by_label("Organization name").press("Enter")
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    assert page.locator('[data-repeat="partners"] [data-repeat-item]').count() == 1


def test_names_are_suggested_as_one_types(page, open_wave):
    old = factories.make_wave(slug="2022", status=factories.WaveStatus.CLOSED)
    factories.make_partnership(
        old, factories.make_org("Code for Sacramento"),
        factories.make_org("Caltrans", factories.OrgKind.GOVERNMENT),
    )  # fmt: skip
    page.goto(f"{page.base_url}/surveys/partnership")
    options = page.locator("#learning-options option")
    assert options.count() == 0  # the page carries no names
    page.locator("#interests-0").press_sequentially("code for sac")
    options.first.wait_for(state="attached")
    assert page.eval_on_selector_all(
        "#learning-options option", "els => els.map(e => e.value)"
    ) == ["Code for Sacramento — Caltrans", "Code for Sacramento"]
    page.locator("#partners-0-name").press_sequentially("calt")
    page.locator("#known-organizations option").first.wait_for(state="attached")
    assert page.locator("#known-organizations option").first.get_attribute("value") == "Caltrans"
