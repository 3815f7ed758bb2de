"""The admin's wave page, with its response-rate charts, at phone and desktop widths: axe."""

from datetime import date

import pytest

from tests.browser.test_moderation_in_browser import PASSWORD, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def admin_from_cli(runner, monkeypatch):
    monkeypatch.setenv("CONSTELLATION_PASSWORD", PASSWORD)
    result = runner.invoke(args=["users", "create", "admin@example.org", "--role", "admin"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("width", [390, 1280])
def test_the_wave_pages_have_no_serious_accessibility_violations(
    browser, live_server, runner, admin_from_cli, width
):
    from tests.browser.test_accessibility import AXE, BLOCKING, describe

    if not AXE.exists():
        pytest.skip(f"axe-core not installed at {AXE} (run `make install`)")
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    current = f"{date.today().year}-network-survey"  # the wave the demo opens
    context = browser.new_context(viewport={"width": width, "height": 844})
    try:
        page = context.new_page()
        page.add_init_script(path=str(AXE))
        page.base_url = live_server
        sign_in(page, "admin@example.org")
        for path in ("/admin/waves", f"/admin/waves/{current}", f"/admin/waves/{current}/invite"):
            assert page.goto(live_server + path).status == 200, path
            results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            blocking = [describe(v) for v in results["violations"] if v["impact"] in BLOCKING]
            assert blocking == [], f"{path}: serious or critical accessibility problems"
            # Wide tables and the site's links scroll in their own box, never the page.
            width_now = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
            assert width_now[0] <= width_now[1], f"{path} scrolls sideways: {width_now}"
    finally:
        context.close()
