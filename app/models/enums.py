"""Every fixed vocabulary the surveys use, with the label people see for each value."""

import enum


class LabelledEnum(enum.StrEnum):
    """A string enum whose members carry a human label."""

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """Return (value, label) pairs for a form field."""
        return [(member.value, member.label) for member in cls]


class OrgKind(LabelledEnum):
    BRIGADE = "brigade", "Civic tech group (brigade)"
    NNIP_PARTNER = "nnip_partner", "Data intermediary (NNIP partner)"
    GOVERNMENT = "government", "Government"
    NONPROFIT = "nonprofit", "Nonprofit"
    COMMUNITY_GROUP = "community_group", "Community group"
    UNIVERSITY = "university", "University"
    BUSINESS = "business", "Business"
    ASSOCIATION = "association", "Association"
    OTHER = "other", "Other"


class OrgStatus(LabelledEnum):
    """Whether an organization may be shown publicly."""

    PENDING = "pending", "Awaiting review"
    APPROVED = "approved", "Approved"


class SurveyKind(LabelledEnum):
    PARTNERSHIP = "partnership", "Partnership survey"
    INVOLVEMENT = "involvement", "Civic tech involvement survey"


class WaveSurveys(LabelledEnum):
    """Which surveys a wave includes."""

    PARTNERSHIP = "partnership", "Partnership survey"
    INVOLVEMENT = "involvement", "Involvement survey"
    BOTH = "both", "Both surveys"

    def includes(self, kind: SurveyKind) -> bool:
        """Tell whether this wave runs the survey `kind`."""
        return self is WaveSurveys.BOTH or self.value == kind.value


class WaveStatus(LabelledEnum):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class SubmissionStatus(LabelledEnum):
    """Review state of a submission; only APPROVED is ever public."""

    PENDING = "pending", "Waiting for review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved and published"
    REJECTED = "rejected", "Not published"
    UNPUBLISHED = "unpublished", "Withdrawn from public view"
    SUPERSEDED = "superseded", "Replaced by newer answers"


class Role(LabelledEnum):
    """What a signed-in user may do; see app.auth.permissions for the map."""

    MODERATOR = "moderator", "Moderator"
    ADMIN = "admin", "Administrator"


class RelationshipStatus(LabelledEnum):
    ACTIVE = "active", "Active"
    PAST = "past", "Past"
    PROSPECTIVE = "prospective", "Prospective"


class Continuity(LabelledEnum):
    """How a partnership named in a repeat wave relates to the organization's last answers."""

    CONTINUING = "continuing", "Continuing"
    NEW = "new", "New"
    ENDED = "ended", "Ended"


class InvolvementLevel(LabelledEnum):
    """The four levels of NNIP's 2014 survey."""

    LEADS = "leads", "Leads or has led a local civic tech group"
    EXTENSIVE = "extensive", "Extensive involvement with a local group"
    SOME_CONTACT = "some_contact", "Some contact, but not an active participant"
    NONE = "none", "No contact, or not aware of a local group"


class Answer3(LabelledEnum):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_SURE = "not_sure", "Not sure"


class InvolvementTopic(LabelledEnum):
    """The multiple-choice questions of the involvement survey, one row per choice made."""

    ASSISTANCE = "assistance", "Assistance provided"
    BARRIER = "barrier", "Barriers met"
    EVENT = "event", "Events attended"


ASSISTANCE_CHOICES = [
    ("data", "Data"),
    ("technical_help", "Technical help"),
    ("meeting_space", "Meeting space"),
    ("staff_time", "Staff time"),
    ("other", "Other"),
]
BARRIER_CHOICES = [
    ("irregular_meetings", "Irregular group meetings"),
    ("no_leadership", "Lack of group leadership"),
    ("other", "Other"),
]
EVENT_CHOICES = [
    ("transparency_camp", "Transparency Camp"),
    ("cfa_summit", "Code for America Summit"),
    ("civic_hacking_day", "National Day of Civic Hacking"),
    ("other", "Other"),
]
TOPIC_CHOICES = {
    InvolvementTopic.ASSISTANCE: ASSISTANCE_CHOICES,
    InvolvementTopic.BARRIER: BARRIER_CHOICES,
    InvolvementTopic.EVENT: EVENT_CHOICES,
}


def choice_label(topic: InvolvementTopic, value: str) -> str:
    """Return the label of one multiple-choice answer."""
    return dict(TOPIC_CHOICES[topic]).get(value, value)
