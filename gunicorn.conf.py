"""gunicorn's settings for production: `gunicorn --config gunicorn.conf.py wsgi:app`.

Each can be changed from the environment (WEB_CONCURRENCY, GUNICORN_TIMEOUT) or on the
command line, which wins over this file.
"""

import os

bind = "127.0.0.1:8000"
# Worker processes; each serves one request at a time (2 or 3 per core is usual).
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# A worker silent this long is restarted. Requests stay far below it; the margin is for
# a slow database, not for work that belongs in the background.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Requests and errors to standard output and error, for the process manager's log.
accesslog = "-"
errorlog = "-"
# Keep-alive for the TLS-terminating proxy in front.
keepalive = 5
