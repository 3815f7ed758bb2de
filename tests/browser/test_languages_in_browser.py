"""A Spanish-speaking volunteer answers the partnership survey in Spanish, then switches."""

import pytest

from tests.helpers import newest_submission
from tests.mail_helpers import outbox, sent_body

pytestmark = pytest.mark.browser


@pytest.fixture
def spanish_page(browser, live_server):
    """Open a page in a browser that asks for Spanish (Accept-Language: es)."""
    context = browser.new_context(locale="es-PR")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.base_url = live_server
    yield page
    context.close()
    assert errors == []


def test_a_volunteer_answers_in_spanish_and_switches_to_english(spanish_page, open_wave):
    page = spanish_page
    page.goto(f"{page.base_url}/surveys/partnership")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Encuesta de alianzas")
    question = "1. ¿Qué relaciones con socios son las más importantes para usted?"
    assert page.get_by_text(question).is_visible()

    # Sent half-filled: the errors come back in Spanish, and nothing is stored.
    page.get_by_label("Nombre de la organización").fill("Code for Puerto Rico")
    page.get_by_role("button", name="Enviar respuestas").click()
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert "Revise algunas respuestas" in summary.inner_text()
    assert "Díganos a quién contactar." in summary.inner_text()
    assert outbox("receipt") == []

    page.get_by_label("Tipo de organización").select_option("brigade")
    page.get_by_label("Ciudad", exact=True).fill("San Juan")
    page.locator("#org_state").select_option("PR")
    page.get_by_label("Su nombre").fill("Ana Voluntaria")
    page.get_by_label("Su correo electrónico").fill("ana@example.org")
    page.locator("#partners-0-name").fill("Universidad de Puerto Rico")
    page.locator("#partners-0-kind").select_option("university")
    page.locator("#partners-0-priorities").fill("Datos abiertos sobre la recuperación")
    send = page.get_by_role("button", name="Enviar respuestas")
    send.click()
    page.wait_for_url("**/status/**")
    assert "Gracias: recibimos sus respuestas y se revisarán." in page.content()
    assert page.locator("html").get_attribute("lang") == "es"

    submission = newest_submission()
    assert submission.language == "es"
    [receipt] = outbox("receipt")
    assert receipt.to_address == "ana@example.org"
    assert receipt.subject == "Recibimos sus respuestas para Code for Puerto Rico"
    assert "Datos abiertos sobre la recuperación" in sent_body(receipt)  # kept as written
    assert f"/status/{submission.token}" in sent_body(receipt)

    page.get_by_role("button", name="Copiar enlace").click()
    page.get_by_text("Se copió el enlace", exact=False).wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(f"/status/{submission.token}")

    # The header's switch: English on this page, and on the next one.
    page.get_by_role("navigation", name="Idioma").get_by_role("link", name="English").click()
    page.wait_for_url(f"**/status/{submission.token}")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Copy link").is_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Map").click()
    page.wait_for_url("**/map")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Partnership survey").first.is_visible()


def test_the_send_button_says_it_is_sending_and_sends_once(spanish_page, open_wave):
    page = spanish_page
    page.goto(f"{page.base_url}/surveys/partnership")
    page.get_by_label("Nombre de la organización").fill("Code for Puerto Rico")
    page.get_by_label("Tipo de organización").select_option("brigade")
    page.locator("#org_state").select_option("PR")
    page.get_by_label("Su nombre").fill("Ana Voluntaria")
    page.get_by_label("Su correo electrónico").fill("ana@example.org")
    page.locator("#partners-0-name").fill("Universidad de Puerto Rico")
    page.locator("#partners-0-kind").select_option("university")
    # Pressed twice in a row, as an impatient thumb does: one post, and the button says so.
    state = page.evaluate(
        """() => {
          const send = document.querySelector("[data-send]");
          send.click();
          send.click();
          return [send.textContent, send.getAttribute("aria-disabled")];
        }"""
    )
    assert state == ["Enviando…", "true"]
    page.wait_for_url("**/status/**")
    assert len(outbox("receipt")) == 1


def test_a_long_answer_shows_the_room_left_near_its_limit(spanish_page, open_wave):
    page = spanish_page
    page.goto(f"{page.base_url}/surveys/partnership")
    answer = page.locator("#partners-0-how_built")
    room = page.locator("#partners-0-how_built-room")
    answer.fill("x" * 100)
    assert not room.is_visible()
    answer.fill("x" * 1990)
    assert room.inner_text() == "Quedan 10 caracteres"
    assert room.get_attribute("aria-live") == "polite"


def test_the_switch_keeps_the_map_view_as_it_now_is(spanish_page, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    page = spanish_page
    page.goto(f"{page.base_url}/map")
    page.wait_for_selector("#map-app[data-loaded]")
    page.select_option("#map-colour", "community")
    page.wait_for_url("**/map?color=community")
    switch = page.get_by_role("navigation", name="Idioma").get_by_role("link", name="English")
    switch.click()
    page.wait_for_url("**/map?color=community")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#map-colour").input_value() == "community"
