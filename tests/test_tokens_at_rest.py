"""Private links' tokens are kept only as digests: after real flows, no table holds one in clear.

Every test of the suite ends with this check (tests/tokens_at_rest.py); here it is shown to
see the tokens of every kind of private link, as the mail that went out carried them, and
to find one that a table does keep in clear.
"""

import re

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent
from tests import factories
from tests.conftest import AuthActions, SurveyClient
from tests.helpers import newest_submission
from tests.moderation_helpers import csrf_from
from tests.partner_helpers import report_and_approve
from tests.test_admin_users import post
from tests.tokens_at_rest import ISSUED, tokens_at_rest

LINKS = re.compile(r"/(status|partners|invitations|invite)/([A-Za-z0-9_-]{40,})")


def test_every_kind_of_private_link_is_mailed_and_kept_only_as_a_digest(mail_app):
    app, inbox = mail_app()
    factories.make_wave()
    factories.make_user("moderator@example.org")
    factories.make_user("admin@example.org", factories.Role.ADMIN)
    submitter = app.test_client()
    submission = report_and_approve(app, SurveyClient(submitter))
    admin = app.test_client()
    AuthActions(admin).login("admin@example.org")
    invited = post(admin, "/admin/waves/current/invite",
                   {"invite": [f"partnership:{submission.organization_id}"]})  # fmt: skip
    assert invited.status_code == 303
    assert post(admin, "/admin/users/invite", {"email": "new@example.org", "name": "New",
                                               "role": "moderator"}).status_code == 303  # fmt: skip
    lost = submitter.post("/status/lost", data={"csrf_token": csrf_from(submitter, "/status/lost"),
                                                "email": "riley@example.org"})  # fmt: skip
    assert lost.status_code == 200
    mailed = {}
    for _, message in inbox.received:
        for kind, found in LINKS.findall(message.get_content()):
            mailed.setdefault(kind, set()).add(found)
    assert set(mailed) == {"status", "partners", "invitations", "invite"}
    every_token = set().union(*mailed.values())
    assert every_token <= ISSUED  # the check sees each token the mail carried
    assert tokens_at_rest(every_token) == []


def test_the_check_finds_a_token_kept_in_clear(app, surveys, open_wave):
    surveys.partnership()
    token = newest_submission().token
    assert token in ISSUED
    db.session.add(AuditEvent(actor_label="test", action="test", note=f"see /status/{token}"))
    db.session.commit()
    assert tokens_at_rest({token}) == [("audit_event", "note")]
    db.session.execute(sa.delete(AuditEvent).where(AuditEvent.action == "test"))
    db.session.commit()
