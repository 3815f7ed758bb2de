"""Builders for test data: database rows and valid survey posts."""

from datetime import date, timedelta

from app.auth.passwords import hash_password
from app.extensions import db
from app.models import (
    ContactSource,
    ContactState,
    Organization,
    OrganizationContact,
    OrgKind,
    OrgStatus,
    PartnershipAnswer,
    RelationshipStatus,
    Role,
    Submission,
    SubmissionStatus,
    SurveyKind,
    SurveyWave,
    User,
    WaveStatus,
    WaveSurveys,
)
from app.names import name_key
from app.orgs.services import unique_slug


def make_wave(
    *,
    slug: str = "current",
    surveys: WaveSurveys = WaveSurveys.BOTH,
    status: WaveStatus = WaveStatus.OPEN,
    opens_on: date | None = None,
    closes_on: date | None = None,
) -> SurveyWave:
    wave = SurveyWave(
        name=f"Wave {slug}",
        slug=slug,
        surveys=surveys,
        status=status,
        opens_on=opens_on or date.today() - timedelta(days=1),
        closes_on=closes_on,
    )
    db.session.add(wave)
    db.session.commit()
    return wave


def make_org(
    name: str,
    kind: OrgKind = OrgKind.BRIGADE,
    *,
    status: OrgStatus = OrgStatus.APPROVED,
    city: str | None = None,
    state: str | None = None,
) -> Organization:
    org = Organization(
        name=name,
        name_key=name_key(name),
        slug=unique_slug(name),
        kind=kind,
        status=status,
        city=city,
        state=state,
    )
    db.session.add(org)
    db.session.commit()
    return org


def make_partnership(
    wave: SurveyWave,
    brigade: Organization,
    partner: Organization,
    *,
    status: SubmissionStatus = SubmissionStatus.APPROVED,
) -> Submission:
    submission = Submission(
        wave=wave, survey_kind=SurveyKind.PARTNERSHIP, organization=brigade, status=status
    )
    submission.partnerships.append(
        PartnershipAnswer(position=0, partner=partner, status=RelationshipStatus.ACTIVE)
    )
    db.session.add(submission)
    db.session.commit()
    return submission


def make_contact(
    org: Organization,
    email: str,
    state: ContactState = ContactState.VERIFIED,
    source: ContactSource = ContactSource.ANSWER,
) -> OrganizationContact:
    """Store `email` as a contact of `org`: verified, as a moderator's approval makes it."""
    contact = OrganizationContact(organization=org, email=email, source=source, state=state)
    if state in (ContactState.VERIFIED, ContactState.OPTED_OUT, ContactState.RETIRED):
        contact.verified_at = contact.changed_at = date.today()
    db.session.add(contact)
    db.session.commit()
    return contact


def partnership_form(**overrides) -> dict:
    """Return a valid partnership survey post; `overrides` replace or add fields."""
    data = {
        "org_name": "Code for Testville",
        "org_kind": "brigade",
        "org_city": "Testville",
        "org_state": "OH",
        "contact_name": "Riley Organizer",
        "contact_email": "riley@example.org",
        "partners-0-name": "Testville Public Library",
        "partners-0-kind": "government",
        "partners-0-status": "active",
        "partners-0-priorities": "Digital literacy classes",
        "partners-0-how_built": "Volunteered at their open house",
        "interests-0": "",
        "interest_note": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def involvement_form(**overrides) -> dict:
    """Return a valid involvement survey post; `overrides` replace or add fields."""
    data = {
        "org_name": "Testville Data Collaborative",
        "org_kind": "nnip_partner",
        "org_city": "Testville",
        "org_state": "OH",
        "contact_name": "Sam Analyst",
        "contact_email": "sam@example.org",
        "level": "extensive",
        "provided_assistance": "yes",
        "assistance": ["data", "meeting_space"],
        "assistance_other": "",
        "staff_count": "2",
        "barriers": ["irregular_meetings"],
        "barrier_other": "",
        "events": ["cfa_summit"],
        "event_other": "",
        "wants_stronger": "yes",
        "local_groups-0": "Code for Testville",
        "comments": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


PASSWORD = "correct horse battery staple"


def make_user(
    email: str, role: Role = Role.MODERATOR, *, password: str = PASSWORD, active: bool = True
) -> User:
    user = User(
        email=email, name=email.split("@")[0].title(), role=role, active=active,
        password_hash=hash_password(password),
    )  # fmt: skip
    db.session.add(user)
    db.session.commit()
    return user
