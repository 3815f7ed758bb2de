"""Kept versions of a submission's answers, and what changed between two of them."""

from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.models import Submission, SubmissionVersion, User
from app.surveys.mapping import form_data

# How stored answer keys read in a difference.
LABELS = {
    "org_name": "Organization",
    "org_kind": "Organization kind",
    "org_city": "City",
    "org_state": "State",
    "org_website": "Website",
    "contact_name": "Contact name",
    "contact_email": "Contact email",
    "name": "name",
    "kind": "kind",
    "city": "city",
    "state": "state",
    "status": "relationship",
    "priorities": "priorities",
    "how_built": "how it was built",
    "interests": "Learning interests",
    "interest_note": "Other learning interests",
    "level": "Involvement",
    "provided_assistance": "Provided assistance",
    "assistance": "Assistance",
    "assistance_other": "Other assistance",
    "staff_count": "Staff taking part",
    "barriers": "Barriers",
    "barrier_other": "Other barrier",
    "events": "Events",
    "event_other": "Other event",
    "wants_stronger": "Wants a stronger relationship",
    "local_groups": "Local groups",
    "comments": "Comments",
}


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def snapshot(submission: Submission, author: User | None) -> SubmissionVersion:
    """Keep the submission's current answers as its next version."""
    db.session.flush()
    number = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.max(SubmissionVersion.number), 0)).where(
            SubmissionVersion.submission_id == submission.id
        )
    )
    version = SubmissionVersion(
        submission_id=submission.id,
        number=number + 1,
        author=author,
        snapshot=form_data(submission),
    )
    db.session.add(version)
    return version


def _flatten(data: dict) -> dict[str, str]:
    """Turn a snapshot into 'label: text' pairs, one per answer."""
    flat = {}
    for key, value in data.items():
        if key == "partners":
            for index, partner in enumerate(value, start=1):
                for part, text in partner.items():
                    flat[f"Partner {index} {LABELS.get(part, part)}"] = str(text or "")
        elif isinstance(value, list):
            flat[LABELS.get(key, key)] = ", ".join(str(v) for v in value if v)
        else:
            flat[LABELS.get(key, key)] = "" if value is None else str(value)
    return flat


def differences(before: dict, after: dict) -> list[Change]:
    """Return the answers that differ between two snapshots, in the order of `after`."""
    old, new = _flatten(before), _flatten(after)
    fields = list(new) + [f for f in old if f not in new]
    return [
        Change(field, old.get(field, ""), new.get(field, ""))
        for field in fields
        if old.get(field, "") != new.get(field, "")
    ]


def versions_with_changes(submission: Submission) -> list[tuple[SubmissionVersion, list[Change]]]:
    """Return each kept version with what it changed from the one before, newest first."""
    versions = db.session.scalars(
        sa.select(SubmissionVersion)
        .where(SubmissionVersion.submission_id == submission.id)
        .order_by(SubmissionVersion.number)
    ).all()
    result = []
    previous: dict = {}
    for version in versions:
        changes = differences(previous, version.snapshot) if previous else []
        result.append((version, changes))
        previous = version.snapshot
    return list(reversed(result))
