"""'Lost your link?': an address gets its submissions' links by mail, and nobody learns more."""

import re

import pytest

from app.notifications.delivery import deliver_pending
from tests.conftest import SurveyClient
from tests.helpers import newest_submission
from tests.mail_helpers import outbox, sent_body

URL = "/status/lost"


def ask(client, address: str, **headers):
    """Post the lost-link form for `address` as a browser does; return the response."""
    token = SurveyClient(client).csrf_token(URL)
    return client.post(URL, data={"csrf_token": token, "email": address}, headers=headers)


def without_token(response) -> str:
    """Return the page with its per-visitor form token and the address asked for blanked."""
    page = response.get_data(as_text=True)
    page = re.sub(r'value="[^"]*"', 'value=""', page)
    return re.sub(r"\S+@\S+\.(org|example)", "ADDRESS", page)


def test_an_address_gets_the_links_of_its_submissions(client, surveys, open_wave):
    surveys.partnership()
    first = newest_submission()
    surveys.involvement(contact_email="Riley@Example.org")  # another case, the same address
    second = newest_submission()
    response = ask(client, "RILEY@example.org")
    assert response.status_code == 200
    [mail] = outbox("lost_links")
    assert mail.to_address == "riley@example.org"
    assert f"/status/{first.token}" in sent_body(mail) and f"/status/{second.token}" in sent_body(
        mail
    )
    assert sent_body(mail).index(second.token) < sent_body(mail).index(first.token)  # newest first


def test_the_page_is_the_same_for_a_known_and_an_unknown_address(client, surveys, open_wave):
    surveys.partnership()
    known = ask(client, "riley@example.org")
    unknown = ask(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    assert without_token(known) == without_token(unknown)
    assert [m.to_address for m in outbox("lost_links")] == ["riley@example.org"]


@pytest.mark.parametrize("address", ["", "not an address", "a@b", "x" * 300 + "@example.org"])
def test_a_malformed_address_gets_a_message_and_nothing_is_sent(
    client, surveys, open_wave, address
):
    surveys.partnership()
    response = ask(client, address)
    assert response.status_code == 422
    assert 'class="field-errors"' in response.get_data(as_text=True)
    assert outbox("lost_links") == []


def test_asking_too_often_is_refused_for_a_while(app, client, surveys, open_wave):
    app.config["LOST_LINK_RATE_LIMIT"] = "2 per hour"
    surveys.partnership()
    assert ask(client, "one@example.org").status_code == 200
    assert ask(client, "two@example.org").status_code == 200
    refused = ask(client, "riley@example.org")
    assert refused.status_code == 429
    assert "Too many requests" in refused.get_data(as_text=True)
    assert outbox("lost_links") == []


def test_one_address_is_not_sent_links_again_and_again(app, surveys, open_wave):
    app.config["LOST_LINK_RATE_LIMIT"] = "1 per hour"
    surveys.partnership()
    for number in range(3):  # from three connections, so no address limit stops them
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"192.0.2.{number + 1}"
        assert ask(client, "riley@example.org").status_code == 200
    assert len(outbox("lost_links")) == 1


def test_the_mail_and_page_follow_the_asker_language(client, surveys, open_wave):
    surveys.partnership()
    response = ask(client, "riley@example.org", **{"Accept-Language": "es"})
    assert "Revise su correo" in response.get_data(as_text=True)
    [mail] = outbox("lost_links")
    assert mail.subject == "Sus enlaces privados en Constellation"


def test_the_links_reach_a_real_smtp_server(mail_app):
    app, inbox = mail_app()
    from tests import factories

    factories.make_wave()
    client = app.test_client()
    SurveyClient(client).partnership()
    submission = newest_submission()
    deliver_pending()
    inbox.received.clear()  # the receipt went out already
    assert ask(client, "riley@example.org").status_code == 200
    deliver_pending()
    [(recipients, message)] = inbox.received
    assert recipients == ["riley@example.org"]
    assert message["Subject"] == "Your private links on Constellation"
    assert f"/status/{submission.token}" in message.get_content()
