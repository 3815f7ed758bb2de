"""The yardstick: a bare Flask hello-world, served by the same gunicorn settings."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    """Answer with a short text."""
    return "Hello, World!"
