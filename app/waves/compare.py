"""What changed between two waves, from approved answers only.

Relationships change by the map's own rule (app/graph/changes.py), so that this page
and the map's "changes since" mode always agree.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import pgettext

from app.extensions import db
from app.graph.build import PARTNERSHIP, load_network
from app.graph.changes import CHANGES, CONTINUING, ENDED, NEW, UNCONFIRMED, changes_since
from app.models import (
    InvolvementAnswer,
    InvolvementLevel,
    Organization,
    Submission,
    SurveyKind,
    SurveyWave,
)
from app.public import published
from app.waves.reports import Row, involvement_report

Pair = tuple[str, str]


@dataclass
class Comparison:
    # Which sections apply: both waves ran the involvement survey, or both the partnership one.
    involvement: bool = False
    partnership: bool = False
    levels: list[Row] = field(default_factory=list)  # share now (percent) beside before (baseline)
    level_totals: tuple[int, int] = (0, 0)  # organizations counted by level, before and after
    directions: list[Row] = field(default_factory=list)  # more, as, less involved than before
    relationship_counts: list[Row] = field(default_factory=list)
    transitions: dict[InvolvementLevel, dict[InvolvementLevel, int]] = field(default_factory=dict)
    moved: list[tuple[str, InvolvementLevel, InvolvementLevel]] = field(default_factory=list)
    added: list[Pair] = field(default_factory=list)
    continued: list[Pair] = field(default_factory=list)
    ended: list[Pair] = field(default_factory=list)
    unconfirmed: list[Pair] = field(default_factory=list)  # named by those who did not answer
    new_organizations: list[str] = field(default_factory=list)
    did_not_answer: list[str] = field(default_factory=list)


def _approved(wave: SurveyWave):
    return sa.select(Submission.id).where(Submission.wave_id == wave.id, published())


def _levels(wave: SurveyWave) -> dict[str, InvolvementLevel]:
    """Return each answering organization's name and its involvement level in `wave`."""
    rows = db.session.execute(
        sa.select(Organization.name, InvolvementAnswer.level)
        .join(Submission, Submission.id == InvolvementAnswer.submission_id)
        .join(Organization, Organization.id == Submission.organization_id)
        .where(Submission.id.in_(_approved(wave)))
    ).all()
    return dict(rows)


def _relationship_changes(before: SurveyWave, after: SurveyWave) -> dict[str, list[Pair]]:
    """Return the (organization, partner) names of partnerships by change, as the map has them."""
    network = load_network()
    changes = changes_since(network, before.slug, after.slug)
    by_change: dict[str, list[Pair]] = {change: [] for change in CHANGES}
    for edge in changes.edges:
        if edge.type == PARTNERSHIP:
            by_change[changes.change_of[edge.id]].append(_names(network, edge))
    by_change[UNCONFIRMED] = [
        _names(network, edge) for edge in changes.unconfirmed if edge.type == PARTNERSHIP
    ]
    return {change: sorted(set(pairs)) for change, pairs in by_change.items()}


def _names(network, edge) -> Pair:
    """Return the names of a relationship's two ends."""
    return (network.orgs[edge.source].name, network.orgs[edge.target].name)


def _respondents(wave: SurveyWave) -> set[str]:
    """Return the names of organizations with an approved submission in `wave`."""
    return set(
        db.session.scalars(
            sa.select(Organization.name)
            .join(Submission, Submission.organization_id == Organization.id)
            .where(Submission.id.in_(_approved(wave)))
        )
    )


def both_run(kind: SurveyKind, before: SurveyWave, after: SurveyWave) -> bool:
    """Tell whether both waves ran the survey `kind`, so that comparing its answers applies."""
    return before.includes(kind) and after.includes(kind)


def _compare_levels(result: Comparison, before: SurveyWave, after: SurveyWave) -> None:
    """Put each level's share in both waves and each organization's move into `result`."""
    old_report, new_report = involvement_report(before), involvement_report(after)
    result.level_totals = (old_report.total, new_report.total)
    for old_row, new_row in zip(old_report.levels, new_report.levels, strict=True):
        result.levels.append(Row(new_row.label, new_row.count, new_row.percent, old_row.percent))
    old, new = _levels(before), _levels(after)
    rank = {level: index for index, level in enumerate(InvolvementLevel)}  # most involved first
    result.transitions = {a: {b: 0 for b in InvolvementLevel} for a in InvolvementLevel}
    more = same = less = 0
    for name in sorted(old.keys() & new.keys()):
        result.transitions[old[name]][new[name]] += 1
        if old[name] is not new[name]:
            result.moved.append((name, old[name], new[name]))
        more += rank[new[name]] < rank[old[name]]
        less += rank[new[name]] > rank[old[name]]
        same += old[name] is new[name]
    result.directions = [
        Row(_("More involved"), more),
        Row(_("Same level"), same),
        Row(_("Less involved"), less),
    ]


def _compare_relationships(result: Comparison, before: SurveyWave, after: SurveyWave) -> None:
    """Put the partnerships added, continued, ended and not confirmed into `result`."""
    pairs = _relationship_changes(before, after)
    result.added, result.continued = pairs[NEW], pairs[CONTINUING]
    result.ended, result.unconfirmed = pairs[ENDED], pairs[UNCONFIRMED]
    result.relationship_counts = [
        Row(pgettext("relationships", "Added"), len(result.added)),
        Row(pgettext("relationships", "Continued"), len(result.continued)),
        Row(pgettext("relationships", "Ended"), len(result.ended)),
        Row(_("Not confirmed"), len(result.unconfirmed)),
    ]


def compare_waves(before: SurveyWave, after: SurveyWave) -> Comparison:
    """Compare two waves' approved answers: levels, relationships and who answered."""
    result = Comparison(
        involvement=both_run(SurveyKind.INVOLVEMENT, before, after),
        partnership=both_run(SurveyKind.PARTNERSHIP, before, after),
    )
    if result.involvement:
        _compare_levels(result, before, after)
    if result.partnership:
        _compare_relationships(result, before, after)
    answered_before, answered_after = _respondents(before), _respondents(after)
    result.new_organizations = sorted(answered_after - answered_before)
    result.did_not_answer = sorted(answered_before - answered_after)
    return result
