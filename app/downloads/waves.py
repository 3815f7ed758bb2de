"""One wave's approved answers as CSV, one file per survey, for longitudinal analysis.

Each file holds only approved submissions of its wave, and only what the public pages
show: no contact detail, no staff count, no private comments. A row (or a named local
group) whose organizations are not public is left out, by the rule the map uses
(app.orgs.services.public_organization_ids). Each file is read with a fixed number of
queries, whatever the number of answers. Enum answers are written as their stored values
("active", "extensive") so that files from different waves compare without relabelling.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from app.downloads.formats import to_csv
from app.extensions import db
from app.models import (
    InvolvementAnswer,
    InvolvementChoice,
    InvolvementTopic,
    LearningInterest,
    LocalGroupAnswer,
    Organization,
    PartnershipAnswer,
    PublishedTotal,
    Submission,
    SurveyKind,
    SurveyWave,
)
from app.public import (
    is_public_wave,
    public_organization_ids,
    public_words,
    published,
    shown_partnership,
)
from app.waves.rules import public_wave

# Bump when the columns or their meaning change, so that cached copies are not reused.
FORMAT_VERSION = 2
SEPARATOR = "; "  # between the values of a multi-valued answer
PARTNER, LEARN_FROM = "partner", "learn_from"  # the `question` column: 1-3, or 4
ORG_COLUMNS = ["organization", "organization_kind", "organization_city", "organization_state"]
PARTNERSHIP_COLUMNS = [
    "wave",
    "wave_name",
    *ORG_COLUMNS,
    "question",
    "partner",
    "partner_kind",
    "relationship_status",
    "continuity",
    "priorities",
    "how_built",
    "learn_from_organization",
    "learn_from_partner",
    "learn_from_text",
]
INVOLVEMENT_COLUMNS = [
    "wave",
    "wave_name",
    *ORG_COLUMNS,
    "involvement_level",
    "provided_assistance",
    "assistance",
    "barriers",
    "events",
    "wants_stronger_relationship",
    "local_groups",
]
TOPIC_ORDER = (InvolvementTopic.ASSISTANCE, InvolvementTopic.BARRIER, InvolvementTopic.EVENT)


@dataclass(frozen=True)
class WaveFile:
    """One survey of one wave on the downloads page: a CSV, or a report of published totals."""

    kind: SurveyKind
    endpoint: str  # the CSV's endpoint, or waves.report when only totals were published
    totals_only: bool


def _value(member) -> str:
    """Return an enum member's stored value, or '' for None."""
    return "" if member is None else getattr(member, "value", member)


def _totals_only(wave: SurveyWave, kind: SurveyKind) -> bool:
    """Tell whether the wave's `kind` data is published totals, with no individual answers."""
    query = sa.select(PublishedTotal.id).where(
        PublishedTotal.wave_id == wave.id, PublishedTotal.survey_kind == kind
    )
    return db.session.scalar(query.limit(1)) is not None


def downloadable_wave(slug: str, kind: SurveyKind) -> SurveyWave | None:
    """Return the open or closed wave `slug` if it has a `kind` file, else None."""
    wave = public_wave(slug)
    if wave is None or not wave.includes(kind):
        return None
    # Those waves' individual answers were never published; their report holds the totals.
    return None if _totals_only(wave, kind) else wave


def wave_etag(wave: SurveyWave, kind: SurveyKind, revision: int) -> str:
    """Return the entity tag of one wave's file at network `revision`.

    The wave's name is in the file but renaming a wave does not bump the revision,
    so the name is part of the tag.
    """
    text = json.dumps([FORMAT_VERSION, kind.value, revision, wave.id, wave.slug, wave.name])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def csv_name(wave: SurveyWave, kind: SurveyKind) -> str:
    """Return the file name a wave's download is saved under."""
    return f"constellation-{wave.slug}-{kind.value}.csv"


def wave_files() -> list[tuple[SurveyWave, list[WaveFile]]]:
    """Return every open or closed wave, newest first, with one entry per survey it runs."""
    waves = db.session.scalars(
        sa.select(SurveyWave).where(is_public_wave()).order_by(*SurveyWave.newest_first())
    ).all()
    totals = set(
        db.session.execute(
            sa.select(PublishedTotal.wave_id, PublishedTotal.survey_kind).distinct()
        ).all()
    )
    listing = []
    for wave in waves:
        files = []
        for kind in SurveyKind:
            if not wave.includes(kind):
                continue
            if (wave.id, kind) in totals:
                files.append(WaveFile(kind, "waves.report", totals_only=True))
            else:
                files.append(WaveFile(kind, f"downloads.wave_{kind.value}_csv", totals_only=False))
        listing.append((wave, files))
    return listing


def _public(org) -> sa.ColumnElement:
    """Return the condition: the (aliased) organization `org` is public."""
    return org.id.in_(public_organization_ids())


def _org_cells(row) -> list:
    """Return the answering organization's cells of a row read with `org_` columns."""
    return [row.org_name, _value(row.org_kind), row.org_city, row.org_state]


def _org_columns(org) -> list:
    """Select the answering organization's public columns, labelled `org_...`."""
    return [
        org.id.label("org_id"),
        org.name.label("org_name"),
        org.kind.label("org_kind"),
        org.city.label("org_city"),
        org.state.label("org_state"),
    ]


def _in_wave(wave: SurveyWave, kind: SurveyKind, submitter) -> sa.ColumnElement:
    """Return the condition: an approved `kind` submission of `wave` by a public organization."""
    return sa.and_(published(kind), Submission.wave_id == wave.id, _public(submitter))


