"""Static files served like a kept site: content-hashed names cached for a year, compressed.

`url_for('static', filename='js/map.js')` gives `/static/js/map.<hash>.js`, the hash being
the first 12 hex digits of the file's SHA-256. A changed file gets a new address, so a
hashed address is served with a year's immutable caching and a browser never asks for it
again. The plain name still works (an old page's link) and is revalidated on every use
(`no-cache`, then a 304 while the file is unchanged); so is a hashed name whose hash is
not the file's (a page kept from before a deploy gets the current file, not a 404).

Files are answered by WhiteNoise before the app is entered: no session, no database, no
kept-pages lookup. `make install` writes each file's gzip and brotli copies beside it
(`python -m whitenoise.compress`, which gives a copy its file's modification time); the
smallest one the browser accepts is sent, with `Vary: Accept-Encoding`. A copy older than
its file (the file changed after the install) is never sent: the file is, uncompressed.

Names, hashes and copies are read once at start-up. Under the development server's
debugger (`flask run --debug`) they are read again at each use, so an edit shows at once.
"""

import hashlib
import os
import re
from pathlib import PurePosixPath
from wsgiref.headers import Headers

from flask import Flask
from whitenoise import WhiteNoise
from whitenoise.base import scantree
from whitenoise.responders import MissingFileError, StaticFile
from whitenoise.string_utils import decode_path_info

from app.security import SECURITY_HEADERS

# A hashed address never changes what it serves: a year, and no revalidation.
HASHED_CACHING = "public, max-age=31536000, immutable"
# A plain name may serve another file tomorrow: kept, but asked again each time.
PLAIN_CACHING = "public, no-cache"
HASH_LENGTH = 12
HASHED_NAME = re.compile(rf"^(?P<stem>.+)\.[0-9a-f]{{{HASH_LENGTH}}}(?P<suffix>\.[^./]+)?$")
COPIES = {"gzip": ".gz", "br": ".br"}  # WhiteNoise's Content-Encoding: suffix
# whitenoise.compress sets a copy's time from its file's as a float: allow its rounding.
MTIME_SLACK_NS = 1_000_000
RELEASE = "constellation.static_release"  # on app.extensions: see static_release

# (path, size, modification time) -> hash: each version of a file is read once per process,
# however many apps are built (the tests build many).
_hashes: dict[tuple[str, int, int], str] = {}


def register(app: Flask) -> None:
    """Answer static files before the app is entered, and give url_for their hashed names."""
    static_files = StaticFiles(app)
    app.wsgi_app = static_files  # type: ignore[method-assign]  # Flask's documented way
    app.extensions[RELEASE] = static_files.release()

    @app.url_defaults
    def hashed_static_name(endpoint: str, values: dict) -> None:
        """Give url_for('static', filename=...) the file's hashed name."""
        if endpoint == "static" and "filename" in values:
            values["filename"] = static_files.name_for(values["filename"])


def static_release(app: Flask) -> str:
    """Return what names this version of the static files: pages kept under another link to
    files that are not served any more, so the page cache names pages with it."""
    return app.extensions.get(RELEASE, "")


def hashed_name(name: str, content_hash: str) -> str:
    """Return `name` with `content_hash` before its suffix: js/map.js -> js/map.<hash>.js."""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.{content_hash}{path.suffix}"))


def plain_name(url: str) -> str | None:
    """Return the plain name of a hashed name (None if it is not one)."""
    match = HASHED_NAME.match(url)
    return None if match is None else match["stem"] + (match["suffix"] or "")


def content_hash(path: str, stat: os.stat_result) -> str:
    """Return the first hex digits of the SHA-256 of the file at `path`."""
    key = (path, stat.st_size, stat.st_mtime_ns)
    if key not in _hashes:
        with open(path, "rb") as file:
            _hashes[key] = hashlib.file_digest(file, "sha256").hexdigest()[:HASH_LENGTH]
    return _hashes[key]


