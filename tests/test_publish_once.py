"""Each network state is built once and made public once, however many processes serve it.

After a change, one job claims the revision, lays it out, builds the main public
documents and then publishes it (app/graph/publish.py). Until then visitors get the
previous state's pages; one approval moves the public state once; two job processes
lay one revision out once.
"""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from app.extensions import db
from app.graph.layout import lay_out
from app.graph.publish import FILES, PAGES, publish_network
from app.i18n import LANGUAGES
from app.network import claim_publication, network_state
from tests.helpers import count_queries, publish
from tests.test_graph_api import labels, small_network
from tests.test_layout_jobs import approve_newcomer

ROOT = Path(__file__).resolve().parents[1]
WRITES = ("INSERT", "UPDATE", "DELETE")
PUBLISHING = re.compile(r"UPDATE network_revision SET published=", re.I)


def test_one_approval_changes_the_public_state_once(app, client, auth, moderator, surveys,
                                                    open_wave):  # fmt: skip
    small_network(open_wave)
    before = network_state().key
    with count_queries() as statements:
        approve_newcomer(client, auth, surveys)  # the tests' runner publishes after the commit
    assert len([s for s in statements if PUBLISHING.search(" ".join(s.split()))]) == 1
    state = network_state()
    assert state.key != before
    assert state.published == state.laid_out == state.revision


def test_the_public_state_moves_only_when_the_job_publishes(app, client, auth, moderator,
                                                            surveys, open_wave):  # fmt: skip
    small_network(open_wave)
    visitor = app.test_client()
    first = visitor.get("/api/graph")
    assert "Code for Newtown" not in labels(first.get_json())
    app.config["LAYOUT_RUNNER"] = "off"  # as if the job had not run yet
    approve_newcomer(client, auth, surveys)
    for step in (lambda: None, lay_out):  # approved, then laid out: not yet published
        step()
        again = visitor.get("/api/graph")
        assert again.headers["ETag"] == first.headers["ETag"]
        assert "Code for Newtown" not in labels(again.get_json())  # the previous state
    assert publish_network()
    published = visitor.get("/api/graph")
    assert published.headers["ETag"] != first.headers["ETag"]
    assert "Code for Newtown" in labels(published.get_json())


def test_the_published_documents_are_served_without_building_anything(app, open_wave):
    small_network(open_wave)  # published by the tests' inline runner
    visitor = app.test_client()
    asked = [(path, language) for path in (*PAGES, *FILES) for language in LANGUAGES]
    for path, language in asked:
        with count_queries() as statements:
            response = visitor.get(path, headers={"Accept-Language": language})
        assert response.status_code == 200, path
        # The state's one query, nothing more: the job built it (a download in Spanish
        # too, kept from the English build it is the same file as).
        assert len(statements) == 1, (path, language, statements)


def test_a_claimed_revision_is_not_claimed_again(app, open_wave):
    app.config["LAYOUT_RUNNER"] = "off"
    small_network(open_wave)
    claimed = claim_publication()
    assert claimed == network_state().revision
    assert claim_publication() is None  # another process finds it claimed: does nothing
    assert publish_network() == []
    db.session.execute(sa.text("UPDATE network_revision SET layout_claimed_at = NULL"))
    db.session.commit()  # a claim whose process died is taken over
    assert [p.revision for p in publish_network()] == [claimed]


def test_a_get_writes_nothing_while_the_state_is_unpublished(app, client, auth, moderator,
                                                             surveys, open_wave):  # fmt: skip
    small_network(open_wave)
    app.config["LAYOUT_RUNNER"] = "worker"  # the web process leaves the job to the worker
    approve_newcomer(client, auth, surveys)
    visitor = app.test_client()
    for path in PAGES:
        with count_queries() as statements:
            assert visitor.get(path).status_code == 200
        assert [s for s in statements if s.lstrip().upper().startswith(WRITES)] == []
    state = network_state()
    assert state.published < state.revision and state.laid_out < state.revision


def test_one_layout_per_state_across_two_worker_processes(app, database_url, open_wave):
    app.config["LAYOUT_RUNNER"] = "worker"  # only the two `flask worker` processes publish
    small_network(open_wave)
    revision = network_state().revision
    db.session.remove()
    environment = {k: v for k, v in os.environ.items() if k not in ("JOB_QUEUE_URL",)} | {
        "DATABASE_URL": database_url,
        "CONSTELLATION_ENV": "development",
        "LAYOUT_RUNNER": "worker",
        "CACHE_URL": "memory://",
        "WORKER_POLL_SECONDS": "0.1",
    }
    flask = str(Path(sys.executable).parent / "flask")
    workers = [
        subprocess.Popen([flask, "--app", "wsgi", "worker"], cwd=ROOT, env=environment,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for _ in range(2)
    ]  # fmt: skip
    try:
        for worker in workers:  # below the web workers' priority, once started (WORKER_NICENESS)
            for _ in range(600):  # 60 s at most: a loaded machine takes over 10 s to start it
                if os.getpriority(os.PRIO_PROCESS, worker.pid) != os.nice(0):
                    break
                time.sleep(0.1)
            assert os.getpriority(os.PRIO_PROCESS, worker.pid) == os.nice(0) + 10
        for _ in range(900):  # 180 s at most: a loaded machine starts and lays out slowly
            db.session.expire_all()
            if network_state().published == revision:
                break
            db.session.rollback()
            time.sleep(0.2)
        publish()  # a second state, for the workers to race over again
        for _ in range(900):  # 180 s at most: a loaded machine starts and lays out slowly
            db.session.expire_all()
            if network_state().published == revision + 1:
                break
            db.session.rollback()
            time.sleep(0.2)
        time.sleep(1)  # both have polled since: a late duplicate would show
    finally:
        outputs = []
        for worker in workers:
            worker.terminate()
            outputs.append(worker.communicate(timeout=60)[0])  # ends the job it runs first
    db.session.rollback()
    assert network_state().published == revision + 1, outputs
    said = "\n".join(outputs)
    for each in (revision, revision + 1):
        published = re.findall(rf"^Published network revision {each}: (.*)$", said, re.M)
        assert len(published) == 1, said  # built once
    assert said.count(": laid out,") == 2, said  # one layout for each state
