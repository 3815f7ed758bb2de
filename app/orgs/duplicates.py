"""Spotting organizations that are probably the same one under two spellings."""

from dataclasses import dataclass
from difflib import SequenceMatcher

import sqlalchemy as sa

from app.extensions import db
from app.models import Organization, OrganizationAlias

CLOSE_SPELLING = 0.85  # similarity of normalized names that reads as a typo
MIN_CONTAINED = 5  # shortest name that counts when found inside another ("caltrans")
SAME_CITY_SPELLING = 0.6  # looser, when both are in the same city


@dataclass(frozen=True)
class Candidate:
    organization: Organization
    reason: str


def likely_duplicates(org: Organization, limit: int = 5) -> list[Candidate]:
    """Return organizations that may be `org` under another name, the likeliest first."""
    others = db.session.scalars(sa.select(Organization).where(Organization.id != org.id)).all()
    aliases = db.session.execute(
        sa.select(OrganizationAlias.organization_id, OrganizationAlias.name_key)
    ).all()
    alias_keys: dict[int, set[str]] = {}
    for org_id, key in aliases:
        alias_keys.setdefault(org_id, set()).add(key)
    found: list[tuple[float, Candidate]] = []
    for other in others:
        keys = {other.name_key, *alias_keys.get(other.id, set())}
        if org.name_key in keys:
            found.append((2.0, Candidate(other, "same name")))
            continue
        contained = next((key for key in keys if _contains(org.name_key, key)), None)
        if contained:
            found.append((0.9, Candidate(other, "one name contains the other")))
            continue
        score = max(SequenceMatcher(None, org.name_key, key).ratio() for key in keys)
        same_city = bool(org.city and org.city == other.city and org.state == other.state)
        if score >= CLOSE_SPELLING:
            found.append((score, Candidate(other, f"close spelling ({score:.0%} alike)")))
        elif same_city and score >= SAME_CITY_SPELLING:
            found.append((score, Candidate(other, f"same city, similar name ({score:.0%})")))
    found.sort(key=lambda pair: -pair[0])
    return [candidate for _, candidate in found[:limit]]


def _contains(first: str, second: str) -> bool:
    """Tell whether one name holds the other as whole words ("caltrans district 3")."""
    shorter, longer = sorted((first, second), key=len)
    return len(shorter) >= MIN_CONTAINED and f" {shorter} " in f" {longer} "
