"""What the map's side panel shows about one organization, from approved answers only."""

from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from app.extensions import db
from app.graph.provenance import (
    answered_itself,
    approved_json,
    described_by,
    partner_words,
    reply_json,
)
from app.graph.rows import continuity_json, org_fields, org_json, wave_json
from app.graph.similar import similar_brigades
from app.insights.pages import organization_role
from app.insights.store import insight_for
from app.models import (
    Answer3,
    InvolvementAnswer,
    InvolvementChoice,
    InvolvementLevel,
    InvolvementTopic,
    LearningInterest,
    LocalGroupAnswer,
    Organization,
    OrgKind,
    PartnershipAnswer,
    RelationshipStatus,
    Submission,
    SurveyKind,
    SurveyWave,
)
from app.models.enums import choice_label
from app.public import (
    is_public_relationship,
    public_organization_ids,
    public_partnership,
    public_words,
    published,
    reply_state,
)
from app.themes.published import theme_labels_of

TOPIC_KEYS = {
    InvolvementTopic.ASSISTANCE: "assistance",
    InvolvementTopic.BARRIER: "barriers",
    InvolvementTopic.EVENT: "events",
}


def organization_details(slug: str) -> dict | None:
    """Return everything public about the organization `slug`, or None when it is not public."""
    org = db.session.execute(
        sa.select(*org_fields(Organization), Organization.website).where(
            Organization.slug == slug[:100], Organization.id.in_(public_organization_ids())
        )
    ).first()
    if org is None:
        return None
    kind = OrgKind(org.kind)
    return {
        **org_json(org),
        "website": org.website,
        "described_by": described_by(answered_itself(org.id)),
        "own_words": partner_words(org.id),
        "partnerships": _partnerships(org.id),
        "involvement": involvement_answers(
            sa.select(Submission.id).where(
                Submission.organization_id == org.id, published(SurveyKind.INVOLVEMENT)
            )
        ),
        "named_by_intermediaries": _named_by_intermediaries(org.id),
        "learning_interests": _learning_interests(org.id),
        "learners": _learners(org.id),
        "similar": similar_brigades(org.id) if kind is OrgKind.BRIGADE else [],
        "role": organization_role(insight_for(None), org.id),
    }


def _partnerships(org_id: int) -> list[dict]:
    """Return the approved partnerships the organization is at either end of."""
    submitter, partner = aliased(Organization), aliased(Organization)
    result = db.session.execute(
        sa.select(
            PartnershipAnswer.id,
            PartnershipAnswer.status,
            public_words(PartnershipAnswer.priorities),
            public_words(PartnershipAnswer.how_built),
            PartnershipAnswer.text_private,
            PartnershipAnswer.continuity,
            Submission.decided_at,
            reply_state(),
            SurveyWave.slug.label("wave_slug"),
            SurveyWave.name.label("wave_name"),
            *org_fields(submitter, "s_"),
            *org_fields(partner, "p_"),
        )
        .join(Submission, PartnershipAnswer.submission)
        .join(SurveyWave, SurveyWave.id == Submission.wave_id)
        .join(submitter, submitter.id == Submission.organization_id)
        .join(partner, partner.id == PartnershipAnswer.partner_id)
        .where(
            public_partnership(),
            sa.or_(submitter.id == org_id, partner.id == org_id),
            is_public_relationship(submitter.id, partner.id),
        )
        .order_by(*SurveyWave.newest_first(), Submission.id, PartnershipAnswer.position)
    )
    answers, rows = [], result.all()
    themes = theme_labels_of([row.id for row in rows if not row.text_private])
    for row in rows:
        side = "submitter" if row.s_id == org_id else "partner"
        status = RelationshipStatus(row.status)
        answers.append(
            {
                "id": f"p{row.id}",
                "side": side,
                "organization": org_json(row, "p_" if side == "submitter" else "s_"),
                "status": status.value,
                "status_label": status.label,
                "wave": wave_json(row),
                "reported_by": org_json(row, "s_")["name"],
                **approved_json(row.decided_at),
                "reply": reply_json(row.reply_state),
                "priorities": row.priorities,
                "themes": themes.get(row.id, []),
                "how_built": row.how_built,
                **continuity_json(row.continuity),
            }
        )
    return answers


