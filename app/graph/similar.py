"""'Who else works with partners like mine': brigades that share partners or partner kinds."""

from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import (
    Organization,
    OrgKind,
    PartnershipAnswer,
    Submission,
)
from app.public import public_organization_ids, public_partnership

LIMIT = 25


def similar_brigades(org_id: int, limit: int = LIMIT) -> list[dict]:
    """Return other brigades sharing a partner or a kind of partner with brigade `org_id`.

    Partners are the organizations at the other end of approved partnerships (in either
    direction). Brigades sharing more partners come first, then more partner kinds,
    then by name.
    """
    partners, orgs = _partners_by_org()
    mine = partners.get(org_id, set())
    if not mine:
        return []
    my_kinds = {orgs[partner]["kind"] for partner in mine}
    ranked = []
    for other, theirs in partners.items():
        if other == org_id or orgs[other]["kind"] != OrgKind.BRIGADE.value:
            continue
        shared = (mine & theirs) - {org_id, other}
        kinds = my_kinds & {orgs[partner]["kind"] for partner in theirs - {org_id}}
        if not shared and not kinds:
            continue
        ranked.append((other, shared, kinds))
    ranked.sort(key=lambda item: (-len(item[1]), -len(item[2]), orgs[item[0]]["name"].casefold()))
    return [_similar_json(orgs, other, shared, kinds) for other, shared, kinds in ranked[:limit]]


def _partners_by_org() -> tuple[dict[int, set[int]], dict[int, dict]]:
    """Return each public organization's partners, and the facts of every organization named."""
    submitter, partner = aliased(Organization), aliased(Organization)
    public = public_organization_ids()
    rows = db.session.execute(
        sa.select(
            submitter.id,
            submitter.name,
            submitter.slug,
            submitter.kind,
            submitter.city,
            submitter.state,
            partner.id,
            partner.name,
            partner.slug,
            partner.kind,
            partner.city,
            partner.state,
        )
        .select_from(PartnershipAnswer)
        .join(Submission, PartnershipAnswer.submission)
        .join(submitter, submitter.id == Submission.organization_id)
        .join(partner, partner.id == PartnershipAnswer.partner_id)
        .where(
            public_partnership(),
            submitter.id.in_(public),
            partner.id.in_(public),
            submitter.id != partner.id,
        )
    )
    partners: dict[int, set[int]] = defaultdict(set)
    orgs: dict[int, dict] = {}
    for row in rows:
        a, b = _facts(row[:6]), _facts(row[6:])
        orgs[a["id"]], orgs[b["id"]] = a, b
        partners[a["id"]].add(b["id"])
        partners[b["id"]].add(a["id"])
    return partners, orgs


def _facts(values) -> dict:
    """Return one organization's id, name, slug, kind, city and state from a row slice."""
    org_id, name, slug, kind, city, state = values
    return {
        "id": org_id,
        "name": name,
        "slug": slug,
        "kind": getattr(kind, "value", kind),
        "city": city,
        "state": state,
    }


def _similar_json(orgs: dict, other: int, shared: set[int], kinds: set[str]) -> dict:
    """Return one similar brigade with the partners and partner kinds it shares."""
    org = orgs[other]
    names = sorted((orgs[p] for p in shared), key=lambda partner: partner["name"].casefold())
    return {
        "name": org["name"],
        "slug": org["slug"],
        "city": org["city"],
        "state": org["state"],
        "url": f"/orgs/{org['slug']}",
        "shared_partners": [{"name": p["name"], "slug": p["slug"]} for p in names],
        "shared_kinds": [
            {"kind": kind.value, "label": kind.label} for kind in OrgKind if kind.value in kinds
        ],
    }
