"""Normalizing organization names: keys for duplicate detection and URL slugs."""

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def _ascii_fold(text: str) -> str:
    """Drop accents and case so that 'Universidad' and 'UNIVERSIDAD' compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def name_key(name: str) -> str:
    """Return the key two spellings of one organization's name share.

    Case, accents, punctuation, '&' versus 'and' and a leading 'the' are ignored.
    """
    folded = _ascii_fold(name).replace("&", " and ")
    words = _NON_WORD.sub(" ", folded).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def slugify(name: str, max_length: int = 80) -> str:
    """Return a lowercase, hyphenated URL slug for `name`."""
    slug = _NON_WORD.sub("-", _ascii_fold(name)).strip("-")
    return slug[:max_length].rstrip("-") or "organization"


def clean_text(value: str | None) -> str:
    """Trim a typed value and collapse runs of spaces, keeping line breaks."""
    if not value:
        return ""
    lines = [" ".join(line.split()) for line in value.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip()
