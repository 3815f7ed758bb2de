"""What changed between two waves, from approved answers only."""

from dataclasses import dataclass, field

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    InvolvementAnswer,
    InvolvementLevel,
    Organization,
    PartnershipAnswer,
    Submission,
    SubmissionStatus,
    SurveyWave,
)

Pair = tuple[str, str]


@dataclass
class Comparison:
    transitions: dict[InvolvementLevel, dict[InvolvementLevel, int]] = field(default_factory=dict)
    moved: list[tuple[str, InvolvementLevel, InvolvementLevel]] = field(default_factory=list)
    added: list[Pair] = field(default_factory=list)
    continued: list[Pair] = field(default_factory=list)
    ended: list[Pair] = field(default_factory=list)
    new_organizations: list[str] = field(default_factory=list)
    did_not_answer: list[str] = field(default_factory=list)


def _approved(wave: SurveyWave):
    return sa.select(Submission.id).where(
        Submission.wave_id == wave.id, Submission.status == SubmissionStatus.APPROVED
    )


def _levels(wave: SurveyWave) -> dict[str, InvolvementLevel]:
    """Return each answering organization's name and its involvement level in `wave`."""
    rows = db.session.execute(
        sa.select(Organization.name, InvolvementAnswer.level)
        .join(Submission, Submission.id == InvolvementAnswer.submission_id)
        .join(Organization, Organization.id == Submission.organization_id)
        .where(Submission.id.in_(_approved(wave)))
    ).all()
    return dict(rows)


def _pairs(wave: SurveyWave) -> set[Pair]:
    """Return the (organization, partner) names of every approved relationship in `wave`."""
    partner = sa.orm.aliased(Organization)
    rows = db.session.execute(
        sa.select(Organization.name, partner.name)
        .select_from(PartnershipAnswer)
        .join(Submission, Submission.id == PartnershipAnswer.submission_id)
        .join(Organization, Organization.id == Submission.organization_id)
        .join(partner, partner.id == PartnershipAnswer.partner_id)
        .where(Submission.id.in_(_approved(wave)))
    ).all()
    return {(org, other) for org, other in rows}


def _respondents(wave: SurveyWave) -> set[str]:
    """Return the names of organizations with an approved submission in `wave`."""
    return set(
        db.session.scalars(
            sa.select(Organization.name)
            .join(Submission, Submission.organization_id == Organization.id)
            .where(Submission.id.in_(_approved(wave)))
        )
    )


def compare_waves(before: SurveyWave, after: SurveyWave) -> Comparison:
    """Compare two waves' approved answers: levels, relationships and who answered."""
    result = Comparison()
    old, new = _levels(before), _levels(after)
    result.transitions = {a: {b: 0 for b in InvolvementLevel} for a in InvolvementLevel}
    for name in sorted(old.keys() & new.keys()):
        result.transitions[old[name]][new[name]] += 1
        if old[name] is not new[name]:
            result.moved.append((name, old[name], new[name]))
    pairs_before, pairs_after = _pairs(before), _pairs(after)
    result.added = sorted(pairs_after - pairs_before)
    result.continued = sorted(pairs_after & pairs_before)
    result.ended = sorted(pairs_before - pairs_after)
    answered_before, answered_after = _respondents(before), _respondents(after)
    result.new_organizations = sorted(answered_after - answered_before)
    result.did_not_answer = sorted(answered_before - answered_after)
    return result
