"""The one cache of documents built from the public network: pages, /api/graph, files.

What a public document shows changes only with the network's state (app/network.py), so
each is kept under a key that starts with that state and is built once per state. Where
it is kept is the deployment's choice, CACHE_URL:

- empty (the default): in files under the instance folder (documents/), shared by every
  worker of one host, so the job's build of a state is read by all of them;
- a redis:// URL: in Redis, shared by every worker and app server, so a new state is
  built once, not once per worker or host. Entries expire after an hour;
- memory://: in this process, bounded by bytes (the tests; one development process).

The job that publishes a state (app/graph/publish.py) prunes what states before the
previous one kept: visitors may still be served the previous state for a moment.

A cache that cannot be reached is no reason to fail a request: the document is built
as if nothing were kept, and the problem is logged.
"""

import hashlib
import logging
import os
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import BinaryIO, cast

from flask import Flask, current_app

PROCESS_BUDGET = 64 * 1024 * 1024  # bytes kept per process
# Bytes of files kept per state: filters combine into more pages than anyone reads, and
# a visitor asking for every combination must not fill the disk. Past it, a page is
# served as built and not kept (counted per process: a host keeps at most workers times it).
FILE_BUDGET = 256 * 1024 * 1024
REDIS_TTL = 3600  # seconds a document is kept in Redis
REDIS_PREFIX = "constellation:doc:"
MEMORY_URL = "memory://"
STATES_KEPT = 2  # the published state and the one before it, still served for a moment
EXTENSION_KEY = "constellation.document_cache"
log = logging.getLogger(__name__)  # under the app's logger, and usable outside a request


class ProcessStore:
    """A thread-safe least-recently-used map of keys to bytes, within a byte budget."""

    def __init__(self, budget: int = PROCESS_BUDGET):
        self.budget = budget
        self.size = 0
        self._items: OrderedDict[tuple, bytes] = OrderedDict()
        self._claims: dict[tuple, float] = {}  # (state, name): until when it is claimed
        self._lock = threading.Lock()

    def get(self, state: tuple, name: str) -> bytes | None:
        """Return the bytes kept under `name` for the network `state`, or None."""
        with self._lock:
            value = self._items.get((state, name))
            if value is not None:
                self._items.move_to_end((state, name))
            return value

    def put(self, state: tuple, name: str, value: bytes) -> None:
        """Keep `value`, dropping all but the newest states' documents and the least used."""
        if len(value) > self.budget // 4:
            return  # one huge file would push out everything else
        with self._lock:
            states = sorted({key[0] for key in self._items} | {state})
            self._drop_before(states[-STATES_KEPT:][0])
            if (state, name) in self._items:
                self.size -= len(self._items.pop((state, name)))
            self._items[(state, name)] = value
            self.size += len(value)
            while self.size > self.budget and self._items:
                self.size -= len(self._items.popitem(last=False)[1])

    def prune(self, oldest: tuple) -> None:
        """Drop the documents of states before `oldest`."""
        with self._lock:
            self._drop_before(oldest)

    def claim(self, state: tuple, name: str, seconds: float) -> bool:
        """Tell whether this caller may build `name` for `state`: no other did for `seconds`."""
        now = time.monotonic()
        with self._lock:
            if now < self._claims.get((state, name), 0):
                return False
            self._claims = {key: end for key, end in self._claims.items() if end > now}
            self._claims[(state, name)] = now + seconds
            return True

    def _drop_before(self, oldest: tuple) -> None:
        """Drop the documents of states before `oldest` (the lock held)."""
        for old in [key for key in self._items if key[0] < oldest]:
            self.size -= len(self._items.pop(old))


