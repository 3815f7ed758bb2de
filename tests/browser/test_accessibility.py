"""axe-core, run in headless Chromium over the public pages: no serious or critical violation.

axe-core comes from npm (a devDependency, installed by `make install`). The pages forbid
inline scripts (Content-Security-Policy), so axe is given to the browser as an init script,
which the browser runs outside the page's policy, rather than as a <script> tag.
"""

from datetime import date
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    "/",
    "/surveys/partnership",
    "/surveys/involvement",
    "/status/lost",
    "/map",
    "/map?org=code-for-sacramento",  # with the side panel open
    "/map?embed=1",
    "/map?since=2022-partner-constellation",  # the changes mode, its legend and summary
    "/map?color=community&size=betweenness",  # coloured by group, with its legend
    "/map?color=state",
    "/map?layout=geography",  # the states' outlines under the organizations
    "/map/table",
    "/map/table?since=2022-partner-constellation",
    "/orgs/code-for-sacramento",
    "/waves/2022-partner-constellation/insights",
    # The reports, each with its charts and their tables.
    "/waves/",
    "/waves/2022-partner-constellation",
    "/waves/2014-nnip-civic-tech",
    f"/waves/{date.today().year}-network-survey",  # this year's wave, 2014 beside it
    "/waves/compare",  # the two latest waves of a survey
]
BLOCKING = ("serious", "critical")


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output


def describe(violation: dict) -> str:
    """Return one violation as a few readable lines."""
    targets = [" ".join(node["target"]) for node in violation["nodes"][:5]]
    return (
        f"[{violation['impact']}] {violation['id']}: {violation['help']} "
        f"({len(violation['nodes'])} element(s): {', '.join(targets)})"
    )


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(page, demo, path):
    if not AXE.exists():
        pytest.skip(f"axe-core not installed at {AXE} (run `make install`)")
    page.add_init_script(path=str(AXE))
    response = page.goto(f"{page.base_url}{path}")
    assert response.status == 200, f"{path} answered {response.status}: nothing to check"
    if path.startswith("/map?") or path == "/map":
        page.wait_for_selector("#map-app[data-loaded]")
    if "org=" in path:
        page.locator("#map-panel-body h3").first.wait_for()
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert results["passes"], "axe checked nothing"
    violations = results["violations"]
    for violation in violations:
        print(path, describe(violation))
    blocking = [describe(v) for v in violations if v["impact"] in BLOCKING]
    assert blocking == [], f"{path}: serious or critical accessibility problems"


@pytest.mark.parametrize("path", ["/surveys/partnership", "/surveys/involvement", "/status/lost"])
def test_the_spanish_forms_have_no_serious_accessibility_violations(
    browser, live_server, demo, path
):
    if not AXE.exists():
        pytest.skip(f"axe-core not installed at {AXE} (run `make install`)")
    context = browser.new_context(locale="es")
    try:
        page = context.new_page()
        page.add_init_script(path=str(AXE))
        response = page.goto(f"{live_server}{path}")
        assert response.status == 200
        assert page.locator("html").get_attribute("lang") == "es"
        results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    finally:
        context.close()
    assert results["passes"], "axe checked nothing"
    blocking = [describe(v) for v in results["violations"] if v["impact"] in BLOCKING]
    assert blocking == [], f"{path} in Spanish: serious or critical accessibility problems"
