"""A Redis database of this test process's own, for the tests that share state through Redis.

The document cache's keys, RQ's queues and workers and the claims on a state have fixed
names, so two test processes on one Redis (pytest-xdist's workers, or a developer's run
beside CI's) would read, take or delete each other's. Each process therefore holds one
database of the pool for its whole session, marked by a key that expires unless renewed:
a process that died frees its database within LEASE seconds.
"""

import os
import socket
import threading
import time

import pytest
import redis

TEST_REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379").rstrip("/")
# 0 is a developer's default, 1 and 2 are often theirs too, 11 is the bench's
# (bench/servers.py) and 12-15 were fixed test databases before they were leased.
POOL = range(3, 11)
HOLDER_KEY = "constellation-test:holder"
LEASE = 120  # seconds a database stays held after its process stopped renewing
WAIT = 300  # seconds to wait for a free database before failing


def _lease(connection: redis.Redis, holder: str, stop: threading.Event) -> None:
    """Renew the hold on the database every tenth of LEASE until `stop` is set."""
    while not stop.wait(LEASE / 10):
        try:
            connection.set(HOLDER_KEY, holder, ex=LEASE)
        except redis.RedisError:
            pass  # renewed at the next turn; the lease outlives several misses


@pytest.fixture(scope="session")
def redis_url():
    """Return the URL of a Redis database only this process uses; skip when Redis is down."""
    try:
        redis.Redis.from_url(f"{TEST_REDIS}/0", socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis is not reachable at {TEST_REDIS}: {error}")
    holder = f"{socket.gethostname()}:{os.getpid()}"
    deadline = time.monotonic() + WAIT
    while True:
        for number in POOL:
            connection = redis.Redis.from_url(f"{TEST_REDIS}/{number}")
            if connection.set(HOLDER_KEY, holder, nx=True, ex=LEASE):
                break
        else:
            if time.monotonic() > deadline:
                pytest.fail(f"every test Redis database ({POOL}) is held by another process")
            time.sleep(1)
            continue
        break
    stop = threading.Event()
    threading.Thread(target=_lease, args=(connection, holder, stop), daemon=True).start()
    try:
        yield f"{TEST_REDIS}/{number}"
    finally:
        stop.set()
        if connection.get(HOLDER_KEY) == holder.encode():
            connection.delete(HOLDER_KEY)
