"""An organization's public page: its approved answers, wave by wave, and its place in the network.

A fixed number of queries, whatever the number of answers: one per kind of answer.
Nothing from a submission that is not approved is read, and no contact detail.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import overload

import sqlalchemy as sa
from sqlalchemy.orm import aliased, selectinload

from app.extensions import db
from app.graph.provenance import reply_of
from app.models import (
    Continuity,
    InvolvementAnswer,
    InvolvementChoice,
    InvolvementTopic,
    LearningInterest,
    LocalGroupAnswer,
    Organization,
    PartnershipAnswer,
    RelationshipStatus,
    ReplyState,
    Submission,
    SurveyKind,
    SurveyWave,
)
from app.orgs.queries import relationships_of
from app.public import (
    public_organization_ids,
    public_partnership,
    published,
    reply_state,
    words_are_public,
)


@dataclass(frozen=True)
class OrgRef:
    """An organization as a page mentions it: linked only when it is public."""

    name: str
    slug: str
    public: bool


@dataclass(frozen=True)
class PartnerItem:
    other: OrgRef  # the partner, or the organization that named this one
    status: RelationshipStatus
    priorities: str
    how_built: str
    continuity: Continuity | None = None
    themes: tuple = ()  # the Theme rows the answer ticks, in the list's order
    approved_on: date | None = None  # when the answer naming it was approved
    reply: ReplyState = ReplyState.UNANSWERED  # what the partner said of it

    @property
    def ended(self) -> bool:
        """Tell whether the answer says this partnership has ended since the last answers."""
        return self.continuity is Continuity.ENDED


@dataclass(frozen=True)
class InterestItem:
    organization: OrgRef | None
    partner: OrgRef | None
    note: str


@dataclass
class WaveSection:
    wave: SurveyWave
    partners: list[PartnerItem] = field(default_factory=list)
    named_by: list[PartnerItem] = field(default_factory=list)
    involvement: InvolvementAnswer | None = None
    choices: dict[InvolvementTopic, list[InvolvementChoice]] = field(default_factory=dict)
    local_groups: list[OrgRef] = field(default_factory=list)
    named_as_local_group_by: list[OrgRef] = field(default_factory=list)
    interests: list[InterestItem] = field(default_factory=list)
    interested_in_it: list[OrgRef] = field(default_factory=list)


@dataclass(frozen=True)
class NetworkPlace:
    relationships: int
    partners: int
    waves: list[SurveyWave]


@overload
def _ref(org: Organization, public) -> OrgRef: ...
@overload
def _ref(org: Organization | None, public) -> OrgRef | None: ...
def _ref(org: Organization | None, public) -> OrgRef | None:
    """Describe `org` for a page, remembering whether it may be linked."""
    return None if org is None else OrgRef(org.name, org.slug, bool(public))


def _is_public(org):
    """Return a column telling whether the (aliased) organization `org` is public."""
    return org.id.in_(public_organization_ids())


class _Sections(dict):
    """Wave sections created on first use, keyed by wave id."""

    def section(self, wave: SurveyWave) -> WaveSection:
        """Return the section of `wave`, creating it when needed."""
        if wave.id not in self:
            self[wave.id] = WaveSection(wave=wave)
        return self[wave.id]


def _add_partnerships(org: Organization, sections: _Sections) -> None:
    """Add the partnership answers this organization gave, or that name it as a partner."""
    submitter, partner = aliased(Organization), aliased(Organization)
    rows = db.session.execute(
        sa.select(
            PartnershipAnswer,
            submitter,
            partner,
            SurveyWave,
            _is_public(submitter),
            _is_public(partner),
            Submission.decided_at,
            reply_state(),
        )  # fmt: skip
        .join(Submission, PartnershipAnswer.submission)
        .join(submitter, submitter.id == Submission.organization_id)
        .join(partner, partner.id == PartnershipAnswer.partner_id)
        .join(SurveyWave, SurveyWave.id == Submission.wave_id)
        .where(public_partnership())
        .where(sa.or_(submitter.id == org.id, partner.id == org.id))
        .order_by(Submission.id, PartnershipAnswer.position)
        .options(selectinload(PartnershipAnswer.themes))
    ).all()
    for answer, by, to, wave, by_public, to_public, approved_at, reply in rows:
        section = sections.section(wave)
        if by.id == org.id:
            section.partners.append(_item(answer, _ref(to, to_public), approved_at, reply))
        if to.id == org.id:
            section.named_by.append(_item(answer, _ref(by, by_public), approved_at, reply))


def _item(answer: PartnershipAnswer, other: OrgRef, approved_at, reply: str | None) -> PartnerItem:
    """Describe one public partnership answer for the page, its private words left out."""
    shown = words_are_public(answer)
    return PartnerItem(
        other,
        answer.status,
        answer.priorities if shown else "",
        answer.how_built if shown else "",
        answer.continuity,
        tuple(answer.themes) if shown else (),
        approved_at.date() if approved_at else None,
        reply_of(reply),
    )


def _add_interests(org: Organization, sections: _Sections) -> None:
    """Add what this organization wants to learn about, and who wants to learn from it."""
    submitter, named, partner = aliased(Organization), aliased(Organization), aliased(Organization)
    rows = db.session.execute(
        sa.select(
            LearningInterest,
            submitter,
            named,
            partner,
            SurveyWave,
            _is_public(submitter),
            _is_public(named),
            _is_public(partner),
        )  # fmt: skip
        .join(Submission, LearningInterest.submission)
        .join(submitter, submitter.id == Submission.organization_id)
        .outerjoin(named, named.id == LearningInterest.organization_id)
        .outerjoin(partner, partner.id == LearningInterest.partner_id)
        .join(SurveyWave, SurveyWave.id == Submission.wave_id)
        .where(published(SurveyKind.PARTNERSHIP))
        .where(sa.or_(submitter.id == org.id, named.id == org.id, partner.id == org.id))
        .order_by(Submission.id, LearningInterest.position)
    ).all()
    for interest, by, about, with_, wave, by_public, about_public, with_public in rows:
        section = sections.section(wave)
        if by.id == org.id:
            section.interests.append(
                InterestItem(_ref(about, about_public), _ref(with_, with_public), interest.note)
            )
        if org.id in (getattr(about, "id", None), getattr(with_, "id", None)):
            section.interested_in_it.append(_ref(by, by_public))


def _add_involvement(org: Organization, sections: _Sections) -> None:
    """Add this organization's involvement answers, its local groups, and who names it as one."""
    answers = db.session.execute(
        sa.select(InvolvementAnswer, SurveyWave)
        .join(Submission, InvolvementAnswer.submission)
        .join(SurveyWave, SurveyWave.id == Submission.wave_id)
        .where(published(SurveyKind.INVOLVEMENT), Submission.organization_id == org.id)
    ).all()
    by_submission = {}
    for answer, wave in answers:
        sections.section(wave).involvement = answer
        by_submission[answer.submission_id] = sections.section(wave)
    choices = db.session.scalars(
        sa.select(InvolvementChoice)
        .where(InvolvementChoice.submission_id.in_(list(by_submission)))
        .order_by(InvolvementChoice.id)
    ).all()
    for choice in choices:
        by_submission[choice.submission_id].choices.setdefault(choice.topic, []).append(choice)
    submitter, group = aliased(Organization), aliased(Organization)
    rows = db.session.execute(
        sa.select(submitter, group, SurveyWave, _is_public(submitter), _is_public(group))
        .select_from(LocalGroupAnswer)
        .join(Submission, LocalGroupAnswer.submission)
        .join(submitter, submitter.id == Submission.organization_id)
        .join(group, group.id == LocalGroupAnswer.organization_id)
        .join(SurveyWave, SurveyWave.id == Submission.wave_id)
        .where(published(SurveyKind.INVOLVEMENT))
        .where(sa.or_(submitter.id == org.id, group.id == org.id))
        .order_by(Submission.id, LocalGroupAnswer.position)
    ).all()
    for by, to, wave, by_public, to_public in rows:
        if by.id == org.id:
            sections.section(wave).local_groups.append(_ref(to, to_public))
        if to.id == org.id:
            sections.section(wave).named_as_local_group_by.append(_ref(by, by_public))


def wave_sections(org: Organization) -> list[WaveSection]:
    """Return the organization's approved answers grouped by wave, newest wave first."""
    sections = _Sections()
    _add_partnerships(org, sections)
    _add_interests(org, sections)
    _add_involvement(org, sections)
    return sorted(sections.values(), key=lambda s: s.wave.order_key, reverse=True)


def network_place(org: Organization, sections: list[WaveSection]) -> NetworkPlace:
    """Count the organization's public relationships and distinct partners, as the map does."""
    rows = db.session.execute(relationships_of(org.id)).all()
    others = {row.partner_id if row.org_id == org.id else row.org_id for row in rows}
    return NetworkPlace(
        relationships=len(rows), partners=len(others), waves=[s.wave for s in sections]
    )
