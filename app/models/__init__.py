"""The data model. Import models from here."""

from app.models.answers import (
    InvolvementAnswer,
    InvolvementChoice,
    LearningInterest,
    LocalGroupAnswer,
    PartnershipAnswer,
)
from app.models.audit import AuditEvent
from app.models.contact import MailRequest, OrganizationContact
from app.models.enums import (
    Answer3,
    ContactSource,
    ContactState,
    Continuity,
    InvitationStatus,
    InvolvementLevel,
    InvolvementTopic,
    OrgKind,
    OrgStatus,
    RelationshipStatus,
    ReplyState,
    Role,
    SubmissionOrigin,
    SubmissionStatus,
    SurveyKind,
    WaveStatus,
    WaveSurveys,
)
from app.models.history import OrganizationAlias, OutboxMessage, SubmissionVersion
from app.models.insight import NetworkInsight
from app.models.invitation import WaveInvitation
from app.models.network import NetworkRevision, NodePosition
from app.models.organization import Organization
from app.models.partner_reply import PartnerReply
from app.models.submission import Submission
from app.models.theme import Theme
from app.models.throttle import ThrottleEvent
from app.models.totals import PublishedTotal
from app.models.user import User
from app.models.wave import SurveyWave

__all__ = [
    "Answer3",
    "AuditEvent",
    "ContactSource",
    "ContactState",
    "Continuity",
    "InvitationStatus",
    "InvolvementAnswer",
    "InvolvementChoice",
    "InvolvementLevel",
    "InvolvementTopic",
    "LearningInterest",
    "LocalGroupAnswer",
    "MailRequest",
    "NetworkInsight",
    "NetworkRevision",
    "NodePosition",
    "OrgKind",
    "OrgStatus",
    "Organization",
    "OrganizationAlias",
    "OrganizationContact",
    "OutboxMessage",
    "PartnerReply",
    "PartnershipAnswer",
    "PublishedTotal",
    "RelationshipStatus",
    "ReplyState",
    "Role",
    "Submission",
    "SubmissionOrigin",
    "SubmissionStatus",
    "SurveyKind",
    "SubmissionVersion",
    "SurveyWave",
    "Theme",
    "ThrottleEvent",
    "User",
    "WaveInvitation",
    "WaveStatus",
    "WaveSurveys",
]
