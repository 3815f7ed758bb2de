"""Choosing whom a wave invites: the candidates per survey, pasted rows, and refusals.

Invitations go to verified contacts only (app/audience.py): last wave's respondents come
first, then the map's other organizations that answer the survey (of the kind it is for,
or that answered it before) with a verified contact. A pasted "name, email"
row is an administrator adding that contact (verified once the row is invited); it is
read on its own, and refused with a reason when it names no known organization, repeats
another row or an invitation already sent, or reaches an address that opted out.
"""

import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from app.audience import invitable_contact, speaking_contact
from app.contacts.services import is_opted_out, read_address
from app.extensions import db
from app.invitations.respondents import approved_answers_to
from app.models import (
    Organization,
    OrganizationContact,
    Submission,
    SurveyKind,
    SurveyWave,
    WaveInvitation,
)
from app.orgs.services import find_organization
from app.public import public_organization_ids
from app.submissions.answer_rows import DEFAULT_SUBMITTER_KIND

MAX_PASTED_ROWS = 500


ROW_SEPARATOR = re.compile(r"[,;\t]")


def wave_kinds(wave: SurveyWave) -> list[SurveyKind]:
    """Return the survey kinds `wave` runs."""
    return [kind for kind in SurveyKind if wave.includes(kind)]


def speaking_addresses() -> dict[int, tuple[str, bool]]:
    """Return, per organization, the verified contact to invite and whether it opted out.

    The most recently verified contact that may be invited wins; an organization whose
    every verified contact opted out is listed with one of them, as not available.
    """
    rows = db.session.execute(
        sa.select(
            OrganizationContact.organization_id, OrganizationContact.email, invitable_contact()
        )
        .where(speaking_contact())
        .order_by(invitable_contact(), OrganizationContact.verified_at, OrganizationContact.id)
    )
    return {organization_id: (email, not ok) for organization_id, email, ok in rows}


def last_wave_with_answers(wave: SurveyWave, kind: SurveyKind) -> SurveyWave | None:
    """Return the latest wave before `wave` with approved answers to `kind`."""
    return db.session.scalar(
        sa.select(SurveyWave)
        .where(
            SurveyWave.before(wave),
            sa.exists().where(Submission.wave_id == SurveyWave.id, approved_answers_to(kind)),
        )
        .order_by(*SurveyWave.newest_first())
        .limit(1)
    )


def answering_organization_ids(kind: SurveyKind) -> set[int]:
    """Return the organizations that answer the survey `kind`: of the kind it is for
    (brigades the partnership survey, data intermediaries the involvement one), or that
    answered it before. A partner named in others' answers is not asked their survey.
    """
    return set(
        db.session.scalars(
            sa.select(Organization.id).where(
                sa.or_(
                    Organization.kind == DEFAULT_SUBMITTER_KIND[kind],
                    Organization.id.in_(
                        sa.select(Submission.organization_id).where(approved_answers_to(kind))
                    ),
                )
            )
        )
    )


@dataclass
class Candidate:
    """An organization an admin may invite to one survey of a wave."""

    organization: Organization
    kind: SurveyKind
    email: str
    last_respondent: bool  # answered the survey in the last wave: preselected
    invited: bool = False
    opted_out: bool = False

    @property
    def key(self) -> str:
        """Return the value the invitation form's checkbox sends for this candidate."""
        return f"{self.kind.value}:{self.organization.id}"

    @property
    def available(self) -> bool:
        """Tell whether an invitation may be sent to this candidate."""
        return not (self.invited or self.opted_out)


@dataclass
class Candidates:
    """Whom a wave may invite: last wave's respondents, then the map's other organizations."""

    last_respondents: list[Candidate] = field(default_factory=list)
    others: list[Candidate] = field(default_factory=list)
    last_waves: dict[SurveyKind, SurveyWave] = field(default_factory=dict)

    def find(self, key: str) -> Candidate | None:
        """Return the candidate whose checkbox value is `key`."""
        return next((c for c in [*self.last_respondents, *self.others] if c.key == key), None)


def candidates(wave: SurveyWave) -> Candidates:
    """Return the organizations with a known contact that `wave` may invite, per survey."""
    result = Candidates()
    invited = set(
        db.session.execute(
            sa.select(WaveInvitation.organization_id, WaveInvitation.survey_kind).where(
                WaveInvitation.wave_id == wave.id
            )
        )
    )
    addresses = speaking_addresses()
    public = list(
        db.session.scalars(
            sa.select(Organization)
            .where(Organization.id.in_(public_organization_ids()))
            .order_by(Organization.name_key, Organization.id)
        )
    )
    for kind in wave_kinds(wave):
        last = last_wave_with_answers(wave, kind)
        respondent_ids: set[int] = set()
        if last is not None:
            result.last_waves[kind] = last
            respondent_ids = set(
                db.session.scalars(
                    sa.select(Submission.organization_id).where(
                        Submission.wave_id == last.id, approved_answers_to(kind)
                    )
                )
            )
        respondents = list(
            db.session.scalars(
                sa.select(Organization)
                .where(Organization.id.in_(respondent_ids))
                .order_by(Organization.name_key, Organization.id)
            )
        )
        answering = answering_organization_ids(kind)
        others = [org for org in public if org.id not in respondent_ids and org.id in answering]
        for org, is_respondent in [
            *((org, True) for org in respondents),
            *((org, False) for org in others),
        ]:
            if org.id not in addresses:
                continue
            email, opted_out = addresses[org.id]
            candidate = Candidate(
                org, kind, email, is_respondent, (org.id, kind) in invited, opted_out
            )
            (result.last_respondents if is_respondent else result.others).append(candidate)
    return result


def read_pasted_row(text: str) -> tuple[Organization | None, str, str | None]:
    """Read a pasted "name, email" row: its organization, address and a reason to refuse."""
    parts = ROW_SEPARATOR.split(text)
    if len(parts) < 2:
        return None, "", _("Write the organization's name, a comma, then an email address.")
    name = ",".join(parts[:-1]).strip()
    address = parts[-1].strip()
    email = read_address(address)
    if email is None:
        return None, "", _("“%(address)s” is not a valid email address.", address=address)
    org = find_organization(name) if name else None
    if org is None:
        return (
            None,
            email,
            _(
                "We know no organization called “%(name)s”; check its spelling on the map.",
                name=name,
            ),
        )
    return org, email, None


def refusal_reason(
    wave: SurveyWave,
    org: Organization,
    kind: SurveyKind,
    email: str,
    planned: dict[tuple[int, SurveyKind], int],
    row: int = 0,
) -> str | None:
    """Return why `org` cannot be invited to `kind` of `wave` at `email`, or None."""
    if (org.id, kind) in planned:
        earlier = planned[(org.id, kind)]
        if earlier:
            return _(
                "A duplicate: row %(row)d already invites %(name)s.", row=earlier, name=org.name
            )
        return _("A duplicate: %(name)s is already chosen above.", name=org.name)
    already = db.session.scalar(
        sa.select(
            sa.exists().where(
                WaveInvitation.wave_id == wave.id,
                WaveInvitation.organization_id == org.id,
                WaveInvitation.survey_kind == kind,
            )
        )
    )
    if already:
        return _(
            "%(name)s is already invited to this survey of the wave; nothing is sent twice.",
            name=org.name,
        )
    if is_opted_out(email):
        return _("%(address)s asked not to be invited again.", address=email)
    return None
