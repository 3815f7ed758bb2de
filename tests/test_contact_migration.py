"""The upgrade that brings contacts fills them from what the database knew, and seals kept links."""

from datetime import datetime

import flask_migrate
import sqlalchemy as sa

from app import tokens
from app.extensions import db
from app.models import ContactSource, ContactState, OrganizationContact, OutboxMessage, Submission
from app.models.enums import SubmissionOrigin
from tests.mail_helpers import sent_body

BEFORE = "7d994875944e"  # the revision before contacts
NOW = datetime(2026, 11, 1, 12, 0)


def insert(table_name: str, **values) -> int:
    """Insert a row into `table_name` as it stands now, filling required columns; return its id."""
    table = sa.Table(table_name, sa.MetaData(), autoload_with=db.engine)
    for column in table.columns:
        if column.name in values or column.nullable or column.primary_key:
            continue
        if column.server_default is not None:
            continue
        python_type = column.type.python_type
        values[column.name] = {str: "", int: 1, bool: False, datetime: NOW}.get(python_type, "")
    with db.engine.begin() as connection:
        return connection.execute(table.insert().values(**values)).inserted_primary_key[0]


def test_contacts_are_filled_from_answers_replies_invitations_and_opt_outs(app):
    flask_migrate.downgrade(revision=BEFORE)
    wave = insert("survey_wave", name="Wave old", slug="old", surveys="both", status="open",
                  opens_on=NOW.date())  # fmt: skip
    brigade = insert("organization", name="Code for Old", name_key="code for old", slug="cfo",
                     kind="brigade", status="approved")  # fmt: skip
    library = insert("organization", name="Old Library", name_key="old library", slug="ol",
                     kind="government", status="approved")  # fmt: skip
    seed = tokens.new_seed()
    token, digest = tokens.issue(seed)
    common = {"wave_id": wave, "survey_kind": "partnership", "version": 1, "language": "en"}
    approved = insert("submission", organization_id=brigade, status="approved",
                      contact_email="alpha@example.org", contact_name="Alex",
                      token_digest=digest, token_seed=seed, decided_at=NOW, **common)  # fmt: skip
    insert("submission", organization_id=brigade, status="pending",
           contact_email="pending@example.org", token_digest="b" * 64, **common)  # fmt: skip
    correction = insert("submission", organization_id=library, status="pending",
                        contact_email="lib@example.org", token_digest="c" * 64,
                        **common)  # fmt: skip
    insert("partner_reply", reporter_id=brigade, partner_id=library, state="confirmed",
           email="lib@example.org", wave_id=wave, token_digest="d" * 64, token_seed="s",
           expires_at=NOW, correction_id=correction, version=1)  # fmt: skip
    insert("wave_invitation", wave_id=wave, organization_id=brigade, survey_kind="partnership",
           email="pending@example.org", status="sent", token_digest="e" * 64,
           token_seed="s")  # fmt: skip
    insert("invitation_opt_out", email="pending@example.org", created_at=NOW)
    body = f"Your answers:\nhttps://survey.example.org/status/{token}\n\nThank you"
    message = insert("outbox_message", kind="decision", to_address="alpha@example.org",
                     subject="Published", body=body, submission_id=approved)  # fmt: skip

    flask_migrate.upgrade()
    db.session.expire_all()
    found = {
        (c.organization_id, c.email): c for c in db.session.scalars(sa.select(OrganizationContact))
    }
    alpha = found[(brigade, "alpha@example.org")]
    assert (alpha.state, alpha.source, alpha.name) == (ContactState.VERIFIED,
                                                       ContactSource.ANSWER, "Alex")  # fmt: skip
    lib = found[(library, "lib@example.org")]
    assert (lib.state, lib.source) == (ContactState.VERIFIED, ContactSource.REPLY)
    pending = found[(brigade, "pending@example.org")]
    # Only pending answers gave it: it opted out, and was never verified.
    assert pending.state is ContactState.OPTED_OUT and pending.verified_at is None
    assert len(found) == 3
    assert db.session.get(Submission, correction).origin is SubmissionOrigin.PARTNER_CORRECTION
    assert db.session.get(Submission, approved).origin is SubmissionOrigin.SURVEY
    assert "invitation_opt_out" not in sa.inspect(db.engine).get_table_names()
    kept = db.session.get(OutboxMessage, message)
    assert token not in kept.body and f"[[link:status:{digest}]]" in kept.body
    assert f"https://survey.example.org/status/{token}" in sent_body(kept)
    db.session.rollback()  # end the reads, whose locks would hold the downgrade up
    flask_migrate.downgrade(revision=BEFORE)  # and back: opt-outs return to their table
    with db.engine.connect() as connection:
        emails = connection.scalars(sa.text("SELECT email FROM invitation_opt_out")).all()
    assert emails == ["pending@example.org"]
    flask_migrate.upgrade()
