"""Status links are stored as digests: the database alone opens no submitter's page."""

import hashlib

import flask_migrate
import sqlalchemy as sa

from app.extensions import db
from app.models import Submission
from tests import factories
from tests.conftest import make_app
from tests.helpers import newest_submission
from tests.moderation_helpers import decide

LEGACY_TOKEN = "a-plain-token-from-before-the-upgrade-0123456789abcdef"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_the_token_is_not_stored_only_its_digest(surveys, open_wave):
    response = surveys.partnership()
    token = response.headers["Location"].rsplit("/", 1)[1]
    row = db.session.execute(sa.select(Submission.__table__)).mappings().one()
    assert token not in [str(value) for value in row.values()]
    assert row["token_digest"] == sha256(token)
    assert surveys.client.get(f"/status/{token}").status_code == 200
    assert surveys.client.get(f"/status/{row['token_digest']}").status_code == 404


def test_a_copy_of_the_database_without_the_key_cannot_make_links(surveys, open_wave, database_url):
    surveys.partnership()
    token = newest_submission().token
    other = make_app(database_url, SECRET_KEY="another-key-that-is-not-the-sites-own-0000")
    with other.app_context():
        assert db.session.get(Submission, newest_submission().id).token is None
        db.session.remove()
    # The link itself keeps working under any key: it is looked up by its digest.
    assert other.test_client().get(f"/status/{token}").status_code == 200


def test_an_old_key_in_the_fallbacks_still_makes_the_links(surveys, open_wave, database_url):
    surveys.partnership()
    token = newest_submission().token
    other = make_app(
        database_url,
        SECRET_KEY="a-brand-new-key-after-rotation-000000000",
        SECRET_KEY_FALLBACKS=["testing-secret"],
    )
    with other.app_context():
        assert db.session.get(Submission, newest_submission().id).token == token
        db.session.remove()


def test_links_sent_before_the_upgrade_keep_working(app, client, auth, moderator):
    flask_migrate.downgrade(revision="e6786243f3ef")
    wave = factories.make_wave()
    org = factories.make_org("Code for Legacy")
    db.session.execute(
        sa.text(
            "INSERT INTO submission (wave_id, survey_kind, organization_id, status, token, "
            "message_to_submitter, review_note, created_at, updated_at, version, contact_email) "
            "VALUES (:wave, 'partnership', :org, 'pending', :token, '', '', :now, :now, 1, "
            "'legacy@example.org')"
        ),
        {"wave": wave.id, "org": org.id, "token": LEGACY_TOKEN, "now": "2026-01-01 00:00:00"},
    )
    db.session.commit()
    flask_migrate.upgrade()
    db.session.expire_all()
    assert client.get(f"/status/{LEGACY_TOKEN}").status_code == 200
    legacy = newest_submission()
    assert legacy.token_digest == sha256(LEGACY_TOKEN) and legacy.token is None
    auth.login()
    assert decide(client, legacy.id, "approve", legacy.version).status_code == 303
    mail = db.session.scalars(
        sa.text("SELECT body FROM outbox_message WHERE to_address = 'legacy@example.org'")
    ).one()
    assert "the private link you were given when you sent your answers" in mail
    assert LEGACY_TOKEN not in mail
