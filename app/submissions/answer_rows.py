"""Filling a submission with the contact, submitter and answer rows of a survey's answers.

Organizations named for the first time are created pending review; a learning interest
that names a public organization or partnership is stored as a link to it, else as a note.
"""

from app.models import (
    InvolvementAnswer,
    InvolvementChoice,
    LearningInterest,
    LocalGroupAnswer,
    Organization,
    OrgKind,
    PartnershipAnswer,
    Submission,
    SurveyKind,
)
from app.orgs.services import get_or_create_organization
from app.submissions.answers import (
    Answers,
    InvolvementAnswers,
    OrganizationAnswer,
    PartnershipAnswers,
)
from app.submissions.interests import match_interest
from app.themes.catalogue import themes_by_slug

DEFAULT_SUBMITTER_KIND = {
    SurveyKind.PARTNERSHIP: OrgKind.BRIGADE,
    SurveyKind.INVOLVEMENT: OrgKind.NNIP_PARTNER,
}


def fill_answer_rows(
    submission: Submission, answers: Answers, organization: Organization | None = None
) -> None:
    """Fill `submission` with the contact, organization and answer rows of `answers`.

    `organization`, when given (an invitation's), is the submitter whatever name was typed.
    """
    submission.contact_name = answers.contact.name
    submission.contact_email = answers.contact.email
    submission.organization = organization or _submitter(answers.organization, answers.kind)
    if isinstance(answers, PartnershipAnswers):
        _apply_partnership(submission, answers)
    else:
        _apply_involvement(submission, answers)


def _submitter(org: OrganizationAnswer, kind: SurveyKind) -> Organization:
    return get_or_create_organization(
        org.name,
        org.kind or DEFAULT_SUBMITTER_KIND[kind],
        city=org.city,
        state=org.state,
        website=org.website,
    )


def _apply_partnership(submission: Submission, answers: PartnershipAnswers) -> None:
    for position, partner in enumerate(answers.partners):
        found = get_or_create_organization(
            partner.name, partner.kind, city=partner.city, state=partner.state
        )
        submission.partnerships.append(
            PartnershipAnswer(
                position=position,
                partner=found,
                status=partner.status,
                priorities=partner.priorities,
                how_built=partner.how_built,
                continuity=partner.continuity,
                themes=themes_by_slug(partner.themes),
                partner_email=partner.email or None,
                private=partner.private,
                text_private=partner.text_private,
            )
        )
    notes = []
    for text in answers.interests:
        match = match_interest(text)
        if match is None:
            notes.append(text)
            continue
        submission.learning_interests.append(
            LearningInterest(
                position=len(submission.learning_interests),
                organization_id=match[0],
                partner_id=match[1],
            )
        )
    for note in [*notes, answers.interest_note]:
        if note:
            submission.learning_interests.append(
                LearningInterest(position=len(submission.learning_interests), note=note)
            )


def _apply_involvement(submission: Submission, answers: InvolvementAnswers) -> None:
    submission.involvement = InvolvementAnswer(
        level=answers.level,
        provided_assistance=answers.provided_assistance,
        staff_count=answers.staff_count,
        wants_stronger_relationship=answers.wants_stronger,
        comments=answers.comments,
    )
    for choice in answers.choices:
        submission.involvement_choices.append(
            InvolvementChoice(topic=choice.topic, choice=choice.choice, detail=choice.detail)
        )
    seen: set[int] = set()
    for name in answers.local_groups:
        # A new group's place is left unknown: the intermediary's own is not copied to it.
        group = get_or_create_organization(name, OrgKind.BRIGADE)
        if group.id not in seen:
            seen.add(group.id)
            submission.local_groups.append(
                LocalGroupAnswer(position=len(submission.local_groups), organization=group)
            )


# A moderator's mark on one partner: (private, text_private, reason).
Mark = tuple[bool, bool, str]


def moderator_marks(submission: Submission) -> dict[int, Mark]:
    """Return the marks moderators gave the partners of `submission` (with a reason), by partner."""
    return {
        answer.partner_id: (answer.private, answer.text_private, answer.private_reason)
        for answer in submission.partnerships
        if answer.private_reason
    }


def keep_moderator_marks(submission: Submission, marks: dict[int, Mark]) -> None:
    """Put moderators' `marks` back on the same partners of `submission`'s new answers.

    A submitter's changed answers can add a mark but never lift one a moderator gave.
    """
    for answer in submission.partnerships:
        mark = marks.get(answer.partner.id) if answer.partner is not None else None
        if mark is not None:
            answer.private = answer.private or mark[0]
            answer.text_private = answer.text_private or mark[1]
            answer.private_reason = mark[2]
