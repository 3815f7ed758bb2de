"""Every submission gets a receipt with its private link, in the language of the form."""

import re

import sqlalchemy as sa

from app.extensions import db
from app.models import Submission, SubmissionStatus
from tests import factories
from tests.helpers import newest_submission
from tests.mail_helpers import outbox, sent_body
from tests.moderation_helpers import decide

SPANISH = {"Accept-Language": "es"}


def test_a_new_submission_gets_a_receipt_with_what_was_sent_and_its_link(surveys, open_wave):
    response = surveys.partnership(**{"partners-0-priorities": "Digital literacy classes"})
    assert response.status_code == 303
    submission = newest_submission()
    assert submission.language == "en"
    [receipt] = outbox("receipt")
    assert receipt.to_address == "riley@example.org"
    assert receipt.subject == "We received your answers for Code for Testville"
    assert f"/status/{submission.token}" in sent_body(receipt)
    assert "Testville Public Library (Active)" in sent_body(receipt)
    assert "Digital literacy classes" in sent_body(receipt)
    assert receipt.submission_id == submission.id


def test_the_receipt_is_in_the_language_of_the_form(client, surveys, open_wave):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es-PR,es;q=0.9"
    assert surveys.partnership().status_code == 303
    submission = newest_submission()
    assert submission.language == "es"
    [receipt] = outbox("receipt")
    assert receipt.subject == "Recibimos sus respuestas para Code for Testville"
    assert "Testville Public Library (Activa)" in sent_body(receipt)
    assert f"/status/{submission.token}" in sent_body(receipt)
    # What the volunteer wrote stays as written; only the site's words change.
    assert "Volunteered at their open house" in sent_body(receipt)


def test_moderators_are_told_in_english_whatever_the_form_language(
    client, surveys, open_wave, moderator
):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    surveys.partnership()
    [notice] = outbox("new_submission")
    assert notice.subject.startswith("[Constellation] To review:")


def test_changes_and_changed_answers_get_receipts_too(client, surveys, open_wave):
    surveys.partnership()
    submission = newest_submission()
    page = client.get(f"/status/{submission.token}/edit").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = factories.partnership_form(csrf_token=csrf, seen_version=str(submission.version))
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"  # the volunteer changed language
    assert client.post(f"/status/{submission.token}/edit", data=data).status_code == 303
    assert [m.subject for m in outbox("receipt")] == [
        "We received your answers for Code for Testville",
        "Recibimos sus cambios para Code for Testville",
    ]
    assert db.session.get(Submission, submission.id).language == "es"


def test_changed_answers_for_published_ones_get_a_receipt(client, surveys, open_wave):
    surveys.partnership()
    submission = newest_submission()
    submission.status = SubmissionStatus.APPROVED
    db.session.commit()
    page = client.get(f"/status/{submission.token}/revise").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = factories.partnership_form(csrf_token=csrf)
    assert client.post(f"/status/{submission.token}/revise", data=data).status_code == 303
    revised = newest_submission()
    assert revised.id != submission.id
    receipt = outbox("receipt")[-1]
    assert receipt.subject == "We received your changed answers for Code for Testville"
    assert f"/status/{revised.token}" in sent_body(receipt)


def test_a_decision_mail_goes_in_the_submitters_language(
    app, client, surveys, open_wave, moderator, auth
):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    surveys.partnership()
    submission = newest_submission()
    del client.environ_base["HTTP_ACCEPT_LANGUAGE"]
    client.delete_cookie("lang")
    assert auth.login().status_code == 303  # the moderator reads English
    response = decide(client, submission.id, "approve", submission.version)
    assert response.status_code in (302, 303)
    [decision] = outbox("decision")
    assert decision.subject == "Sus respuestas para Code for Testville están publicadas"


def test_an_invalid_post_stores_nothing_and_sends_no_receipt(surveys, open_wave):
    response = surveys.partnership(contact_email="not an address")
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(Submission.id))) == 0
    assert outbox("receipt") == []


def test_moderators_see_the_language_the_form_was_in(client, surveys, open_wave, moderator, auth):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    surveys.partnership(**{"partners-0-how_built": "Fuimos a sus reuniones"})
    submission = newest_submission()
    del client.environ_base["HTTP_ACCEPT_LANGUAGE"]
    assert auth.login().status_code == 303
    page = client.get(f"/moderation/submissions/{submission.id}").get_data(as_text=True)
    assert '<dt>Form language</dt><dd lang="es">Español</dd>' in page
    assert "Fuimos a sus reuniones" in page  # the answer as it was written
