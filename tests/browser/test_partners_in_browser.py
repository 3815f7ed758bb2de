"""Partners have a say, through the real pages: a brigade names three partners with contacts,
a moderator approves and finds their mails in the outbox (each link named, never given) while
each partner gets its link by mail from a real SMTP server; one declines, one confirms and one
corrects what it cares about."""

import re

import pytest

from tests import factories

pytestmark = pytest.mark.browser

BRIGADE = "Code for Partnerville"
PARTNERS = [  # name, kind, contact
    ("Partnerville Library", "government", "library@partnerville.example"),
    ("Partnerville Food Bank", "nonprofit", "food@partnerville.example"),
    ("Partnerville University", "university", "dean@partnerville.example"),
]
OWN_WORDS = "Open research data for every neighbourhood"
DOWNLOADS = [
    "/downloads/partnerships.csv",
    "/downloads/organizations.csv",
    "/downloads/graph.json",
    "/downloads/graph.graphml",
    "/downloads/waves/current/partnership.csv",
]


def send_survey(page) -> None:
    """Fill in and send the partnership survey as the brigade, naming PARTNERS."""
    page.goto(f"{page.base_url}/surveys/partnership")
    page.get_by_label("Organization name").fill(BRIGADE)
    page.get_by_label("Kind of organization").select_option("brigade")
    page.get_by_label("City", exact=True).fill("Partnerville")
    page.get_by_label("State (required for an organization we don't know yet)").select_option("OH")
    page.get_by_label("Your name").fill("Pat Volunteer")
    page.get_by_label("Your email").fill("pat@partnerville.example")
    for index, (name, kind, email) in enumerate(PARTNERS):
        if index:
            page.get_by_role("button", name="Add another partner").click()
        page.locator(f"#partners-{index}-name").fill(name)
        page.locator(f"#partners-{index}-kind").select_option(kind)
        page.locator(f"#partners-{index}-email").fill(email)
        page.locator(f"#partners-{index}-priorities").fill(f"Working with {name}")
    page.get_by_role("button", name="Send answers").click()
    page.wait_for_url("**/status/**")


def sign_in(page) -> None:
    """Sign in as the moderator through the real form."""
    page.goto(f"{page.base_url}/login")
    page.get_by_label("Email").fill("moderator@example.org")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/moderation/")


def approve(page, queue_name: str) -> None:
    """Open the submission named `queue_name` from the queue and approve it."""
    page.goto(f"{page.base_url}/moderation/")
    page.get_by_role("link", name=queue_name).click()
    page.wait_for_url("**/moderation/submissions/*")
    page.get_by_role("button", name="Approve and publish").click()
    assert "approved" in page.locator(".flash").inner_text()


def links_from_mail(page, inbox) -> dict[str, str]:
    """Read each partner's mail on the outbox page (its link named, not given), then in the
    inbox; return its personal link's path by address."""
    page.goto(f"{page.base_url}/moderation/outbox/")
    links = {}
    for _name, _kind, email in PARTNERS:
        page.goto(f"{page.base_url}/moderation/outbox/")
        page.locator("tr", has_text=email).get_by_role("link").first.click()
        kept = page.locator("pre.message-body").inner_text()
        assert "is never published" in kept
        assert "[private link, sent only to the recipient]" in kept
        assert not re.search(r"/partners/[A-Za-z0-9_\-]{20,}", kept)
        [body] = [m.get_content() for to, m in inbox.received if to == [email]]
        links[email] = re.search(r"/partners/[A-Za-z0-9_\-]{20,}", body).group(0)
    return links


def sign_out(page) -> None:
    """Sign out through the page's own button, as the moderator would."""
    page.get_by_role("button", name="Sign out").click()


def map_labels(page) -> set[str]:
    """Open the map and return the names it draws."""
    page.goto(f"{page.base_url}/map")
    page.wait_for_selector("#map-app[data-loaded]")
    return set(page.evaluate("ConstellationMap.cy.nodes().map(n => n.data('label'))"))


def open_edge_panel(page, partner: str):
    """Open the map and the panel of the brigade's partnership with `partner`; return it."""
    map_labels(page)
    page.evaluate(
        """partner => ConstellationMap.cy.edges()
             .filter(e => e.target().data('label') === partner)[0].emit('tap')""",
        partner,
    )
    panel = page.get_by_role("complementary", name=f"{BRIGADE} and {partner}")
    panel.get_by_text("Where this comes from").wait_for()
    return panel


def confirmed_partners(page) -> list[str]:
    """Return the partners whose edges the map draws as confirmed."""
    return page.evaluate(
        """ConstellationMap.cy.edges().filter(e => e.data('confirmed'))
             .map(e => e.target().data('label'))"""
    )


def test_partners_confirm_decline_and_correct_through_their_links(
    page, open_wave, moderator, mailed
):
    send_survey(page)
    sign_in(page)
    approve(page, BRIGADE)
    links = links_from_mail(page, mailed[1])
    sign_out(page)
    library, food_bank, university = (links[email] for _n, _k, email in PARTNERS)

    # The food bank declines: gone from every public page, the map, the API and the files.
    page.goto(page.base_url + food_bank)
    page.get_by_role("button", name="Decline to be shown").click()
    assert "no longer shown" in page.locator(".flash").inner_text()
    assert "Partnerville Food Bank" not in map_labels(page)
    assert "Partnerville Library" in map_labels(page)
    for path in ["/api/graph", "/map/table", "/orgs/code-for-partnerville", *DOWNLOADS]:
        response = page.request.get(page.base_url + path)
        assert response.status == 200, path
        assert "Partnerville Food Bank" not in response.text(), path
    assert page.request.get(f"{page.base_url}/orgs/partnerville-food-bank").status == 404

    # The library confirms: its edge is marked, and its panel says who reported it and when.
    page.goto(page.base_url + library)
    page.get_by_role("button", name="Confirm").click()
    assert "confirmed" in page.locator(".flash").inner_text()
    panel = open_edge_panel(page, "Partnerville Library")
    assert confirmed_partners(page) == ["Partnerville Library"]
    width = page.evaluate(
        """Object.fromEntries(ConstellationMap.cy.edges()
             .map(e => [e.target().data('label'), e.numericStyle('width')]))"""
    )
    assert width["Partnerville Library"] > width["Partnerville University"]  # drawn thicker
    text = panel.inner_text()
    assert f"{BRIGADE}, in Wave current" in text and "Confirmed by the partner" in text
    assert re.search(r"Approved on\s+\d{1,2} \w{3} \d{4}", text), text

    # The university corrects what it cares about; shown once a moderator approves it.
    page.goto(page.base_url + university)
    page.get_by_role("link", name="Correct").click()
    page.get_by_label("What priorities are most important to your organization?").fill(OWN_WORDS)
    page.get_by_role("button", name="Send my correction").click()
    assert "A moderator reviews it" in page.locator(".flash").inner_text()
    assert OWN_WORDS not in open_edge_panel(page, "Partnerville University").inner_text()
    sign_in(page)
    approve(page, "Partnerville University")
    sign_out(page)
    panel = open_edge_panel(page, "Partnerville University")
    panel.get_by_text(OWN_WORDS).wait_for()
    assert "What matters to the partner, in its own words" in panel.inner_text()
    assert "Confirmed by the partner" in panel.inner_text()
