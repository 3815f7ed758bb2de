"""The outbox pages, where moderators read the mail that was (or was not) sent."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import OutboxMessage
from app.models.types import utcnow
from app.notifications.delivery import MAX_ATTEMPTS
from app.notifications.outbox import queue_message
from tests.helpers import count_queries
from tests.mail_helpers import sent_body
from tests.test_admin_users import post

ROWS = re.compile(r"<tr>\s*<td><time", re.S)


def add_messages(number: int, **fields) -> list[OutboxMessage]:
    """Store `number` messages, one minute apart, the last one newest."""
    start = utcnow() - timedelta(hours=1)
    messages = []
    for index in range(number):
        message = queue_message(
            "decision", f"person{index}@example.org", f"Subject {index}", f"Body {index}"
        )
        message.created_at = start + timedelta(minutes=index)
        for name, value in fields.items():
            setattr(message, name, value)
        messages.append(message)
    db.session.commit()
    return messages


def signed_in_as(auth, email: str) -> bool:
    """Sign in through the real form; tell whether it accepted (it redirects on success)."""
    return auth.login(email).status_code in (302, 303)


@pytest.fixture
def signed_in(client, auth, moderator):
    """Sign the moderator in through the real sign-in form."""
    assert signed_in_as(auth, "moderator@example.org")
    return client


def page_text(client, url: str) -> str:
    """Fetch `url`, check it answered 200, and return its HTML."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/moderation/outbox/", "/moderation/outbox/1"])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    add_messages(1)
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_moderator_reads_the_list_newest_first(signed_in):
    first, second = add_messages(2)
    page = page_text(signed_in, "/moderation/outbox/")
    assert page.index("Subject 1") < page.index("Subject 0")
    assert "person0@example.org" in page and "Decision" in page and "Not sent" in page
    assert f'href="/moderation/outbox/{first.id}"' in page
    assert "MAIL_SERVER" in page  # explains why nothing is sent


def test_admin_reads_the_outbox_too(client, auth, admin):
    add_messages(1)
    assert signed_in_as(auth, "admin@example.org")
    assert "Subject 0" in page_text(client, "/moderation/outbox/")


def test_message_page_shows_the_whole_body(signed_in):
    [message] = add_messages(1)
    message.body = "Hello Riley,\n\n    Please add your partner's city.\n\nThank you"
    db.session.commit()
    page = page_text(signed_in, f"/moderation/outbox/{message.id}")
    assert "<h1>Subject 0</h1>" in page and "person0@example.org" in page
    assert (
        '<pre class="message-body">Hello Riley,\n\n    Please add your partner&#39;s city.\n\n'
        "Thank you</pre>"
    ) in page


def test_markup_in_a_message_is_shown_not_run(signed_in):
    [message] = add_messages(1)
    message.subject = "<script>alert('subject')</script>"
    message.body = "<script>alert('body')</script><b>bold</b>"
    message.to_address = "<img src=x>@example.org"
    db.session.commit()
    for url in ("/moderation/outbox/", f"/moderation/outbox/{message.id}"):
        page = page_text(signed_in, url)
        assert "<script>alert" not in page and "<img src=x>" not in page
        assert "&lt;script&gt;alert(&#39;subject&#39;)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in page


def test_delivery_states_and_errors_are_shown(signed_in):
    sent, retrying, failed, waiting = add_messages(4)
    sent.sent_at = utcnow()
    retrying.attempts, retrying.last_error = 2, "SMTPRecipientsRefused: mailbox busy"
    failed.attempts, failed.last_error = MAX_ATTEMPTS, "ConnectionRefusedError: refused"
    db.session.commit()
    page = page_text(signed_in, "/moderation/outbox/")
    assert page.count("delivery-sent") == 1 and page.count("delivery-waiting") == 1
    assert f"2 failed attempts of {MAX_ATTEMPTS}" in page and "mailbox busy" in page
    assert f"Failed, given up after {MAX_ATTEMPTS} attempts" in page
    assert "ConnectionRefusedError: refused" in page
    detail = page_text(signed_in, f"/moderation/outbox/{failed.id}")
    assert "Failed, given up" in detail and "ConnectionRefusedError: refused" in detail


def test_the_list_has_fifty_messages_a_page(signed_in):
    add_messages(51)
    first = page_text(signed_in, "/moderation/outbox/")
    assert len(ROWS.findall(first)) == 50
    assert "Subject 50" in first and ">Subject 1<" in first and ">Subject 0<" not in first
    assert "Page 1 of 2" in first and 'href="/moderation/outbox/?page=2"' in first
    second = page_text(signed_in, "/moderation/outbox/?page=2")
    assert len(ROWS.findall(second)) == 1 and ">Subject 0<" in second
    assert 'href="/moderation/outbox/?page=1"' in second


