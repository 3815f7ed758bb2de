"""One lock order for every change to the public network (app/network.py).

Whatever bumps the network's revision locks its row first, before it writes any other
row; the first changes to a network without that row create it once, however many at once.
"""

import re
import threading

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import NetworkRevision, Organization, Role, Theme
from app.network import LockOrderError, bump_revision, current_revision, lock_network_revision
from app.themes.catalogue import ensure_seeded_themes
from tests import factories
from tests.conftest import AuthActions
from tests.helpers import count, count_queries, newest_submission
from tests.moderation_helpers import csrf_from, decide
from tests.partner_helpers import answer, send_correction

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b|\bFOR UPDATE\b", re.IGNORECASE)


def writes(statements: list[str]) -> list[str]:
    """Return the statements that write or lock rows, in the order they ran."""
    return [" ".join(s.split())[:80] for s in statements if WRITE.search(s)]


def takes_the_lock(statement: str) -> bool:
    """Tell whether `statement` is lock_network_revision's lock (or, on SQLite, its write)."""
    return "network_revision" in statement and statement.split()[0] in ("SELECT", "INSERT")


def test_a_decline_and_an_approval_lock_the_revision_before_any_write(app, asked):
    staff = app.test_client()
    assert AuthActions(staff).login().status_code == 303
    assert send_correction(app.test_client(), asked, city="Dayton").status_code == 303
    correction = newest_submission()
    partner = app.test_client()
    with count_queries() as declining:
        assert answer(partner, asked, "decline").status_code == 303
    assert answer(partner, asked, "confirm").status_code == 303  # withdrawn, to approve
    with count_queries() as approving:
        assert decide(staff, correction.id, "approve", correction.version).status_code == 303
    for statements in (declining, approving):
        done = writes(statements)
        assert done and takes_the_lock(done[0]), done
        assert any(s.startswith("UPDATE partner_reply") for s in done), done


def test_a_change_made_before_the_lock_is_written_after_it(app, open_wave):
    org = factories.make_org("Code for Testville")
    org.city = "Dayton"  # changed, not yet written
    with count_queries() as statements:
        lock_network_revision()
        bump_revision()
        db.session.commit()
    done = writes(statements)
    assert takes_the_lock(done[0]), done
    assert [s for s in done if s.startswith("UPDATE organization")], done
    db.session.expire_all()
    assert db.session.get(Organization, org.id).city == "Dayton"


def test_a_write_before_the_lock_is_refused_as_a_programming_error(app, open_wave):
    factories.make_org("Code for Testville").city = "Dayton"
    db.session.flush()  # written: the lock would now come after a row of this transaction
    with pytest.raises(LockOrderError):
        bump_revision()
    db.session.rollback()
    bump_revision()  # a new transaction that wrote nothing: the lock comes first
    db.session.commit()
    assert current_revision() == 2


def add_theme(admin_client, form: dict, start: threading.Barrier, answers: list) -> None:
    """Post one admin's new theme once every admin is ready; note the answer's status."""
    start.wait(timeout=30)
    answers.append(admin_client.post("/admin/themes", data=form).status_code)


def test_the_first_changes_at_once_create_the_revision_row_once(app, admin):
    ensure_seeded_themes()
    db.session.commit()
    factories.make_user("second-admin@example.org", Role.ADMIN)
    admins = []
    for email in ("admin@example.org", "second-admin@example.org"):
        other = app.test_client()
        assert AuthActions(other).login(email).status_code == 303
        admins.append(other)
    for trial in range(5):
        db.session.execute(sa.delete(NetworkRevision))  # as on a database nothing changed yet
        db.session.commit()
        forms = [
            {"csrf_token": csrf_from(admin_client, "/admin/themes"),
             "add-label": f"Theme {trial} by {number}"}
            for number, admin_client in enumerate(admins)
        ]  # fmt: skip
        start = threading.Barrier(len(admins))
        answers: list[int] = []
        threads = [
            threading.Thread(target=add_theme, args=(admin_client, form, start, answers))
            for admin_client, form in zip(admins, forms, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert answers == [303, 303], f"trial {trial}"
        db.session.expire_all()
        assert count(NetworkRevision) == 1 and current_revision() == 3, f"trial {trial}"
    added = db.session.scalars(sa.select(Theme.position).where(Theme.label.like("Theme %")))
    assert len(set(added)) == 10  # each read the last position after the lock
