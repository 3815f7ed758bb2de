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
# gunicorn trusts no forwarded header, from any address or socket: only the app reads
# X-Forwarded-*, through ProxyFix, from as many proxies as PROXY_FIX_X_FOR says (0: none),
# so that one setting decides whether a request came over HTTPS and from whom. gunicorn's
# own defaults would take X-Forwarded-Proto (and SCRIPT_NAME) from 127.0.0.1 and from a
# UNIX socket, and FORWARDED_ALLOW_IPS from the environment; these lines override both.
forwarded_allow_ips = ""  # no address may set them
secure_scheme_headers = {}  # no header makes a request HTTPS (a UNIX socket is trusted)
forwarder_headers = ""  # no header may set SCRIPT_NAME or PATH_INFO
