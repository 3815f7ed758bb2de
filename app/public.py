"""What is public: the rule every public page, file and API builds on, written once.

- A submission is public when it is approved (`published`).
- An organization is public when a moderator approved it and a public submission names
  it: as the one answering, a partner, a local group, or in a learning interest
  (`public_organization_ids`).
- A relationship is an answer in a public submission that links two different public
  organizations: a partnership (from the organization answering to each partner it
  named), a learning interest (to the organization it wants to learn from) or an
  involvement (from a data intermediary to each local group it works with)
  (`relationship_answers`, `is_public_relationship`).
- A partnership is shown only when its answer is not marked for moderators only and its
  partner has not declined it (a decline holds in every wave until withdrawn)
  (`shown_partnership`); the words of an answer marked so (questions 2 and 3, with their
  themes) are shown as empty (`public_words`, `words_are_public`). An organization
  named only by hidden partnerships is not public.
- A partnership an answer marks as ended is not a relationship of that answer's wave
  (`Edge.ended` in app.graph.build; `current` here).
- A wave is public when it is open or closed; a draft is an admin's preparation, and
  nothing public names it (`is_public_wave`, `wave_is_public`). Its lookups for pages,
  filters and forms are app.waves.rules.
- The same relationship from one wave to the next has the same kind and the same two
  ends; where no single wave is chosen it is one edge, carrying the waves it was
  reported in and what its latest answer says (app.graph.build.merge_waves).

Every function returns a selectable or a condition, so each caller reads what it
needs in its own fixed number of queries.
"""

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Continuity,
    LearningInterest,
    LocalGroupAnswer,
    Organization,
    OrgStatus,
    PartnerReply,
    PartnershipAnswer,
    ReplyState,
    Submission,
    SubmissionStatus,
    SurveyKind,
    SurveyWave,
    WaveStatus,
)
from app.models.enums import LabelledEnum


class EdgeKind(LabelledEnum):
    """The kinds of relationship, and how each is named for people."""

    PARTNERSHIP = "partnership", "Partnership"
    LEARNING = "learning", "Learning interest"
    INVOLVEMENT = "involvement", "Involvement"

    @property
    def prefix(self) -> str:
        """Return the letter that starts this kind's edge ids ('p12', 'l3', 'i7')."""
        return self.value[0]

    @property
    def survey(self) -> SurveyKind:
        """Return the survey whose answers name relationships of this kind."""
        return SurveyKind.INVOLVEMENT if self is EdgeKind.INVOLVEMENT else SurveyKind.PARTNERSHIP


PUBLIC_WAVE_STATUSES = (WaveStatus.OPEN, WaveStatus.CLOSED)


def wave_is_public(wave: SurveyWave | None) -> bool:
    """Tell whether visitors may see `wave`: it exists and is open or closed."""
    return wave is not None and wave.status in PUBLIC_WAVE_STATUSES


def is_public_wave() -> sa.ColumnElement[bool]:
    """Return the SQL condition: a wave visitors may see."""
    return SurveyWave.status.in_(PUBLIC_WAVE_STATUSES)


def published(kind: SurveyKind | None = None):
    """Return the condition: the joined submission is public (and answers survey `kind`)."""
    condition = Submission.status == SubmissionStatus.APPROVED
    return condition if kind is None else sa.and_(condition, Submission.survey_kind == kind)


def shown_partnership():
    """Return the condition: the joined partnership answer may be shown publicly."""
    declined = sa.exists().where(
        PartnerReply.reporter_id == Submission.organization_id,
        PartnerReply.partner_id == PartnershipAnswer.partner_id,
        PartnerReply.state == ReplyState.DECLINED,
    )
    return sa.and_(PartnershipAnswer.private.is_(False), ~declined)


def reply_state():
    """Select, for the joined partnership answer, what its partner said (None: never asked)."""
    return (
        sa.select(sa.type_coerce(PartnerReply.state, sa.String(32)))
        .where(
            PartnerReply.reporter_id == Submission.organization_id,
            PartnerReply.partner_id == PartnershipAnswer.partner_id,
        )
        .scalar_subquery()
        .label("reply_state")
    )


def public_partnership():
    """Return the condition: the joined partnership answer is public (approved and shown)."""
    return sa.and_(published(SurveyKind.PARTNERSHIP), shown_partnership())


def public_words(column):
    """Return a partnership answer's text `column` as the public reads it: empty if private."""
    return sa.case((PartnershipAnswer.text_private, ""), else_=column).label(column.key)


def words_are_public(answer: PartnershipAnswer) -> bool:
    """Tell whether a partnership answer's words (questions 2 and 3, themes) may be shown."""
    return not answer.text_private


def organization_references(approved_only: bool = False) -> list[sa.Select]:
    """Return one query per column that can point at an organization (as `org_id`)."""
    queries = [
        sa.select(Submission.organization_id.label("org_id")).select_from(Submission),
        sa.select(PartnershipAnswer.partner_id.label("org_id"))
        .join(Submission)
        .where(shown_partnership()),
        sa.select(LocalGroupAnswer.organization_id.label("org_id")).join(Submission),
        sa.select(LearningInterest.organization_id.label("org_id")).join(Submission),
        sa.select(LearningInterest.partner_id.label("org_id")).join(Submission),
    ]
    if approved_only:
        queries = [query.where(published()) for query in queries]
    return queries


