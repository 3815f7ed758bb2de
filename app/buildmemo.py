"""What the publishing job reads once, shared by every document it builds of one state.

The job (app/graph/publish.py) builds each main public document through the app, as a
request, in every language. Each of those would read the whole network again, with its
stored positions, places and figures: about a second each at 10,000 organizations. So
the job hands its requests one memo made for the state it builds, in their WSGI environ
beside BUILD_MARK (where no HTTP client can put anything), and what they read through
`shared` is read once per job.

A visitor's request carries no memo, so it reads fresh data; a memo is only used by a
request building the very state it was made for, and lives as long as that job's builds.
"""

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from flask import has_request_context, request

# The WSGI environ key under which the publishing job (app/graph/publish.py) names the
# state it builds pages for. Not a header: no HTTP client can set it (servers put
# headers under HTTP_*), so only the job's own requests through the app carry it.
BUILD_MARK = "constellation.building"
BUILD_MEMO = "constellation.build_memo"  # beside it: the job's memo
T = TypeVar("T")


class BuildMemo:
    """The values one publishing job's builds share, for the one state it builds.

    The job's layout may put the network it read in first (app/graph/layout.py): the
    state is the one that network is published as.
    """

    def __init__(self):
        self.state: tuple | None = None
        self._values: dict = {}

    def get(self, key, compute: Callable[[], T]) -> T:
        """Return the value kept under `key`, computing it with `compute()` the first time."""
        if key not in self._values:
            self._values[key] = compute()
        return self._values[key]

    def clear(self) -> None:
        """Drop every value kept: the requests that read them may outlive the job's builds."""
        self._values.clear()

    def environ(self, state: tuple) -> dict:
        """Return the WSGI environ entries that make a request build `state` with this memo."""
        if self.state not in (None, state):
            raise ValueError(f"this memo is the build of state {self.state}, not {state}")
        self.state = state
        return {BUILD_MARK: state, BUILD_MEMO: self}


def shared(key, compute: Callable[[], T]) -> T:
    """Return `compute()`, read once per publishing job when this request is one of its builds.

    What is shared must not be changed by its readers: every build of the job gets it.
    """
    memo = _build_memo()
    return compute() if memo is None else memo.get(key, compute)


def _build_memo() -> BuildMemo | None:
    """Return the memo of the job this request builds for, if it is such a build."""
    if not has_request_context():
        return None
    memo = request.environ.get(BUILD_MEMO)
    if not isinstance(memo, BuildMemo) or memo.state is None:
        return None
    if request.environ.get(BUILD_MARK) != memo.state:
        return None
    return memo


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with Python's cycle collector paused (as it was after it).

    A job that reads a national network makes millions of objects that live until it
    ends, and each of them counts toward the next full collection, which walks them all:
    at 10,000 organizations a third of the job's CPU. What it makes is freed as it goes
    out of use all the same (reference counting); any cycle waits for the next collection.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