def involvement_answers(submission_ids: sa.Select | list[int]) -> list[dict]:
    """Return the answers of the approved involvement submissions `submission_ids` selects."""
    rows = db.session.execute(
        sa.select(
            Submission.id,
            SurveyWave.slug.label("wave_slug"),
            SurveyWave.name.label("wave_name"),
            InvolvementAnswer.level,
            InvolvementAnswer.provided_assistance,
            InvolvementAnswer.wants_stronger_relationship,
        )
        .join(SurveyWave, SurveyWave.id == Submission.wave_id)
        .join(InvolvementAnswer, InvolvementAnswer.submission_id == Submission.id)
        .where(Submission.id.in_(submission_ids), published(SurveyKind.INVOLVEMENT))
        .order_by(*SurveyWave.newest_first(), Submission.id)
    ).all()
    if not rows:
        return []
    ids = [row.id for row in rows]
    choices: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for choice in db.session.execute(
        sa.select(
            InvolvementChoice.submission_id,
            InvolvementChoice.topic,
            InvolvementChoice.choice,
            InvolvementChoice.detail,
        )
        .where(InvolvementChoice.submission_id.in_(ids))
        .order_by(InvolvementChoice.id)
    ):
        topic = InvolvementTopic(choice.topic)
        label = choice_label(topic, choice.choice)
        if choice.choice == "other" and choice.detail:
            label = f"{label}: {choice.detail}"
        choices[choice.submission_id][TOPIC_KEYS[topic]].append(label)
    groups = _local_groups(ids)
    answers = []
    for row in rows:
        level, wants = InvolvementLevel(row.level), Answer3(row.wants_stronger_relationship)
        answers.append(
            {
                "wave": wave_json(row),
                "level": level.value,
                "level_label": level.label,
                "provided_assistance": bool(row.provided_assistance),
                **{key: choices[row.id][key] for key in TOPIC_KEYS.values()},
                "wants_stronger_relationship": wants.value,
                "wants_stronger_relationship_label": wants.label,
                "local_groups": groups.get(row.id, []),
            }
        )
    return answers


def _local_groups(submission_ids: list[int]) -> dict[int, list[dict]]:
    """Return the public local groups each involvement submission names."""
    groups = defaultdict(list)
    for row in db.session.execute(
        sa.select(
            LocalGroupAnswer.submission_id,
            LocalGroupAnswer.id.label("answer_id"),
            *org_fields(Organization, "o_"),
        )
        .join(Organization, Organization.id == LocalGroupAnswer.organization_id)
        .where(
            LocalGroupAnswer.submission_id.in_(submission_ids),
            Organization.id.in_(public_organization_ids()),
        )
        .order_by(LocalGroupAnswer.position)
    ):
        groups[row.submission_id].append({"id": f"i{row.answer_id}", **org_json(row, "o_")})
    return groups


def _named_by_intermediaries(org_id: int) -> list[dict]:
    """Return the organizations whose approved involvement answers name this local group."""
    rows = db.session.execute(
        sa.select(
            LocalGroupAnswer.id,
            SurveyWave.slug.label("wave_slug"),
            SurveyWave.name.label("wave_name"),
            *org_fields(Organization, "o_"),
        )
        .join(Submission, LocalGroupAnswer.submission)
        .join(SurveyWave, SurveyWave.id == Submission.wave_id)
        .join(Organization, Organization.id == Submission.organization_id)
        .where(
            LocalGroupAnswer.organization_id == org_id,
            published(SurveyKind.INVOLVEMENT),
            is_public_relationship(Organization.id, LocalGroupAnswer.organization_id),
        )
        .order_by(*SurveyWave.newest_first(), LocalGroupAnswer.id)
    )
    return [
        {"id": f"i{row.id}", "organization": org_json(row, "o_"), "wave": wave_json(row)}
        for row in rows
    ]


def _interest_query(*conditions) -> sa.Select:
    """Select approved learning interests with the submitter, the named organization and partner."""
    submitter, named, partner = (aliased(Organization) for _ in range(3))
    public = public_organization_ids()
    return (
        sa.select(
            LearningInterest.id,
            LearningInterest.note,
            SurveyWave.slug.label("wave_slug"),
            SurveyWave.name.label("wave_name"),
            *org_fields(submitter, "s_"),
            *org_fields(named, "n_"),
            *org_fields(partner, "p_"),
        )
        .join(Submission, LearningInterest.submission)
        .join(SurveyWave, SurveyWave.id == Submission.wave_id)
        .join(submitter, submitter.id == Submission.organization_id)
        .outerjoin(
            named, sa.and_(named.id == LearningInterest.organization_id, named.id.in_(public))
        )
        .outerjoin(
            partner, sa.and_(partner.id == LearningInterest.partner_id, partner.id.in_(public))
        )
        .where(published(SurveyKind.PARTNERSHIP), submitter.id.in_(public), *conditions)
        .order_by(*SurveyWave.newest_first(), Submission.id, LearningInterest.position)
    )


def interest_json(row) -> dict:
    """Return one learning interest: what it names (when public) and its note."""
    named = org_json(row, "n_") if row.n_id is not None else None
    edge = named is not None and row.n_id != row.s_id
    return {
        "id": f"l{row.id}" if edge else None,
        "organization": named,
        "partner": org_json(row, "p_") if named and row.p_id is not None else None,
        "note": row.note,
        "wave": wave_json(row),
    }


def _learning_interests(org_id: int) -> list[dict]:
    """Return whose partnerships this organization said it wants to learn from."""
    rows = db.session.execute(_interest_query(Submission.organization_id == org_id))
    return [item for item in map(interest_json, rows) if item["organization"] or item["note"]]


def _learners(org_id: int) -> list[dict]:
    """Return the organizations that want to learn from this one or from its partnerships."""
    rows = db.session.execute(
        _interest_query(
            sa.or_(
                LearningInterest.organization_id == org_id, LearningInterest.partner_id == org_id
            ),
            Submission.organization_id != org_id,
        )
    )
    return [
        {**interest_json(row), "learner": org_json(row, "s_")}
        for row in rows
        if row.n_id is not None
    ]
