"""Starting a survey from an organization's last approved answers in an earlier wave."""

import sqlalchemy as sa
from flask_babel import gettext as _

from app.audience import may_see_private
from app.extensions import db
from app.models import (
    Continuity,
    Organization,
    PartnershipAnswer,
    Submission,
    SubmissionStatus,
    SurveyKind,
    SurveyWave,
)
from app.orgs.services import find_organization
from app.public import public_organization_ids, shown_partnership, words_are_public
from app.submissions.form_data import form_data

# Contact details are private and may have changed: they are never carried over.
PRIVATE_FIELDS = ("contact_name", "contact_email")
# Nor is a partner's contact; and a public start shows no words kept for moderators.
WORDS = ("priorities", "how_built", "themes")


def last_approved(org: Organization, kind: SurveyKind, before: SurveyWave) -> Submission | None:
    """Return the organization's newest approved `kind` submission from another wave."""
    return db.session.scalar(
        sa.select(Submission)
        .join(SurveyWave, Submission.wave)
        .where(
            Submission.organization_id == org.id,
            Submission.survey_kind == kind,
            Submission.status == SubmissionStatus.APPROVED,
            Submission.wave_id != before.id,
        )
        .order_by(*SurveyWave.newest_first(), Submission.id.desc())
        .limit(1)
    )


def public_organization(name: str) -> Organization | None:
    """Return the public organization called `name`, if there is one."""
    org = find_organization(name)
    if org is None:
        return None
    visible = db.session.scalar(public_organization_ids().where(Organization.id == org.id))
    return org if visible is not None else None


def starting_answers(name: str, kind: SurveyKind, wave: SurveyWave) -> tuple[dict | None, str]:
    """Return form data from the organization's last approved answers, and a message."""
    org = public_organization(name)
    if org is None:
        return None, _(
            "We found no published answers from “%(name)s”. Start from a blank form.", name=name
        )
    previous = last_approved(org, kind, wave)
    if previous is None:
        return None, _(
            "“%(name)s” has no published answers to this survey in an earlier wave.",
            name=org.name,
        )
    data = _carried(previous)
    if "partners" in data:
        data["partners"] = _shown_partners(previous, data["partners"])
    return data, _(
        "These are %(name)s's published answers from %(wave)s. Check each one: mark partners "
        "that ended, change what changed, and add new ones.",
        name=org.name,
        wave=previous.wave.name,
    )


def invitation_answers(org: Organization, kind: SurveyKind, wave: SurveyWave, email: str) -> dict:
    """Return an invitation's starting form: its organization, its last approved answers
    to `kind` before `wave` if any, and the invitee's own address as the contact.

    No other contact is ever carried over: the name is left for the invitee to write.
    What the organization kept for moderators only is carried only to an address that
    speaks for it (app/audience.py); anyone else starts from what the public sees.
    """
    previous = last_approved(org, kind, wave)
    data = _carried(previous) if previous is not None else {}
    if previous is not None and "partners" in data and not may_see_private(org.id, email):
        data["partners"] = _shown_partners(previous, data["partners"])
    return data | {
        "org_name": org.name,
        "org_kind": org.kind.value,
        "org_city": org.city or "",
        "org_state": org.state or "",
        "org_website": org.website or "",
        "contact_name": "",
        "contact_email": email,
    }


def _carried(previous: Submission) -> dict:
    """Return the answers of `previous` a new form starts from: no contact, partners continuing.

    Each partner keeps its "moderators only" marks, but not its private contact address.
    """
    data = {k: v for k, v in form_data(previous).items() if k not in PRIVATE_FIELDS}
    for partner in data.get("partners", []):
        partner["continuity"] = Continuity.CONTINUING.value
        partner["email"] = ""
    return data


def _shown_partners(previous: Submission, partners: list[dict]) -> list[dict]:
    """Keep, of a public start's `partners`, only what the public sees of them.

    A partnership kept for moderators only, or declined by its partner, is left out;
    words kept for moderators only are left empty (their mark stays ticked).
    """
    shown = set(
        db.session.scalars(
            sa.select(PartnershipAnswer.id)
            .join(Submission, PartnershipAnswer.submission)
            .where(PartnershipAnswer.submission_id == previous.id, shown_partnership())
        )
    )
    kept = []
    for answer, partner in zip(previous.partnerships, partners, strict=True):
        if answer.id not in shown:
            continue
        if not words_are_public(answer):
            partner.update({key: [] if key == "themes" else "" for key in WORDS})
        kept.append(partner)
    return kept
