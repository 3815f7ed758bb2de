"""Kept pages built after the visitor is answered, who gets the previous state's copy meanwhile.

The publishing job builds the most asked-for pages of a new state before it makes the
state public (app/graph/publish.py). Any other kept page (an organization's, a wave's
report, a filtered view) is built when it is first asked for in the new state: rather
than make that visitor wait seconds at 10,000 organizations, the page cache answers
with the copy kept for the state before, when there is one, and asks for the page here.
It is built once per process, in a thread of its own, the way the job builds its pages:
as an anonymous request through the app that names the state to keep it under
(BUILD_MARK), so it is the page any visitor's request would have built.
"""

import contextvars
import os
import queue
import threading

from flask import Flask

from app.buildmemo import BUILD_MARK

_lock = threading.Lock()
_asked: set[tuple] = set()  # (state, page name) asked and not yet built, in this process
_work: "queue.Queue[tuple] | None" = None
_owner = 0  # the process the thread belongs to: a forked worker starts its own


def rebuild_later(app: Flask, state: tuple, name: str, address: str, language: str) -> None:
    """Ask for the page `name` of `state` (at `address`, in `language`) to be built and kept."""
    global _work, _owner
    with _lock:
        if (state, name) in _asked:
            return
        _asked.add((state, name))
        if _work is None or _owner != os.getpid():
            _work, _owner = queue.Queue(), os.getpid()
            threading.Thread(target=_build_asked, args=(app, _work), daemon=True).start()
        _work.put((state, name, address, language))


def _build_asked(app: Flask, work: "queue.Queue[tuple]") -> None:
    """Build each page asked for, one after another, for as long as the process lives."""
    client = app.test_client(use_cookies=False)
    while True:
        state, name, address, language = work.get()
        try:
            overrides = {BUILD_MARK: state, "HTTP_ACCEPT_LANGUAGE": language}
            # A context of its own, as a real request has: its own session and `g`.
            contextvars.Context().run(client.get, address, environ_overrides=overrides)
        except Exception:
            app.logger.exception("Rebuilding %s failed", address)
        finally:
            with _lock:
                _asked.discard((state, name))
            work.task_done()


def wait_for_rebuilds() -> None:
    """Wait until every page asked for in this process is built (for the tests)."""
    if _work is not None and _owner == os.getpid():
        _work.join()
