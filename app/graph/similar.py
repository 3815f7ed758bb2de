"""'Who else works with partners like mine': brigades that share partners or partner kinds."""

from collections import defaultdict

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.models import (
    Organization,
    OrgKind,
    PartnershipAnswer,
    Submission,
)
from app.network import network_state
from app.public import public_organization_ids, public_partnership

LIMIT = 25
GRAPH_MEMO = "constellation.similar_graph"  # (state, partners and facts) in this process


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
    """Return each public organization's partners, and the facts of every public one.

    Every brigade's panel reads the whole network's partnerships: built once per published
    state in each process (a second at 10,000 organizations, as the first tap waited).
    """
    state = network_state().key  # the published state (one small query)
    memo = current_app.extensions.get(GRAPH_MEMO)
    if memo is None or memo[0] != state:
        memo = (state, _partner_graph())
        current_app.extensions[GRAPH_MEMO] = memo
    return memo[1]


def _partner_graph() -> tuple[dict[int, set[int]], dict[int, dict]]:
    """Read the public partnerships (the ends' ids alone) and the public organizations."""
    public = public_organization_ids()
    submitter_id, partner_id = Submission.organization_id, PartnershipAnswer.partner_id
    pairs = db.session.execute(
        sa.select(submitter_id, partner_id)
        .select_from(PartnershipAnswer)
        .join(Submission, PartnershipAnswer.submission)
        .where(
            public_partnership(),
            submitter_id.in_(public),
            partner_id.in_(public),
            submitter_id != partner_id,
        )
    )
    partners: dict[int, set[int]] = defaultdict(set)
    for a, b in pairs:
        partners[a].add(b)
        partners[b].add(a)
    rows = db.session.execute(
        sa.select(
            Organization.id,
            Organization.name,
            Organization.slug,
            Organization.kind,
            Organization.city,
            Organization.state,
        ).where(Organization.id.in_(public))
    )
    return dict(partners), {row[0]: _facts(row) for row in rows}


def _facts(values) -> dict:
    """Return one organization's id, name, slug, kind, city and state from a row."""
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
