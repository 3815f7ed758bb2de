"""Who has answered a wave: among those invited to it, or else among earlier respondents."""

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from app.extensions import db
from app.invitations.overview import has_invitations, invited_organization_ids, invited_pairs
from app.invitations.respondents import answered_pairs, approved_answers_to
from app.models import Organization, Submission, SurveyWave
from app.models.enums import SurveyKind


@dataclass
class Rate:
    """How many of a group were asked again, and how many answered."""

    label: str
    expected: int = 0
    responded: int = 0

    @property
    def percent(self) -> int:
        """Return the share that answered, as a whole percentage."""
        return round(100 * self.responded / self.expected) if self.expected else 0


@dataclass
class Responses:
    """Who answered a wave among the organizations invited to it or approved in earlier waves."""

    overall: Rate
    # True when the wave invited organizations: then they are the ones counted.
    invited: bool = False
    # Every kind and state counted. Without invitations, those where nobody has answered yet
    # are set apart (`quiet_*`), so that the tables are not long lists of 0 % rows.
    by_kind: list[Rate] = field(default_factory=list)
    by_state: list[Rate] = field(default_factory=list)
    quiet_kinds: list[Rate] = field(default_factory=list)
    quiet_states: list[Rate] = field(default_factory=list)
    responders: list[Organization] = field(default_factory=list)
    non_responders: list[Organization] = field(default_factory=list)


def _kinds(wave: SurveyWave) -> list[SurveyKind]:
    """Return the survey kinds `wave` runs."""
    return [kind for kind in SurveyKind if wave.includes(kind)]


def _panel(wave: SurveyWave, kinds: list[SurveyKind], invited: bool) -> list[Organization]:
    """Return the organizations asked to answer `wave`, by name."""
    if invited:
        panel_ids = invited_organization_ids(wave, kinds)
    else:
        earlier = sa.select(SurveyWave.id).where(SurveyWave.before(wave))
        panel_ids = sa.select(Submission.organization_id).where(
            Submission.wave_id.in_(earlier), sa.or_(*(approved_answers_to(k) for k in kinds))
        )
    return list(
        db.session.scalars(
            sa.select(Organization)
            .where(Organization.id.in_(panel_ids))
            .order_by(Organization.name_key, Organization.id)
        )
    )


def responses(wave: SurveyWave) -> Responses:
    """Count who has answered `wave` among the organizations invited to it, or, when
    nobody was invited, among earlier waves' approved respondents."""
    kinds = _kinds(wave)
    invited = has_invitations(wave)
    # One rule with the invitation rows: an invited organization has answered when it
    # answered a survey it was invited to (app/invitations/respondents.py).
    pairs = answered_pairs(wave)
    if invited:
        asked = invited_pairs(wave)
        answered_ids = {org_id for org_id, kind in pairs if (org_id, kind) in asked}
    else:
        answered_ids = {org_id for org_id, kind in pairs if kind in kinds}
    result = Responses(overall=Rate(_("All organizations")), invited=invited)
    kinds_seen: dict[str, Rate] = {}
    states_seen: dict[str, Rate] = {}
    for org in _panel(wave, kinds, invited):
        answered = org.id in answered_ids
        (result.responders if answered else result.non_responders).append(org)
        state = org.state or "—"
        for rate in (
            result.overall,
            kinds_seen.setdefault(org.kind.label, Rate(org.kind.label)),
            states_seen.setdefault(state, Rate(state)),
        ):
            rate.expected += 1
            rate.responded += answered
    result.by_kind, result.quiet_kinds = _split(kinds_seen.values(), invited)
    result.by_state, result.quiet_states = _split(states_seen.values(), invited)
    return result


def _split(rates, invited: bool) -> tuple[list[Rate], list[Rate]]:
    """Return the rates to show and, without invitations, those where nobody answered yet."""
    rates = sorted(rates, key=lambda rate: rate.label)
    if invited:  # every row counts invitations sent: each one is worth showing
        return rates, []
    return [r for r in rates if r.responded], [r for r in rates if not r.responded]