def test_the_list_makes_the_same_number_of_queries_however_long(app, signed_in):
    def queries_for_list() -> int:
        """Count the SQL statements one load of the list makes."""
        with count_queries() as statements:
            page_text(signed_in, "/moderation/outbox/")
        return len(statements)

    add_messages(2)
    few = queries_for_list()
    add_messages(45)
    assert queries_for_list() == few
    assert few <= 4  # the signed-in user, the count and the page of rows


def test_unknown_message_is_404(signed_in):
    assert signed_in.get("/moderation/outbox/999999").status_code == 404


def test_the_outbox_is_read_only(signed_in):
    [message] = add_messages(1)
    assert signed_in.post("/moderation/outbox/").status_code in (400, 405)
    assert signed_in.post(f"/moderation/outbox/{message.id}").status_code in (400, 405)
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).subject == "Subject 0"


def test_a_survey_sent_through_the_site_reaches_the_moderators_outbox(
    client, auth, moderator, surveys, open_wave
):
    assert surveys.partnership().status_code in (302, 303)
    assert signed_in_as(auth, "moderator@example.org")
    page = page_text(client, "/moderation/outbox/")
    assert "[Constellation] To review: partnership survey from Code for Testville" in page
    assert "moderator@example.org" in page and "New submission" in page
    assert "We received your answers for Code for Testville" in page  # the receipt
    [notice] = db.session.scalars(sa.select(OutboxMessage).filter_by(kind="new_submission"))
    detail = page_text(client, f"/moderation/outbox/{notice.id}")
    assert f"http://localhost/moderation/submissions/{notice.submission_id}" in detail


@pytest.mark.parametrize("reader", ["moderator@example.org", "admin@example.org"])
def test_private_links_are_named_never_given_to_readers_of_the_outbox(
    client, auth, moderator, admin, reader
):
    auth.login("admin@example.org")
    invited = post(client, "/admin/users/invite", {"email": "new@example.org", "name": "New",
                                                   "role": "admin"})  # fmt: skip
    assert invited.status_code == 303
    [message] = db.session.scalars(sa.select(OutboxMessage).filter_by(kind="invite"))
    token = re.search(r"/invite/(\S+)", sent_body(message)).group(1)
    assert token not in message.body  # kept sealed: the link is written as the mail is sent
    auth.login(reader)
    page = client.get(f"/moderation/outbox/{message.id}").get_data(as_text=True)
    assert token not in page and "/invite/" not in page
    assert "[private link, sent only to the recipient]" in page


def test_an_anonymous_post_is_sent_to_sign_in_without_a_next_it_cannot_use(client):
    from tests.moderation_helpers import csrf_from

    token = csrf_from(client, "/login")
    response = client.post("/moderation/bulk", data={"csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"


def test_show_mail_prints_a_message_as_sent_for_its_recipient(client, auth, admin, runner):
    auth.login("admin@example.org")
    post(client, "/admin/users/invite", {"email": "new@example.org", "name": "New",
                                         "role": "moderator"})  # fmt: skip
    [message] = db.session.scalars(sa.select(OutboxMessage).filter_by(kind="invite"))
    result = runner.invoke(args=["show-mail", str(message.id)])
    assert result.exit_code == 0, result.output
    assert "To: new@example.org" in result.output
    link = re.search(r"http://localhost(/invite/\S+)", result.output).group(1)
    assert client.application.test_client().get(link).status_code == 200
    missing = runner.invoke(args=["show-mail", "999999"])
    assert missing.exit_code == 1 and "No message 999999" in missing.output


def test_a_link_replaced_before_its_mail_went_says_so(client, asked):
    from tests.partner_helpers import PARTNER_EMAIL, question_mails

    [question] = question_mails()
    old = sent_body(question)
    assert f"/partners/{asked}" in old
    visitor = client.application.test_client()
    page = visitor.get("/partners/new-link").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    visitor.post("/partners/new-link", data={"csrf_token": token, "email": PARTNER_EMAIL})
    db.session.expire_all()
    replaced = sent_body(db.session.get(OutboxMessage, question.id))
    assert f"/partners/{asked}" not in replaced
    assert "this private link no longer works: a newer one replaced it" in replaced
