"""What the map's side panel shows about one relationship (an edge such as 'p12')."""

import re

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from app.extensions import db
from app.graph.build import INVOLVEMENT, LEARNING, PARTNERSHIP
from app.graph.details import involvement_answers
from app.graph.provenance import approved_json, partner_words, reply_json
from app.graph.rows import continuity_json, org_fields, org_json, wave_json
from app.inputs import parse_id
from app.models import (
    LearningInterest,
    LocalGroupAnswer,
    Organization,
    PartnershipAnswer,
    RelationshipStatus,
    Submission,
    SurveyKind,
    SurveyWave,
)
from app.public import (
    is_public_relationship,
    public_organization_ids,
    public_partnership,
    public_words,
    published,
    reply_state,
)
from app.themes.published import theme_labels_of

EDGE_ID = re.compile(r"([pli])([0-9]{1,10})")


def edge_details(edge_id: str) -> dict | None:
    """Return what the approved answers say about one relationship, or None if not public."""
    match = EDGE_ID.fullmatch(edge_id)
    if match is None:
        return None
    prefix, number = match.group(1), parse_id(match.group(2))
    if number is None:
        return None
    return {"p": _partnership, "l": _learning, "i": _involvement}[prefix](number)


def _ends(model, target_column, *columns) -> sa.Select:
    """Select one answer with its submission's wave, its submitter and its target, both public."""
    submitter, target = aliased(Organization), aliased(Organization)
    return (
        sa.select(
            *columns,
            Submission.id.label("submission_id"),
            Submission.decided_at.label("approved_at"),
            SurveyWave.slug.label("wave_slug"),
            SurveyWave.name.label("wave_name"),
            *org_fields(submitter, "s_"),
            *org_fields(target, "t_"),
        )
        .select_from(model)
        .join(Submission, Submission.id == model.submission_id)
        .join(SurveyWave, SurveyWave.id == Submission.wave_id)
        .join(submitter, submitter.id == Submission.organization_id)
        .join(target, target.id == target_column)
        .where(is_public_relationship(submitter.id, target.id))
    )


def _common(row, edge_id: str, kind: str) -> dict:
    """Return the parts every relationship shares: its ends, its wave and its provenance.

    The organization that answered (`source`) is the one that reported it.
    """
    return {
        "id": edge_id,
        "type": kind,
        "source": org_json(row, "s_"),
        "target": org_json(row, "t_"),
        "wave": wave_json(row),
        **approved_json(row.approved_at),
        "status": None,
        "status_label": None,
        "reply": None,
    }


def _partnership(answer_id: int) -> dict | None:
    """Describe partnership answer `answer_id`: its status, priorities and how it was built."""
    query = _ends(
        PartnershipAnswer,
        PartnershipAnswer.partner_id,
        PartnershipAnswer.status,
        public_words(PartnershipAnswer.priorities),
        public_words(PartnershipAnswer.how_built),
        PartnershipAnswer.text_private,
        PartnershipAnswer.continuity,
        reply_state(),
    )
    row = db.session.execute(
        query.where(PartnershipAnswer.id == answer_id, public_partnership())
    ).first()
    if row is None:
        return None
    status = RelationshipStatus(row.status)
    themes = [] if row.text_private else theme_labels_of([answer_id]).get(answer_id, [])
    return {
        **_common(row, f"p{answer_id}", PARTNERSHIP),
        "status": status.value,
        "status_label": status.label,
        "reply": reply_json(row.reply_state),
        "priorities": row.priorities,
        "themes": themes,
        "how_built": row.how_built,
        "partner_words": partner_words(row.t_id),
        **continuity_json(row.continuity),
    }


def _learning(interest_id: int) -> dict | None:
    """Describe learning interest `interest_id`: who wants to learn from whom, and what."""
    query = _ends(LearningInterest, LearningInterest.organization_id, LearningInterest.note)
    partner = aliased(Organization)
    row = db.session.execute(
        query.add_columns(*org_fields(partner, "p_"))
        .outerjoin(
            partner,
            sa.and_(
                partner.id == LearningInterest.partner_id,
                partner.id.in_(public_organization_ids()),
            ),
        )
        .where(LearningInterest.id == interest_id, published(SurveyKind.PARTNERSHIP))
    ).first()
    if row is None:
        return None
    return {
        **_common(row, f"l{interest_id}", LEARNING),
        "partner": org_json(row, "p_") if row.p_id is not None else None,
        "note": row.note,
    }


def _involvement(answer_id: int) -> dict | None:
    """Describe local group answer `answer_id` with the involvement answers that named it."""
    query = _ends(LocalGroupAnswer, LocalGroupAnswer.organization_id)
    row = db.session.execute(
        query.where(LocalGroupAnswer.id == answer_id, published(SurveyKind.INVOLVEMENT))
    ).first()
    if row is None:
        return None
    answers = involvement_answers([row.submission_id])
    return {
        **_common(row, f"i{answer_id}", INVOLVEMENT),
        "involvement": answers[0] if answers else None,
    }
