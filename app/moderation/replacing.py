"""What approving a submission replaces: the rule, written once.

An organization has one set of published answers per survey and wave. Approving a
submission makes it that set, and every other submission that held the place (approved,
or approved then unpublished) is superseded. When the submitter sent the submission
through their status link as a revision of their own published answers (`replaces_id`),
replacing those is what they asked for. Replacing any other approved submission takes
someone else's published answers off the map: that is a decision a moderator takes
knowingly (approve and replace, combine the two, or ask for changes), never a side effect.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from app.extensions import db
from app.inputs import parse_id
from app.models import Organization, PartnerReply, Submission, SubmissionStatus

# The statuses of a submission that holds an organization's place for a survey and wave.
HOLDS_THE_PLACE = (SubmissionStatus.APPROVED, SubmissionStatus.UNPUBLISHED)
# A partner's correction (app/partners) speaks of the partner only: it neither replaces
# the partner's own answers nor is replaced by them.
CORRECTIONS = sa.select(PartnerReply.correction_id).where(PartnerReply.correction_id.is_not(None))


@dataclass(frozen=True)
class Replacement:
    """Another submission's published answers that approving would take off the site."""

    older: Submission
    dropped: list[Organization]  # named in the older answers only: no longer published
    kept: list[Organization]  # named in both
    added: list[Organization]  # named in the newer answers only: newly published


class ReplacementUnconfirmed(Exception):
    """Approving would replace published answers the moderator did not confirm replacing."""


def _same_place(submission: Submission) -> list:
    """Return the conditions: another submission of the same organization, survey and wave."""
    return [
        Submission.id != submission.id,
        Submission.organization_id == submission.organization_id,
        Submission.wave_id == submission.wave_id,
        Submission.survey_kind == submission.survey_kind,
        Submission.id.not_in(CORRECTIONS),
    ]


def displaced(submission: Submission) -> list[Submission]:
    """Return every submission that approving `submission` supersedes."""
    if db.session.scalar(CORRECTIONS.where(PartnerReply.correction_id == submission.id)):
        return []
    return list(
        db.session.scalars(
            sa.select(Submission)
            .where(*_same_place(submission), Submission.status.in_(HOLDS_THE_PLACE))
            .order_by(Submission.id)
        )
    )


def replacements(submission: Submission) -> list[Replacement]:
    """Return the published answers of other submissions that approving would replace."""
    if submission.status not in (SubmissionStatus.PENDING, SubmissionStatus.CHANGES_REQUESTED):
        return []
    found = []
    for older in displaced(submission):
        if older.status is not SubmissionStatus.APPROVED or older.id == submission.replaces_id:
            continue
        now, before = named_organizations(submission), named_organizations(older)
        now_ids, before_ids = {org.id for org in now}, {org.id for org in before}
        found.append(
            Replacement(
                older=older,
                dropped=[org for org in before if org.id not in now_ids],
                kept=[org for org in before if org.id in now_ids],
                added=[org for org in now if org.id not in before_ids],
            )
        )
    return found


def named_organizations(submission: Submission) -> list[Organization]:
    """Return the partners (or local groups) a submission names, in its order."""
    return [answer.partner for answer in submission.partnerships] + [
        group.organization for group in submission.local_groups
    ]


def replacing_in(submissions: Iterable[Submission]) -> dict[int, list[int]]:
    """Map each waiting submission among `submissions` to the published ones it would replace.

    One query, whatever the number of submissions, for the review queue's rows.
    """
    waiting = [
        s
        for s in submissions
        if s.status in (SubmissionStatus.PENDING, SubmissionStatus.CHANGES_REQUESTED)
    ]
    if not waiting:
        return {}
    places = {(s.organization_id, s.wave_id, s.survey_kind) for s in waiting}
    published = defaultdict(list)
    for row in db.session.execute(
        sa.select(
            Submission.id, Submission.organization_id, Submission.wave_id, Submission.survey_kind
        )
        .where(
            Submission.status == SubmissionStatus.APPROVED,
            Submission.organization_id.in_({place[0] for place in places}),
            Submission.id.not_in(CORRECTIONS),
        )
        .order_by(Submission.id)
    ):
        published[(row.organization_id, row.wave_id, row.survey_kind)].append(row.id)
    found = {}
    waiting_ids = [s.id for s in waiting]
    in_waiting = PartnerReply.correction_id.in_(waiting_ids)
    corrections = set(db.session.scalars(CORRECTIONS.where(in_waiting)))
    for s in waiting:
        if s.id in corrections:
            continue
        ids = [
            i
            for i in published[(s.organization_id, s.wave_id, s.survey_kind)]
            if i not in (s.id, s.replaces_id)
        ]
        if ids:
            found[s.id] = ids
    return found


def read_confirmed(text: str | None) -> set[int]:
    """Read the ids of the submissions a moderator confirmed replacing ('12,15')."""
    return {number for part in (text or "").split(",") if (number := parse_id(part.strip()))}


def check_confirmed(submission: Submission, confirmed: set[int]) -> list[Replacement]:
    """Return the replacements approving makes, if the moderator confirmed exactly those.

    Raises ReplacementUnconfirmed when approving would replace published answers that
    the moderator has not seen (none confirmed, or others approved meanwhile).
    """
    found = replacements(submission)
    if {r.older.id for r in found} != confirmed:
        if not found:
            raise ReplacementUnconfirmed(
                _(
                    "The published answers you chose to replace have changed meanwhile: "
                    "nothing would be replaced now. Look at the submission again and decide."
                )
            )
        listed = ", ".join(f"#{r.older.id}" for r in found)
        raise ReplacementUnconfirmed(
            _(
                "Approving would replace the published answers of submission %(ids)s for "
                "%(organization)s. Nothing was applied: look at what would no longer be "
                "published below, then approve and replace, combine, or ask for changes.",
                ids=listed,
                organization=submission.organization.name,
            )
        )
    return found


def describe(replacement: Replacement) -> str:
    """Return the audit note for one replacement, naming the superseded submission.

    In English whatever the page's language: the audit log is a record, not a page.
    """
    dropped = ", ".join(org.name for org in replacement.dropped) or "none"
    return (
        f"Replaces the published answers of submission #{replacement.older.id}; "
        f"no longer published: {dropped}"
    )
