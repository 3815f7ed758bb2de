"""The review queue: what waits, filtered, searched and paged in a fixed number of queries."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import aliased, selectinload

from app.extensions import db
from app.inputs import parse_id
from app.models import (
    Organization,
    PartnershipAnswer,
    Submission,
    SubmissionStatus,
    SurveyKind,
    SurveyWave,
)
from app.pagination import paginate

WAITING = (SubmissionStatus.PENDING, SubmissionStatus.CHANGES_REQUESTED)


@dataclass(frozen=True)
class QueueFilters:
    status: str = "waiting"  # "waiting", "all", or a SubmissionStatus value
    wave: str = ""  # wave slug
    kind: str = ""  # SurveyKind value
    organization: str = ""  # part of the submitting organization's name
    q: str = ""  # text anywhere: organization, contact, partner names
    page: int = 1

    def query_args(self, **changes) -> dict:
        """Return these filters as URL arguments, with `changes` applied."""
        values = {**self.__dict__, **changes}
        return {k: v for k, v in values.items() if v not in ("", None, 1) or k == "status"}

    def carried(self) -> dict:
        """Return the filters a review page carries, to find the next submission and go back."""
        return self.query_args(page=1)


STATUS_CHOICES = ["waiting", "all", *(s.value for s in SubmissionStatus)]


def read_filters(args) -> tuple[QueueFilters, list[str]]:
    """Read the queue filters from URL arguments; unknown values are reported and dropped."""
    problems = []
    status = args.get("status", "waiting")
    if status not in STATUS_CHOICES:
        problems.append(
            _("Unknown status %(status)s: showing what waits for review.", status=repr(status))
        )
        status = "waiting"
    kind = args.get("kind", "")
    if kind and kind not in {k.value for k in SurveyKind}:
        problems.append(_("Unknown survey %(kind)s: showing both.", kind=repr(kind)))
        kind = ""
    page = args.get("page", "1")
    page_number = parse_id(page) or 1
    return (
        QueueFilters(
            status=status,
            wave=args.get("wave", "")[:60],
            kind=kind,
            organization=args.get("organization", "").strip()[:200],
            q=args.get("q", "").strip()[:200],
            page=page_number,
        ),
        problems,
    )


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filtered(filters: QueueFilters) -> sa.Select:
    """Return the SELECT of submission ids matching `filters`."""
    query = sa.select(Submission.id).join(Organization, Submission.organization)
    if filters.status == "waiting":
        query = query.where(Submission.status.in_(WAITING))
    elif filters.status != "all":
        query = query.where(Submission.status == SubmissionStatus(filters.status))
    if filters.wave:
        query = query.join(SurveyWave, Submission.wave).where(SurveyWave.slug == filters.wave)
    if filters.kind:
        query = query.where(Submission.survey_kind == SurveyKind(filters.kind))
    if filters.organization:
        query = query.where(Organization.name.ilike(_like(filters.organization), escape="\\"))
    if filters.q:
        pattern = _like(filters.q)
        partner = aliased(Organization)
        names_partner = (
            sa.select(PartnershipAnswer.id)
            .join(partner, PartnershipAnswer.partner)
            .where(
                PartnershipAnswer.submission_id == Submission.id,
                partner.name.ilike(pattern, escape="\\"),
            )
            .exists()
        )
        query = query.where(
            sa.or_(
                Organization.name.ilike(pattern, escape="\\"),
                Submission.contact_name.ilike(pattern, escape="\\"),
                Submission.contact_email.ilike(pattern, escape="\\"),
                names_partner,
            )
        )
    return query


def queue_page(filters: QueueFilters) -> Pagination:
    """Return one page of matching submissions, oldest first."""
    matching = _filtered(filters).subquery()
    return paginate(
        sa.select(Submission)
        .where(Submission.id.in_(sa.select(matching.c.id)))
        .options(selectinload(Submission.organization), selectinload(Submission.wave))
        .order_by(Submission.created_at, Submission.id),
        filters.page,
    )


def next_in_queue(filters: QueueFilters, after: Submission) -> int | None:
    """Return the id of the submission that follows `after` in the queue's order and filters."""
    matching = _filtered(filters).subquery()
    return db.session.scalar(
        sa.select(Submission.id)
        .where(Submission.id.in_(sa.select(matching.c.id)))
        .where(
            sa.or_(
                Submission.created_at > after.created_at,
                sa.and_(Submission.created_at == after.created_at, Submission.id > after.id),
            )
        )
        .order_by(Submission.created_at, Submission.id)
        .limit(1)
    )


def queue_size(filters: QueueFilters) -> int:
    """Count the submissions matching `filters`."""
    matching = _filtered(filters).subquery()
    return db.session.scalar(sa.select(sa.func.count()).select_from(matching)) or 0


def waiting_counts() -> list[tuple[SurveyWave, SurveyKind, int, int]]:
    """Count what waits per wave and survey: (wave, kind, pending, changes requested)."""
    rows = db.session.execute(
        sa.select(Submission.wave_id, Submission.survey_kind, Submission.status, sa.func.count())
        .where(Submission.status.in_(WAITING))
        .group_by(Submission.wave_id, Submission.survey_kind, Submission.status)
    ).all()
    waves = {
        w.id: w
        for w in db.session.scalars(
            sa.select(SurveyWave).where(SurveyWave.id.in_({r[0] for r in rows}))
        )
    }
    table: dict[tuple[int, SurveyKind], list[int]] = {}
    for wave_id, kind, status, number in rows:
        cell = table.setdefault((wave_id, kind), [0, 0])
        cell[0 if status is SubmissionStatus.PENDING else 1] += number
    return [
        (waves[wave_id], kind, pending, changes)
        for (wave_id, kind), (pending, changes) in sorted(
            table.items(), key=lambda item: (waves[item[0][0]].order_key, item[0][1].value)
        )
    ]
