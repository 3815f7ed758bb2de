"""The lost-link and new-link forms do the same work for any address; the mail comes later.

What a request runs tells nothing of whether the address is known: the form stores a
request, the same statements for a known and an unknown address, and the mail (or nothing)
is written afterwards, in the background, from the outbox. Through the real forms.
"""

import threading

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import MailRequest, OutboxMessage
from tests import factories
from tests.conftest import SurveyClient
from tests.mail_helpers import outbox
from tests.moderation_helpers import csrf_from
from tests.partner_helpers import PARTNER_EMAIL, report_and_approve

FORMS = {"/status/lost": "riley@example.org", "/partners/new-link": PARTNER_EMAIL}


def wait_for_the_outbox() -> None:
    """Wait until the background work on the outbox, started by requests, has finished."""
    for thread in threading.enumerate():
        if thread.name == "outbox-delivery":
            thread.join(timeout=30)


def statements_of_a_post(client, url: str, address: str) -> list[str]:
    """Return the SQL statements this thread ran to answer one post of the form at `url`."""
    token = csrf_from(client, url)
    me = threading.get_ident()
    ran = []

    def note(conn, cursor, statement, *args):
        """Note a statement run by the request, not by the work it left for later."""
        if threading.get_ident() == me:
            ran.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", note)
    try:
        response = client.post(url, data={"csrf_token": token, "email": address})
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", note)
    assert response.status_code == 200
    wait_for_the_outbox()
    return ran


@pytest.fixture
def known(app_with):
    """Build the app with its outbox worked in the background, as in production, and a
    submission and a partner asked at the known addresses."""
    app = app_with(OUTBOX_INLINE=False)
    factories.make_wave()
    factories.make_user("moderator@example.org")
    report_and_approve(app, SurveyClient(app.test_client()))
    wait_for_the_outbox()
    return app


@pytest.mark.parametrize("url", FORMS)
def test_a_known_and_an_unknown_address_run_the_same_statements(known, url):
    warm = statements_of_a_post(known.test_client(), url, "first@example.org")
    before = len(outbox())
    for_known = statements_of_a_post(known.test_client(), url, FORMS[url])
    for_unknown = statements_of_a_post(known.test_client(), url, "nobody@example.org")
    assert for_known == for_unknown
    assert warm  # the statements were seen at all
    assert any("mail_request" in statement for statement in for_known)
    # Afterwards, away from the request, the known address got its mail; the others none.
    db.session.expire_all()
    mailed = [m.to_address for m in outbox()[before:]]
    assert mailed == [FORMS[url]]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MailRequest)) == 0


def test_a_request_left_by_a_process_that_stopped_is_mailed_by_the_next_run(app, runner, open_wave):
    submission = factories.make_partnership(open_wave, factories.make_org("Code for Late"),
                                            factories.make_org("Late Library"))  # fmt: skip
    submission.contact_email = "late@example.org"
    db.session.add(MailRequest(kind="lost_links", email="late@example.org", language="es"))
    db.session.commit()
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    [mail] = db.session.scalars(sa.select(OutboxMessage)).all()
    assert mail.to_address == "late@example.org" and mail.language == "es"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MailRequest)) == 0
