"""The yardsticks: a bare Flask hello-world, served by the same gunicorn settings.

`/bytes/<size>` is the same bare Flask sending a body of `size` bytes, kept in memory:
what any app pays to hand a large response to the kernel, with no work of its own.
"""

import os

from flask import Flask, Response, abort

app = Flask(__name__)
LARGEST = 64 * 1024 * 1024
# Random, as a compressed document is: nothing on the way can make it smaller.
BODIES: dict[int, bytes] = {}


@app.get("/")
def hello():
    """Answer with a short text."""
    return "Hello, World!"


@app.get("/bytes/<int:size>")
def sized(size: int):
    """Answer with `size` bytes made once per worker and kept."""
    if size > LARGEST:
        abort(404)
    if size not in BODIES:
        BODIES[size] = os.urandom(size)
    return Response(BODIES[size], mimetype="application/octet-stream")