def _sort_key(row: tuple) -> tuple:
    """Order rows by organization name, then submission, then question and position."""
    return (row[0].casefold(), *row[1:])


def partnership_csv(wave: SurveyWave) -> str:
    """Return one CSV row per public partner and learning interest of the wave's answers."""
    submitter, partner = aliased(Organization), aliased(Organization)
    partners = db.session.execute(
        sa.select(
            *_org_columns(submitter),
            Submission.id.label("submission_id"),
            PartnershipAnswer.position,
            partner.name.label("partner_name"),
            partner.kind.label("partner_kind"),
            PartnershipAnswer.status,
            PartnershipAnswer.continuity,
            public_words(PartnershipAnswer.priorities),
            public_words(PartnershipAnswer.how_built),
        )
        .join(Submission, PartnershipAnswer.submission)
        .join(submitter, submitter.id == Submission.organization_id)
        .join(partner, partner.id == PartnershipAnswer.partner_id)
        .where(
            _in_wave(wave, SurveyKind.PARTNERSHIP, submitter),
            _public(partner),
            shown_partnership(),
        )
    ).all()
    named, its_partner = aliased(Organization), aliased(Organization)
    interests = db.session.execute(
        sa.select(
            *_org_columns(submitter),
            Submission.id.label("submission_id"),
            LearningInterest.position,
            named.name.label("named_name"),
            its_partner.name.label("its_partner_name"),
            LearningInterest.note,
        )
        .join(Submission, LearningInterest.submission)
        .join(submitter, submitter.id == Submission.organization_id)
        .outerjoin(named, named.id == LearningInterest.organization_id)
        .outerjoin(its_partner, its_partner.id == LearningInterest.partner_id)
        .where(
            _in_wave(wave, SurveyKind.PARTNERSHIP, submitter),
            sa.or_(named.id.is_(None), _public(named)),
            sa.or_(its_partner.id.is_(None), _public(its_partner)),
        )
    ).all()
    head = [wave.slug, wave.name]
    keyed = [
        (
            (row.org_name, row.org_id, row.submission_id, 0, row.position),
            [*head, *_org_cells(row), PARTNER, row.partner_name, _value(row.partner_kind)]
            + [_value(row.status), _value(row.continuity), row.priorities, row.how_built]
            + ["", "", ""],
        )
        for row in partners
    ]
    keyed += [
        (
            (row.org_name, row.org_id, row.submission_id, 1, row.position),
            [*head, *_org_cells(row), LEARN_FROM, "", "", "", "", "", ""]
            + [row.named_name, row.its_partner_name, row.note],
        )
        for row in interests
    ]
    keyed.sort(key=lambda pair: _sort_key(pair[0]))
    return to_csv(PARTNERSHIP_COLUMNS, [cells for _, cells in keyed])


def involvement_csv(wave: SurveyWave) -> str:
    """Return one CSV row per approved involvement answer of the wave."""
    submitter = aliased(Organization)
    answers = db.session.execute(
        sa.select(
            *_org_columns(submitter),
            Submission.id.label("submission_id"),
            InvolvementAnswer.level,
            InvolvementAnswer.provided_assistance,
            InvolvementAnswer.wants_stronger_relationship,
        )
        .join(Submission, InvolvementAnswer.submission)
        .join(submitter, submitter.id == Submission.organization_id)
        .where(_in_wave(wave, SurveyKind.INVOLVEMENT, submitter))
    ).all()
    # Both lists below are read for the whole wave in one query each, not per answer.
    in_wave = sa.select(Submission.id).where(
        published(SurveyKind.INVOLVEMENT), Submission.wave_id == wave.id
    )
    choices = defaultdict(list)
    for choice in db.session.execute(
        sa.select(
            InvolvementChoice.submission_id,
            InvolvementChoice.topic,
            InvolvementChoice.choice,
            InvolvementChoice.detail,
        )
        .where(InvolvementChoice.submission_id.in_(in_wave))
        .order_by(InvolvementChoice.id)
    ):
        text = f"{choice.choice}: {choice.detail}" if choice.detail else choice.choice
        choices[(choice.submission_id, choice.topic)].append(text)
    group = aliased(Organization)
    groups = defaultdict(list)
    for named in db.session.execute(
        sa.select(LocalGroupAnswer.submission_id, group.name)
        .join(group, group.id == LocalGroupAnswer.organization_id)
        .where(LocalGroupAnswer.submission_id.in_(in_wave), _public(group))
        .order_by(LocalGroupAnswer.submission_id, LocalGroupAnswer.position)
    ):
        groups[named.submission_id].append(named.name)
    keyed = []
    for row in answers:
        topics = [SEPARATOR.join(choices[(row.submission_id, t)]) for t in TOPIC_ORDER]
        cells = [wave.slug, wave.name, *_org_cells(row), _value(row.level)]
        cells += ["yes" if row.provided_assistance else "no", *topics]
        cells += [_value(row.wants_stronger_relationship)]
        cells += [SEPARATOR.join(groups[row.submission_id])]
        keyed.append(((row.org_name, row.org_id, row.submission_id), cells))
    keyed.sort(key=lambda pair: _sort_key(pair[0]))
    return to_csv(INVOLVEMENT_COLUMNS, [cells for _, cells in keyed])


WRITERS = {SurveyKind.PARTNERSHIP: partnership_csv, SurveyKind.INVOLVEMENT: involvement_csv}
