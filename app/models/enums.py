"""Every fixed vocabulary the surveys use, with the label people see for each value."""

import enum
from functools import cache
from typing import TYPE_CHECKING, Self

from flask_babel import get_locale, gettext, lazy_gettext

from app.i18n import N_


class LabelledEnum(enum.StrEnum):
    """A string enum whose members carry a human label, shown in the visitor's language."""

    # Each member's value is its first item, a string, and its label the second.
    _value_: str
    english_label: str

    if TYPE_CHECKING:
        # mypy reads `OrgKind(value)` as a call to __new__, but that call looks a member up
        # by value (EnumMeta.__call__): only the class body's (value, label) pairs ever
        # reach the __new__ below, so mypy is shown the lookup's one argument.
        def __new__(cls, value: str) -> Self: ...

    else:

        def __new__(cls, value: str, label: str):
            """Make the member `value`, carrying its English `label`."""
            member = str.__new__(cls, value)
            member._value_ = value
            member.english_label = label
            return member

    @property
    def label(self) -> str:
        """Return the member's label in the language of the page being made."""
        # Asked per node of a 10,000-organization map: looking the catalogue up each
        # time cost four times what naming the language does.
        return _translated(str(get_locale()), self.english_label)

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """Return (value, label) pairs for a form field, translated when the form is shown."""
        return [(member.value, lazy_gettext(member.english_label)) for member in cls]


@cache
def _translated(language: str, text: str) -> str:
    """Return `text` in `language`, the language in force (each label translated once)."""
    return gettext(text)


class OrgKind(LabelledEnum):
    BRIGADE = "brigade", N_("Civic tech group (brigade)")
    NNIP_PARTNER = "nnip_partner", N_("Data intermediary (NNIP partner)")
    GOVERNMENT = "government", N_("Government")
    NONPROFIT = "nonprofit", N_("Nonprofit")
    COMMUNITY_GROUP = "community_group", N_("Community group")
    UNIVERSITY = "university", N_("University")
    BUSINESS = "business", N_("Business")
    ASSOCIATION = "association", N_("Association")
    OTHER = "other", N_("Other")


class OrgStatus(LabelledEnum):
    """Whether an organization may be shown publicly."""

    PENDING = "pending", N_("Awaiting review")
    APPROVED = "approved", N_("Approved")


class SurveyKind(LabelledEnum):
    PARTNERSHIP = "partnership", N_("Partnership survey")
    INVOLVEMENT = "involvement", N_("Civic tech involvement survey")


class WaveSurveys(LabelledEnum):
    """Which surveys a wave includes."""

    PARTNERSHIP = "partnership", N_("Partnership survey")
    INVOLVEMENT = "involvement", N_("Involvement survey")
    BOTH = "both", N_("Both surveys")

    def includes(self, kind: SurveyKind) -> bool:
        """Tell whether this wave runs the survey `kind`."""
        return self is WaveSurveys.BOTH or self.value == kind.value


class WaveStatus(LabelledEnum):
    DRAFT = "draft", N_("Draft")
    OPEN = "open", N_("Open")
    CLOSED = "closed", N_("Closed")


class InvitationStatus(LabelledEnum):
    """How far a wave invitation has got: mailed, its survey opened, answered from it."""

    SENT = "sent", N_("Sent")
    OPENED = "opened", N_("Opened")
    ANSWERED = "answered", N_("Answered")


class ReplyState(LabelledEnum):
    """What a partner said of a relationship another organization reported."""

    UNANSWERED = "unanswered", N_("Not answered")
    CONFIRMED = "confirmed", N_("Confirmed by the partner")
    DECLINED = "declined", N_("Declined by the partner")


class ContactState(LabelledEnum):
    """Whether an address speaks for its organization (app/audience.py reads this)."""

    UNVERIFIED = "unverified", N_("Not verified")
    VERIFIED = "verified", N_("Verified")
    OPTED_OUT = "opted_out", N_("Verified, asked for no invitations")
    RETIRED = "retired", N_("Retired")
    ERASED = "erased", N_("Erased")