def public_organization_ids() -> sa.Select:
    """Select the ids of public organizations: approved, and named in a public submission."""
    named = sa.union(*organization_references(approved_only=True)).subquery()
    return sa.select(Organization.id).where(
        Organization.status == OrgStatus.APPROVED, Organization.id.in_(sa.select(named.c.org_id))
    )


def organization_is_public(org_id: int) -> bool:
    """Tell whether the organization `org_id` is public (one query).

    The same rule as `public_organization_ids`, asked of one organization: each kind of
    reference is looked up by its index, instead of gathering every public name first.
    """
    named = [
        query.where(query.selected_columns[0] == org_id).exists()
        for query in organization_references(approved_only=True)
    ]
    query = sa.select(Organization.id).where(
        Organization.id == org_id, Organization.status == OrgStatus.APPROVED, sa.or_(*named)
    )
    return db.session.scalar(query) is not None


def is_public_organization(column):
    """Return the condition: the organization id in `column` is public."""
    return column.in_(public_organization_ids())


def is_public_relationship(source_column, target_column):
    """Return the condition: both ends are public and are two different organizations."""
    public = public_organization_ids()
    return sa.and_(
        source_column.in_(public), target_column.in_(public), source_column != target_column
    )


def _not_ended():
    """Return the condition: the partnership answer does not mark the partner as ended."""
    return sa.or_(
        PartnershipAnswer.continuity.is_(None), PartnershipAnswer.continuity != Continuity.ENDED
    )


def relationship_answers(*, current: bool = False, among=None) -> sa.Subquery:
    """Select every public relationship answer as plain columns.

    Columns: kind, answer_id, source, target, status, continuity, wave_id, submission_id,
    reply_state (what the partner said of a partnership; None when never asked),
    approved_at (when its submission was approved).
    With `current`, partnerships marked as ended are left out (they are no relationship
    of their wave). With `among` (organization ids, or a select of them), only the
    answers with an end among them (a page of a list counts its organizations' alone).
    """
    as_text = sa.String(32)
    no_text = sa.cast(sa.null(), as_text)
    partnerships = (
        sa.select(
            sa.literal(EdgeKind.PARTNERSHIP.value, as_text).label("kind"),
            PartnershipAnswer.id.label("answer_id"),
            Submission.organization_id.label("source"),
            PartnershipAnswer.partner_id.label("target"),
            sa.type_coerce(PartnershipAnswer.status, as_text).label("status"),
            sa.type_coerce(PartnershipAnswer.continuity, as_text).label("continuity"),
            Submission.wave_id.label("wave_id"),
            Submission.id.label("submission_id"),
            reply_state(),
            Submission.decided_at.label("approved_at"),
        )
        .join(Submission, PartnershipAnswer.submission)
        .where(public_partnership(), *([_not_ended()] if current else []))
    )
    learning = (
        sa.select(
            sa.literal(EdgeKind.LEARNING.value, as_text),
            LearningInterest.id,
            Submission.organization_id,
            LearningInterest.organization_id,
            no_text,
            no_text,
            Submission.wave_id,
            Submission.id,
            no_text,
            Submission.decided_at,
        )
        .join(Submission, LearningInterest.submission)
        .where(published(SurveyKind.PARTNERSHIP), LearningInterest.organization_id.is_not(None))
    )
    involvement = (
        sa.select(
            sa.literal(EdgeKind.INVOLVEMENT.value, as_text),
            LocalGroupAnswer.id,
            Submission.organization_id,
            LocalGroupAnswer.organization_id,
            no_text,
            no_text,
            Submission.wave_id,
            Submission.id,
            no_text,
            Submission.decided_at,
        )
        .join(Submission, LocalGroupAnswer.submission)
        .where(published(SurveyKind.INVOLVEMENT))
    )
    union = sa.union_all(partnerships, learning, involvement).subquery("answers")
    ends = [] if among is None else [sa.or_(union.c.source.in_(among), union.c.target.in_(among))]
    return (
        sa.select(union)
        .where(is_public_relationship(union.c.source, union.c.target), *ends)
        .subquery("relationship_answers")
    )


def current_relationships(among=None) -> sa.Subquery:
    """Select each public relationship once, as (kind, source, target), over every wave.

    This is what the unfiltered map draws, and what every count of relationships counts.
    With `among`, only those with an end among those organizations (relationship_answers).
    """
    answers = relationship_answers(current=True, among=among)
    return (
        sa.select(answers.c.kind, answers.c.source, answers.c.target)
        .distinct()
        .subquery("relationships")
    )


def public_submissions() -> sa.Select:
    """Select (organization id, survey, wave id) of public submissions by public organizations."""
    return sa.select(
        Submission.organization_id,
        sa.type_coerce(Submission.survey_kind, sa.String(32)).label("survey"),
        Submission.wave_id,
    ).where(published(), is_public_organization(Submission.organization_id))
