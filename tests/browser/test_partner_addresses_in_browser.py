"""Each partner's private address reaches that partner only, through the real pages and SMTP.

A brigade names three partners in Chromium, adding rows 2 and 3 with "Add another partner":
each new row starts empty, its contact address too (it was once copied from the row above,
so every later partner's mail went to the first partner's address). A moderator approves;
the SMTP server the site sends to must receive one question per partner, at its own address.
"""

import pytest

from app.extensions import db
from app.themes.catalogue import ensure_seeded_themes
from tests import factories

pytestmark = pytest.mark.browser

BRIGADE = "Code for Addressville"
PARTNERS = [  # name, kind, contact
    ("Addressville Library", "government", "books@addressville.example"),
    ("Addressville Food Bank", "nonprofit", "pantry@addressville.example"),
    ("Addressville University", "university", "dean@addressville.example"),
]
QUESTION = f"{BRIGADE} says it works with you: is that right?"

# What each field of a partner row holds, as the browser would send it.
ROW_FIELDS = """row => Array.from(
  document.querySelectorAll(`[name^="partners-${row}-"]`),
  el => [el.name, el.type, el.type === "checkbox" || el.type === "radio" ? el.checked : el.value]
)"""


@pytest.fixture
def mailed(mail_app):
    """Return (app, inbox), the app sending to a real local SMTP server, with a wave open."""
    app, inbox = mail_app()
    ensure_seeded_themes()  # the themes of question 2, as the migration gave them
    db.session.commit()
    factories.make_wave()
    factories.make_user("moderator@example.org", factories.Role.MODERATOR)
    return app, inbox


def fill_row(page, index: int, name: str, kind: str, email: str) -> None:
    """Answer for one partner, leaving no field of its row as the form gave it."""
    page.locator(f"#partners-{index}-name").fill(name)
    page.locator(f"#partners-{index}-kind").select_option(kind)
    page.locator(f"#partners-{index}-city").fill("Addressville")
    page.locator(f"#partners-{index}-state").select_option("OH")
    page.locator(f"#partners-{index}-status-1").check()  # past
    page.locator(f"#partners-{index}-continuity").select_option("new")
    # Long enough for the "characters left" count to show under it.
    page.locator(f"#partners-{index}-priorities").fill(f"{name}: " + "open data, " * 150)
    assert page.locator(f"#partners-{index}-priorities-room").is_visible()
    page.locator(f"#partners-{index}-themes-0").check()
    page.locator(f"#partners-{index}-how_built").fill(f"How we met {name}")
    page.locator(f"#partners-{index}-email").fill(email)


def assert_row_is_new(page, index: int) -> None:
    """Check that row `index` holds nothing but what a new row starts with."""
    assert page.locator(f"#partners-{index}-email").input_value() == ""
    assert page.locator(f"#partners-{index}-priorities-room").count() == 0  # nothing to count
    held = {}
    for name, kind, value in page.evaluate(ROW_FIELDS, index):
        held.setdefault(name, []).append((kind, value))
    assert held[f"partners-{index}-status"] == [  # the first choice, as on a blank form
        ("radio", True),
        ("radio", False),
        ("radio", False),
    ]
    others = {name: fields for name, fields in held.items() if not name.endswith("-status")}
    assert sorted(others) == sorted(
        f"partners-{index}-{field}"
        for field in (
            "name", "kind", "city", "state", "continuity", "priorities", "themes",
            "how_built", "email", "private", "text_private",
        )
    )  # fmt: skip
    for name, fields in others.items():
        for kind, value in fields:
            assert value is False if kind == "checkbox" else value == "", (name, kind, value)


def send_survey(page) -> None:
    """Fill in and send the partnership survey as the brigade, adding a row per partner."""
    page.goto(f"{page.base_url}/surveys/partnership")
    page.get_by_label("Organization name").fill(BRIGADE)
    page.get_by_label("Kind of organization").select_option("brigade")
    page.get_by_label("City", exact=True).fill("Addressville")
    page.get_by_label("State (required for an organization we don't know yet)").select_option("OH")
    page.get_by_label("Your name").fill("Ada Volunteer")
    page.get_by_label("Your email").fill("ada@addressville.example")
    for index, (name, kind, email) in enumerate(PARTNERS):
        if index:
            page.get_by_role("button", name="Add another partner").click()
            assert_row_is_new(page, index)
        fill_row(page, index, name, kind, email)
    page.get_by_role("button", name="Send answers").click()
    page.wait_for_url("**/status/**")


def approve(page) -> None:
    """Sign in as the moderator and approve the brigade's answers from the queue."""
    page.goto(f"{page.base_url}/login")
    page.get_by_label("Email").fill("moderator@example.org")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/moderation/")
    page.get_by_role("link", name=BRIGADE).click()
    page.wait_for_url("**/moderation/submissions/*")
    page.get_by_role("button", name="Approve and publish").click()
    assert "approved" in page.locator(".flash").inner_text()


def test_each_partner_is_asked_at_its_own_address_only(page, mailed):
    _app, inbox = mailed
    send_survey(page)
    approve(page)
    questions = [(to, mail) for to, mail in inbox.received if mail["Subject"] == QUESTION]
    assert sorted(address for to, _ in questions for address in to) == sorted(
        email for _name, _kind, email in PARTNERS
    )
    for name, _kind, email in PARTNERS:
        [(to, mail)] = [(to, mail) for to, mail in questions if email in to]
        assert to == [email]
        body = mail.get_content()
        assert f"named {name} as a partner" in body
        others = [other for other, _k, _e in PARTNERS if other != name]
        assert not any(other in body for other in others), (email, body)
    # And no other mail of the site went to a partner's address.
    partner_addresses = {email for _name, _kind, email in PARTNERS}
    elsewhere = [
        (to, mail["Subject"])
        for to, mail in inbox.received
        if mail["Subject"] != QUESTION and partner_addresses & set(to)
    ]
    assert elsewhere == []
