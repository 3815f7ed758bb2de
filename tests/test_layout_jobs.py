"""The map's layout runs as a background job, never in a visitor's request.

A GET after an approval answers at once with the stored positions and a provisional
place for a newcomer, and writes nothing; the job (a thread of the app, or RQ on
Redis through `flask worker`) lays the network out afterwards.
"""

import math
import os
import signal
import threading
import uuid

import flask
import pytest
import redis
import sqlalchemy as sa

from app.extensions import db
from app.graph import jobs
from app.graph.layout import lay_out
from app.graph.publish import publish_network
from app.network import network_state
from tests.helpers import count_queries, newest_submission
from tests.moderation_helpers import decide
from tests.test_graph_api import small_network
from tests.test_graph_layout import node_positions, stored

WRITES = ("INSERT", "UPDATE", "DELETE")


def approve_newcomer(client, auth, surveys) -> int:
    """Have Code for Newtown name Caltrans, approve it, and return Newtown's id."""
    surveys.partnership(
        org_name="Code for Newtown",
        **{"partners-0-name": "Caltrans", "partners-0-kind": "government"},
    )
    submission = newest_submission()
    auth.login()
    assert decide(client, submission.id, "approve", submission.version).status_code == 303
    return newest_submission().organization_id


def test_a_get_after_an_approval_lays_nothing_out_and_writes_nothing(
    app, client, auth, moderator, surveys, open_wave
):
    orgs = small_network(open_wave)  # laid out once (the tests' runner is inline)
    before = stored()
    app.config["LAYOUT_RUNNER"] = "off"  # as if the job had not run yet
    newtown = approve_newcomer(client, auth, surveys)
    state = network_state()
    assert state.laid_out < state.revision
    with count_queries() as statements:
        response = client.get("/api/graph")
    assert response.status_code == 200
    assert [s for s in statements if s.lstrip().upper().startswith(WRITES)] == []
    assert stored() == before
    places = node_positions(response.get_json())
    assert all(places[org] == (round(x, 1), round(y, 1)) for org, (x, y, _) in before.items())
    caltrans = places[orgs["caltrans"].id]
    assert math.dist(places[newtown], caltrans) < 60  # provisionally beside its partner
    assert lay_out()  # the job, when it runs, stores the newcomer for good
    assert newtown in stored()
    assert network_state().laid_out == network_state().revision


def test_the_cached_map_is_refreshed_once_the_job_has_run(
    app, client, auth, moderator, surveys, open_wave
):
    small_network(open_wave)
    app.config["LAYOUT_RUNNER"] = "off"
    newtown = approve_newcomer(client, auth, surveys)
    first = client.get("/api/graph")
    lay_out()  # laid out, not yet published: the public state, and so its tag, stand
    assert (
        client.get("/api/graph", headers={"If-None-Match": first.headers["ETag"]}).status_code
        == 304
    )
    assert publish_network()  # the job publishes once its documents are built
    second = client.get("/api/graph", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200  # new positions, new entity tag
    assert node_positions(second.get_json())[newtown] == tuple(
        round(value, 1) for value in stored()[newtown][:2]
    )


def test_the_default_runner_lays_out_in_a_thread_of_the_app(
    app, client, auth, moderator, surveys, open_wave
):
    small_network(open_wave)
    app.config["LAYOUT_RUNNER"] = "thread"
    newtown = approve_newcomer(client, auth, surveys)
    assert jobs.wait_for_thread()
    db.session.expire_all()
    assert newtown in stored()
    assert network_state().laid_out == network_state().revision


def test_the_layout_job_runs_through_the_queue_worker_on_redis(
    app, client, runner, auth, moderator, surveys, open_wave, redis_url
):
    small_network(open_wave)
    queue_name = f"constellation-test-{uuid.uuid4().hex[:12]}"
    app.config.update(LAYOUT_RUNNER="", JOB_QUEUE_URL=redis_url, JOB_QUEUE_NAME=queue_name)
    try:
        newtown = approve_newcomer(client, auth, surveys)
        queue = jobs.job_queue(app)
        assert queue.count == 1  # the approval's commit enqueued one layout job
        assert newtown not in stored()
        result = runner.invoke(args=["worker", "--burst"])
        assert result.exit_code == 0, result.output
        assert queue.count == 0
        db.session.expire_all()
        assert newtown in stored()
        assert network_state().laid_out == network_state().revision
    finally:
        connection = redis.Redis.from_url(redis_url)
        for key in connection.scan_iter(f"rq:*{queue_name}*"):
            connection.delete(key)


def test_without_a_queue_the_worker_polls_the_database(app, runner, open_wave):
    app.config["LAYOUT_RUNNER"] = "worker"  # web processes leave the job to `flask worker`
    small_network(open_wave)
    state = network_state()
    assert state.published < state.revision and state.laid_out < state.revision
    result = runner.invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    state = network_state()
    assert state.published == state.laid_out == state.revision
    assert db.session.scalar(sa.text("SELECT count(*) FROM node_position")) == 6


def test_a_worker_asked_to_stop_finishes_its_job_and_leaves_no_claim(app, open_wave):
    """SIGTERM in the middle of a job (a deploy, a process manager): it publishes, then stops.

    Killed there, the worker would leave the revision claimed, and no job would publish
    until the claim expired (the bench's live part once found the layout behind so).
    """
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("only the main thread receives signals")
    app.config["LAYOUT_RUNNER"] = "worker"
    small_network(open_wave)
    handler = signal.getsignal(signal.SIGTERM)
    asked_to_stop = []

    def stop_during_the_build(sender, **extra) -> None:
        """Send this process SIGTERM once, as the job builds its first page."""
        if not asked_to_stop:
            asked_to_stop.append(flask.request.path)
            os.kill(os.getpid(), signal.SIGTERM)

    flask.request_started.connect(stop_during_the_build, app)
    try:
        jobs.poll(app)  # not --burst: only the stop ends it
    finally:
        flask.request_started.disconnect(stop_during_the_build, app)
    db.session.expire_all()
    state = network_state()
    assert asked_to_stop and state.published == state.laid_out == state.revision
    assert signal.getsignal(signal.SIGTERM) == handler  # the process's own handler is back


def test_lay_out_on_the_command_line(app, runner, open_wave):
    app.config["LAYOUT_RUNNER"] = "off"
    small_network(open_wave)
    assert runner.invoke(args=["lay-out"]).output.strip() == "Laid out and published."
    assert runner.invoke(args=["lay-out"]).output.strip() == (
        "Already published, or another job is publishing it."
    )
    assert db.session.scalar(sa.text("SELECT count(*) FROM node_position")) == 6
