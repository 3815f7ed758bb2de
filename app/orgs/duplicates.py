"""Spotting organizations that are probably the same one under two spellings.

Comparing a new name with every organization costs a second per name at 10,000
organizations. So candidates are found first, in one query, by blocking keys: the
first three letters of each telling word of the name ("sac" for "Code for Sacramnto"),
which a typo rarely changes, plus organizations in the same city. Only those few are
compared closely, with rapidfuzz (difflib's measure, in C++).
"""

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from rapidfuzz import fuzz

from app.extensions import db
from app.models import Organization, OrganizationAlias

CLOSE_SPELLING = 0.85  # similarity of normalized names that reads as a typo
MIN_CONTAINED = 5  # shortest name that counts when found inside another ("caltrans")
SAME_CITY_SPELLING = 0.6  # looser, when both are in the same city
BLOCK = 3  # letters of a word that make its blocking key
MAX_CANDIDATES = 400  # compared closely per review page, at most
# Words too common in organization names to tell two of them apart.
COMMON_WORDS = frozenset(
    "and association brigade center city civic code coalition community county data "
    "department for foundation group hack hackers inc lab labs network of office open "
    "project state the tech university".split()
)


@dataclass(frozen=True)
class Candidate:
    organization: Organization
    reason: str


def likely_duplicates(org: Organization, limit: int = 5) -> list[Candidate]:
    """Return organizations that may be `org` under another name, the likeliest first."""
    return likely_duplicates_of([org], limit)[org.id]


def likely_duplicates_of(orgs: list[Organization], limit: int = 5) -> dict[int, list[Candidate]]:
    """Return the likely duplicates of each of `orgs` (three queries, however many)."""
    if not orgs:
        return {}
    blocks = set().union(*(blocking_keys(org.name_key) for org in orgs))
    places = {(org.city, org.state) for org in orgs if org.city}
    alias_rows = db.session.execute(
        sa.select(OrganizationAlias.organization_id, OrganizationAlias.name_key).where(
            _starts_a_word(OrganizationAlias.name_key, blocks)
        )
    ).all()
    conditions = [_starts_a_word(Organization.name_key, blocks)]
    conditions.append(Organization.id.in_({row.organization_id for row in alias_rows}))
    conditions += [
        sa.and_(Organization.city == city, Organization.state == state) for city, state in places
    ]
    candidates = db.session.scalars(
        sa.select(Organization).where(sa.or_(*conditions)).order_by(Organization.id)
        .limit(MAX_CANDIDATES)
    ).all()  # fmt: skip
    alias_keys: dict[int, set[str]] = defaultdict(set)
    for org_id, key in db.session.execute(
        sa.select(OrganizationAlias.organization_id, OrganizationAlias.name_key).where(
            OrganizationAlias.organization_id.in_([c.id for c in candidates])
        )
    ):
        alias_keys[org_id].add(key)
    return {org.id: _closest(org, candidates, alias_keys, limit) for org in orgs}


def blocking_keys(key: str) -> set[str]:
    """Return the blocking keys of a normalized name: a prefix of each telling word."""
    words = [word for word in key.split() if word not in COMMON_WORDS and len(word) >= BLOCK]
    words = words or [word for word in key.split() if len(word) >= BLOCK] or key.split()
    return {word[:BLOCK] for word in words if word}


def _starts_a_word(column, blocks: set[str]):
    """Return the condition: some word of the name in `column` starts with one of `blocks`."""
    if not blocks:
        return sa.false()
    return sa.or_(
        *(column.like(f"{block}%") for block in blocks),
        *(column.like(f"% {block}%") for block in blocks),
    )


def _closest(org, candidates, alias_keys, limit: int) -> list[Candidate]:
    """Compare `org` with the candidates closely; return the likeliest `limit`."""
    found: list[tuple[float, Candidate]] = []
    for other in candidates:
        if other.id == org.id:
            continue
        keys = {other.name_key, *alias_keys.get(other.id, set())}
        if org.name_key in keys:
            found.append((2.0, Candidate(other, _("same name"))))
            continue
        if any(_contains(org.name_key, key) for key in keys):
            found.append((0.9, Candidate(other, _("one name contains the other"))))
            continue
        score = max(fuzz.ratio(org.name_key, key) for key in keys) / 100
        same_city = bool(org.city and org.city == other.city and org.state == other.state)
        if score >= CLOSE_SPELLING:
            reason = _("close spelling (%(alike)s alike)", alike=f"{score:.0%}")
            found.append((score, Candidate(other, reason)))
        elif same_city and score >= SAME_CITY_SPELLING:
            reason = _("same city, similar name (%(alike)s)", alike=f"{score:.0%}")
            found.append((score, Candidate(other, reason)))
    found.sort(key=lambda pair: -pair[0])
    return [candidate for _, candidate in found[:limit]]


def _contains(first: str, second: str) -> bool:
    """Tell whether one name holds the other as whole words ("caltrans district 3")."""
    shorter, longer = sorted((first, second), key=len)
    return len(shorter) >= MIN_CONTAINED and f" {shorter} " in f" {longer} "