class ContactSource(LabelledEnum):
    """Where an organization's contact address came from."""

    ANSWER = "answer", N_("Its answers to a survey")
    ADMIN = "admin", N_("Added by an administrator")
    REPLY = "reply", N_("Its reply through a link sent to it")
    IMPORT = "import", N_("An import")


class SubmissionOrigin(LabelledEnum):
    """How a submission came in: answers to a survey, or a partner's correction of itself."""

    SURVEY = "survey", N_("Survey answers")
    PARTNER_CORRECTION = "partner_correction", N_("A partner's correction")


class SubmissionStatus(LabelledEnum):
    """Review state of a submission; only APPROVED is ever public."""

    PENDING = "pending", N_("Waiting for review")
    CHANGES_REQUESTED = "changes_requested", N_("Changes requested")
    APPROVED = "approved", N_("Approved and published")
    REJECTED = "rejected", N_("Not published")
    UNPUBLISHED = "unpublished", N_("Withdrawn from public view")
    SUPERSEDED = "superseded", N_("Replaced by newer answers")


class Role(LabelledEnum):
    """What a signed-in user may do; see app.permissions for the map."""

    MODERATOR = "moderator", N_("Moderator")
    ADMIN = "admin", N_("Administrator")


class RelationshipStatus(LabelledEnum):
    ACTIVE = "active", N_("Active")
    PAST = "past", N_("Past")
    PROSPECTIVE = "prospective", N_("Prospective")


class Continuity(LabelledEnum):
    """How a partnership named in a repeat wave relates to the organization's last answers."""

    CONTINUING = "continuing", N_("Continuing")
    NEW = "new", N_("New")
    ENDED = "ended", N_("Ended")


class InvolvementLevel(LabelledEnum):
    """The four levels of NNIP's 2014 survey."""

    LEADS = "leads", N_("Leads or has led a local civic tech group")
    EXTENSIVE = "extensive", N_("Extensive involvement with a local group")
    SOME_CONTACT = "some_contact", N_("Some contact, but not an active participant")
    NONE = "none", N_("No contact, or not aware of a local group")


class Answer3(LabelledEnum):
    YES = "yes", N_("Yes")
    NO = "no", N_("No")
    NOT_SURE = "not_sure", N_("Not sure")


class InvolvementTopic(LabelledEnum):
    """The multiple-choice questions of the involvement survey, one row per choice made."""

    ASSISTANCE = "assistance", N_("Assistance provided")
    BARRIER = "barrier", N_("Barriers met")
    EVENT = "event", N_("Events attended")


ASSISTANCE_CHOICES = [
    ("data", N_("Data")),
    ("technical_help", N_("Technical help")),
    ("meeting_space", N_("Meeting space")),
    ("staff_time", N_("Staff time")),
    ("other", N_("Other")),
]
BARRIER_CHOICES = [
    ("irregular_meetings", N_("Irregular group meetings")),
    ("no_leadership", N_("Lack of group leadership")),
    ("other", N_("Other")),
]
EVENT_CHOICES = [
    ("transparency_camp", N_("Transparency Camp")),
    ("cfa_summit", N_("Code for America Summit")),
    ("civic_hacking_day", N_("National Day of Civic Hacking")),
    ("other", N_("Other")),
]
TOPIC_CHOICES = {
    InvolvementTopic.ASSISTANCE: ASSISTANCE_CHOICES,
    InvolvementTopic.BARRIER: BARRIER_CHOICES,
    InvolvementTopic.EVENT: EVENT_CHOICES,
}


def choice_label(topic: InvolvementTopic, value: str) -> str:
    """Return the label of one multiple-choice answer."""
    label = dict(TOPIC_CHOICES[topic]).get(value)
    return gettext(label) if label else value