class FileStore:
    """Documents kept as files, one folder per state: shared by every process of a host.

    Each file is written under a temporary name and renamed into place, so a reader gets
    a whole document or none. Only the bytes each state's folder holds are counted in
    the process, to keep within `budget`.
    """

    def __init__(self, folder: str | Path, budget: int = FILE_BUDGET):
        self.folder = Path(folder)
        self.budget = budget
        self._used: dict[tuple, int] = {}  # bytes in each state's folder, as last counted
        self._lock = threading.Lock()

    def _path(self, state: tuple, name: str) -> Path:
        """Return the file that holds `name` for `state`."""
        digest = hashlib.sha256(name.encode()).hexdigest()[:40]
        return self.folder / ".".join(map(str, state)) / digest

    def get(self, state: tuple, name: str) -> bytes | None:
        """Return the bytes kept under `name` for the network `state`, or None."""
        try:
            return self._path(state, name).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            log.warning("Document cache unreadable: %s", error)
            return None

    def open(self, state: tuple, name: str) -> BinaryIO | None:
        """Return the file that holds `name` for the network `state`, open to read, or None.

        Unbuffered: where it is read from is where the operating system says it is, as a
        server's sendfile reads it.
        """
        try:
            return self._path(state, name).open("rb", buffering=0)
        except FileNotFoundError:
            return None
        except OSError as error:
            log.warning("Document cache unreadable: %s", error)
            return None

    def put(self, state: tuple, name: str, value: bytes) -> None:
        """Keep `value` (atomically: written aside, then renamed into place) within the budget."""
        path = self._path(state, name)
        if not self._room_for(state, path.parent, len(value)):
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")
            with os.fdopen(handle, "wb") as file:
                file.write(value)
            os.replace(temporary, path)
        except OSError as error:
            log.warning("Document cache unwritable: %s", error)

    def _room_for(self, state: tuple, folder: Path, size: int) -> bool:
        """Tell whether `size` more bytes fit in the state's folder, and count them if so."""
        with self._lock:
            if state not in self._used:
                self._used[state] = _bytes_in(folder)
                for old in sorted(self._used)[:-STATES_KEPT]:  # pruned: no longer written
                    del self._used[old]
            if self._used[state] + size > self.budget:
                if self._used[state] <= self.budget:  # said once per state
                    log.warning("Document cache full for state %s: pages are not kept", state)
                    self._used[state] = self.budget + 1
                return False
            self._used[state] += size
            return True

    def claim(self, state: tuple, name: str, seconds: float) -> bool:
        """Tell whether this caller may build `name` for `state`: no process of the host did
        for `seconds` (a file made only if missing marks the claim)."""
        path = self._path(state, name).with_suffix(".claim")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                return True
            except FileExistsError:
                if time.time() - path.stat().st_mtime < seconds:
                    return False
                os.utime(path)  # a claim whose builder went away: taken over
                return True
        except OSError as error:
            log.warning("Document cache unwritable: %s", error)
            return True

    def prune(self, oldest: tuple) -> None:
        """Remove the folders of states before `oldest`."""
        if not self.folder.is_dir():
            return
        for folder in self.folder.iterdir():
            try:
                state = tuple(int(part) for part in folder.name.split("."))
            except ValueError:
                continue
            if state < oldest:
                shutil.rmtree(folder, ignore_errors=True)


def _bytes_in(folder: Path) -> int:
    """Return the bytes the files of `folder` hold (none when it does not exist)."""
    try:
        return sum(entry.stat().st_size for entry in os.scandir(folder) if entry.is_file())
    except FileNotFoundError:
        return 0


class RedisStore:
    """Documents kept in Redis, shared by every process that names the same server."""

    def __init__(self, url: str):
        from redis import Redis

        self.redis = Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)

    @staticmethod
    def _key(state: tuple, name: str) -> str:
        digest = hashlib.sha256(name.encode()).hexdigest()[:32]
        return f"{REDIS_PREFIX}{'.'.join(map(str, state))}:{digest}"

    def get(self, state: tuple, name: str) -> bytes | None:
        """Return the bytes kept under `name` for the network `state`, or None."""
        from redis import RedisError

        try:
            # Bytes: the client is made without decode_responses; redis types any client's.
            return cast(bytes | None, self.redis.get(self._key(state, name)))
        except RedisError as error:
            log.warning("Document cache unreachable: %s", error)
            return None

    def put(self, state: tuple, name: str, value: bytes) -> None:
        """Keep `value` for an hour."""
        from redis import RedisError

        try:
            self.redis.set(self._key(state, name), value, ex=REDIS_TTL)
        except RedisError as error:
            log.warning("Document cache unreachable: %s", error)

    def claim(self, state: tuple, name: str, seconds: float) -> bool:
        """Tell whether this caller may build `name` for `state`: no server did for `seconds`."""
        from redis import RedisError

        try:
            return bool(self.redis.set(self._key(state, name) + ":claim", 1, nx=True,
                                       ex=max(1, round(seconds))))  # fmt: skip
        except RedisError as error:
            log.warning("Document cache unreachable: %s", error)
            return True

    def prune(self, oldest: tuple) -> None:
        """Leave older states to expire: their keys are never read again."""


Store = ProcessStore | FileStore | RedisStore


def document_cache(app: Flask | None = None) -> Store:
    """Return the store CACHE_URL names for the app (this request's by default; made once)."""
    app = app or current_app
    store = app.extensions.get(EXTENSION_KEY)
    if store is None:
        url = app.config.get("CACHE_URL") or ""
        if url == MEMORY_URL:
            store = ProcessStore()
        elif url:
            store = RedisStore(url)
        else:
            store = FileStore(Path(app.instance_path) / "documents")
        store = app.extensions.setdefault(EXTENSION_KEY, store)
    return store


def cached(state: tuple, name: str, build) -> bytes:
    """Return the document `name` of the network `state`, building it with `build()` once."""
    store = document_cache()
    value = store.get(state, name)
    if value is None:
        value = build()
        store.put(state, name, value)
    return value
