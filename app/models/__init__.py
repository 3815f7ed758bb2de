"""The data model. Import models from here."""

from app.models.answers import (
    InvolvementAnswer,
    InvolvementChoice,
    LearningInterest,
    LocalGroupAnswer,
    PartnershipAnswer,
)
from app.models.enums import (
    Answer3,
    InvolvementLevel,
    InvolvementTopic,
    OrgKind,
    OrgStatus,
    RelationshipStatus,
    SubmissionStatus,
    SurveyKind,
    WaveStatus,
    WaveSurveys,
)
from app.models.organization import Organization
from app.models.submission import Submission
from app.models.wave import SurveyWave

__all__ = [
    "Answer3",
    "InvolvementAnswer",
    "InvolvementChoice",
    "InvolvementLevel",
    "InvolvementTopic",
    "LearningInterest",
    "LocalGroupAnswer",
    "OrgKind",
    "OrgStatus",
    "Organization",
    "PartnershipAnswer",
    "RelationshipStatus",
    "Submission",
    "SubmissionStatus",
    "SurveyKind",
    "SurveyWave",
    "WaveStatus",
    "WaveSurveys",
]
