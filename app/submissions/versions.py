"""Kept versions of a submission's answers, and what changed between two of them."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from app.extensions import db
from app.i18n import N_
from app.models import Submission, SubmissionVersion, User
from app.submissions.form_data import form_data

# How stored answer keys read in a difference (N_: translated when shown, see _label).
LABELS = {
    "org_name": N_("Organization"),
    "org_kind": N_("Organization kind"),
    "org_city": N_("City"),
    "org_state": N_("State"),
    "org_website": N_("Website"),
    "contact_name": N_("Contact name"),
    "contact_email": N_("Contact email"),
    "name": N_("name"),
    "kind": N_("kind"),
    "city": N_("city"),
    "state": N_("state"),
    "status": N_("relationship"),
    "priorities": N_("priorities"),
    "how_built": N_("how it was built"),
    "themes": N_("themes"),
    "continuity": N_("continuity"),
    "email": N_("contact email (private)"),
    "private": N_("kept for moderators only"),
    "text_private": N_("words kept for moderators only"),
    "interests": N_("Learning interests"),
    "interest_note": N_("Other learning interests"),
    "level": N_("Involvement"),
    "provided_assistance": N_("Provided assistance"),
    "assistance": N_("Assistance"),
    "assistance_other": N_("Other assistance"),
    "staff_count": N_("Staff taking part"),
    "barriers": N_("Barriers"),
    "barrier_other": N_("Other barrier"),
    "events": N_("Events"),
    "event_other": N_("Other event"),
    "wants_stronger": N_("Wants a stronger relationship"),
    "local_groups": N_("Local groups"),
    "comments": N_("Comments"),
}


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def snapshot(submission: Submission, author: User | None) -> SubmissionVersion:
    """Keep the submission's current answers as its next version."""
    db.session.flush()
    number = db.session.execute(
        sa.select(sa.func.coalesce(sa.func.max(SubmissionVersion.number), 0)).where(
            SubmissionVersion.submission_id == submission.id
        )
    ).scalar_one()
    version = SubmissionVersion(
        submission_id=submission.id,
        number=number + 1,
        author=author,
        snapshot=form_data(submission),
    )
    db.session.add(version)
    return version


def _label(key: str) -> str:
    """Return how the answer `key` reads, in the page's language (an unknown key as it is)."""
    return _(LABELS[key]) if key in LABELS else key


def _flatten(data: dict) -> dict[str, str]:
    """Turn a snapshot into 'label: text' pairs, one per answer."""
    flat = {}
    for key, value in data.items():
        if key == "partners":
            for index, partner in enumerate(value, start=1):
                for part, text in partner.items():
                    label = _("Partner %(number)d %(answer)s", number=index, answer=_label(part))
                    flat[label] = _answer_text(text)
        elif isinstance(value, list):
            flat[_label(key)] = ", ".join(str(v) for v in value if v)
        else:
            flat[_label(key)] = "" if value is None else str(value)
    return flat


def _answer_text(value) -> str:
    """Return one partner's stored answer as text (a list joined, a ticked box as "yes")."""
    if isinstance(value, bool):
        return _("yes") if value else ""
    return ", ".join(value) if isinstance(value, list) else str(value or "")


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
