"""What the site accepts from a client: ids in range, and text without control characters.

Every URL, argument and form field goes through these rules, so that nothing a client
sends can reach the database as a value it refuses (PostgreSQL refuses NUL in text and
integers past 2**31 - 1) and turn into a 500.
"""

import re
from urllib.parse import unquote, urlsplit

from flask import Flask, abort, request
from werkzeug.routing import BaseConverter, ValidationError

# Primary keys are INTEGER columns: the largest value SQLite and PostgreSQL both hold there.
MAX_ID = 2**31 - 1
_ID = re.compile(r"[0-9]{1,10}")
# C0 control characters and DEL, except tab, line feed and carriage return, which typed
# text may hold. NUL is among them: PostgreSQL cannot store it in a text column.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# In an address nothing may be invisible: every C0 and C1 control character and DEL.
ADDRESS_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# URL arguments that name where to go next: read only through site_path.
REDIRECT_ARGUMENTS = frozenset({"next"})


def parse_id(text: str | None) -> int | None:
    """Return `text` as a database id, or None when it is not one (not digits, 0, or too big)."""
    if not text or not _ID.fullmatch(text):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def site_path(target: str | None, under: str | None = None) -> str | None:
    """Return `target` if it is a path on this site (below `under`, if given), else None.

    Every redirect to an address a client sent goes through here: no open redirects, and
    nothing Werkzeug would refuse in a Location header (that would be a 500).
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    # Any control character, tab, line feed and carriage return too: unlike typed text, an
    # address never holds one, Werkzeug refuses a line break in a header, and urlsplit drops
    # tab and line breaks, so that "/\t/evil.example" would read as "//evil.example".
    if "\\" in target or ADDRESS_CONTROL_CHARACTERS.search(target):
        return None  # browsers read "/\evil.example" as "//evil.example"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    if {".", ".."} & set(unquote(parts.path).split("/")):
        return None  # browsers resolve "/moderation/../admin" out of where `under` allows
    if under is not None and not parts.path.startswith(under):
        return None
    return target


def has_control_characters(text: str) -> bool:
    """Tell whether `text` holds a character no answer, name or address may hold."""
    return CONTROL_CHARACTERS.search(text) is not None


class IdConverter(BaseConverter):
    """The `<id:name>` URL part: a database id; anything else, or out of range, is a 404."""

    regex = r"[0-9]{1,10}"

    def to_python(self, value: str) -> int:
        """Return the id, or refuse the match (a 404) when it is out of range."""
        number = parse_id(value)
        if number is None:
            raise ValidationError()
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))


def refuse_control_characters_in_urls() -> None:
    """Answer 400 to a URL whose path or arguments hold a control character.

    Forms are not checked here: a form shows the message beside the field instead
    (app.forms.Form), keeping what the visitor typed. Nor is a redirect target (`next`):
    site_path refuses it, and the visitor still gets what they asked for (a language, a
    sign-in), then the default page.
    """
    if has_control_characters(request.path) or any(
        has_control_characters(key) or has_control_characters(value)
        for key, values in request.args.lists()
        if key not in REDIRECT_ARGUMENTS
        for value in values
    ):
        abort(400, "The address holds a control character (such as NUL). Remove it and retry.")


def register(app: Flask) -> None:
    """Install the `id` URL converter and the URL check on `app`."""
    app.url_map.converters["id"] = IdConverter
    app.before_request(refuse_control_characters_in_urls)
