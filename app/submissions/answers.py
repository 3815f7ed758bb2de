"""Plain records of what a submitter answered, passed from forms to services."""

from dataclasses import dataclass, field

from app.models import (
    Answer3,
    Continuity,
    InvolvementLevel,
    InvolvementTopic,
    OrgKind,
    RelationshipStatus,
    SurveyKind,
)


@dataclass(frozen=True)
class OrganizationAnswer:
    name: str
    kind: OrgKind | None
    city: str | None
    state: str | None
    website: str | None = None


@dataclass(frozen=True)
class PartnerAnswer:
    name: str
    kind: OrgKind | None
    status: RelationshipStatus
    priorities: str = ""
    how_built: str = ""
    continuity: Continuity | None = None
    city: str | None = None  # unknown unless the submitter says
    themes: tuple[str, ...] = ()  # the slugs of the themes ticked beside question 2
    state: str | None = None
    email: str | None = None  # private: where the partner is asked to confirm (app/partners)
    private: bool = False  # the whole relationship for moderators only (app/public.py)
    text_private: bool = False  # its words (questions 2 and 3, themes) for moderators only


@dataclass(frozen=True)
class Choice:
    topic: InvolvementTopic
    choice: str
    detail: str = ""


@dataclass(frozen=True)
class Contact:
    name: str
    email: str


@dataclass(frozen=True)
class PartnershipAnswers:
    organization: OrganizationAnswer
    contact: Contact
    partners: list[PartnerAnswer]
    interests: list[str] = field(default_factory=list)
    interest_note: str = ""
    kind = SurveyKind.PARTNERSHIP


@dataclass(frozen=True)
class InvolvementAnswers:
    organization: OrganizationAnswer
    contact: Contact
    level: InvolvementLevel
    provided_assistance: bool
    staff_count: int
    wants_stronger: Answer3
    choices: list[Choice] = field(default_factory=list)
    local_groups: list[str] = field(default_factory=list)
    comments: str = ""
    kind = SurveyKind.INVOLVEMENT


# Either survey's answers.
Answers = PartnershipAnswers | InvolvementAnswers