class StaticFiles(WhiteNoise):
    """A WSGI layer in front of the app that serves the files of its static folder."""

    def __init__(self, app: Flask):
        """Read every file of the app's static folder, under its plain and its hashed name."""
        super().__init__(app.wsgi_app, allow_all_origins=False)
        if app.static_folder is None or app.static_url_path is None:
            raise RuntimeError("the app serves no static folder")  # create_app always names one
        self.flask = app
        self.root = os.path.join(os.path.abspath(app.static_folder), "")
        self.prefix = app.static_url_path.rstrip("/") + "/"
        self.directories = [(self.root, self.prefix)]  # where find_file looks (development)
        self.hashed: dict[str, str] = {}  # plain name -> hashed name
        self.hashed_urls: set[str] = set()
        if os.path.isdir(self.root):
            self._read_files()

    def _read_files(self) -> None:
        """Describe each file once, served at its plain and at its hashed address."""
        stats = dict(scantree(self.root))
        for path, stat in stats.items():
            if self.is_compressed_variant(path, stat_cache=stats):
                continue
            name = os.path.relpath(path, self.root).replace(os.sep, "/")
            self.hashed[name] = hashed_name(name, content_hash(path, stat))
            self.hashed_urls.add(self.prefix + self.hashed[name])
            for url in (self.prefix + name, self.prefix + self.hashed[name]):
                self.files[url] = self.get_static_file(path, url, stat_cache=stats)

    def release(self) -> str:
        """Return a digest of every file's hashed name: another one when any file changes."""
        names = "\n".join(sorted(self.hashed.values()))
        return hashlib.sha256(names.encode()).hexdigest()[:HASH_LENGTH]

    def name_for(self, filename: str) -> str:
        """Return the name url_for gives a static file: hashed, or as it is if unknown."""
        if not self.flask.debug:
            return self.hashed.get(filename, filename)
        path = os.path.normpath(os.path.join(self.root, filename))
        try:
            stat = os.stat(path)
        except (OSError, ValueError):
            return filename
        if not self.path_is_child_of(path, self.root) or not os.path.isfile(path):
            return filename
        return hashed_name(filename, content_hash(path, stat))

    def __call__(self, environ, start_response):
        """Answer a static file's request here; pass anything else on to the app."""
        path = environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or not path.startswith(self.prefix):
            return self.application(environ, start_response)  # (a POST: Flask's 405 page)
        static_file = self._find(decode_path_info(path))
        if static_file is None:  # Flask answers: a 404 page
            return self.application(environ, start_response)
        return self.serve(static_file, environ, start_response)

    def _find(self, url: str):
        """Return the file served at `url`, or None."""
        if self.flask.debug:  # files change under the development server: look each time
            return self.find_file(plain_name(url) or url)
        found = self.files.get(url)
        if found is None and (plain := plain_name(url)):
            found = self.files.get(plain)  # another hash: the file as it is now
        return found

    def get_static_file(self, path: str, url: str, stat_cache: dict | None = None):
        """Describe the file at `path` served at `url`: its type, caching and fresh copies."""
        stats = stat_cache if stat_cache is not None else _stats(path)
        if path not in stats:
            raise MissingFileError(path)
        headers = Headers([])
        self.add_mime_headers(headers, path, url)
        headers["Cache-Control"] = HASHED_CACHING if url in self.hashed_urls else PLAIN_CACHING
        for name, value in SECURITY_HEADERS.items():
            headers[name] = value
        fresh = {
            encoding: path + suffix
            for encoding, suffix in COPIES.items()
            if path + suffix in stats
            and stats[path + suffix].st_mtime_ns >= stats[path].st_mtime_ns - MTIME_SLACK_NS
        }
        return StaticFile(path, headers.items(), encodings=fresh, stat_cache=stats)


def _stats(path: str) -> dict[str, os.stat_result]:
    """Return the stat of the file at `path` and of its compressed copies that exist."""
    found = {}
    for candidate in (path, *(path + suffix for suffix in COPIES.values())):
        try:
            found[candidate] = os.stat(candidate)
        except (OSError, ValueError):  # missing, or a name no file can have
            pass
    return found
