"""Builders for wave report tests: approved involvement and partnership answers as rows."""

from app.extensions import db
from app.models import (
    Answer3,
    InvolvementAnswer,
    InvolvementChoice,
    InvolvementLevel,
    InvolvementTopic,
    OrgKind,
    PartnershipAnswer,
    RelationshipStatus,
    Submission,
    SubmissionStatus,
    SurveyKind,
    SurveyWave,
)
from tests import factories


def org(name: str, kind: OrgKind = OrgKind.NNIP_PARTNER):
    """Return the organization called `name`, creating it if needed."""
    found = db.session.scalar(db.select(factories.Organization).filter_by(name=name))
    return found or factories.make_org(name, kind)


def involvement(
    wave: SurveyWave,
    name: str,
    level: InvolvementLevel,
    *,
    assisted: bool = True,
    barriers: tuple[str, ...] = (),
    events: tuple[str, ...] = (),
    status: SubmissionStatus = SubmissionStatus.APPROVED,
) -> Submission:
    """Store one involvement answer for the organization `name`."""
    submission = Submission(
        wave=wave, survey_kind=SurveyKind.INVOLVEMENT, organization=org(name), status=status
    )
    submission.involvement = InvolvementAnswer(
        level=level, provided_assistance=assisted, wants_stronger_relationship=Answer3.YES
    )
    for topic, choices in ((InvolvementTopic.BARRIER, barriers), (InvolvementTopic.EVENT, events)):
        for choice in choices:
            submission.involvement_choices.append(InvolvementChoice(topic=topic, choice=choice))
    db.session.add(submission)
    db.session.commit()
    return submission


def partnerships(
    wave: SurveyWave,
    brigade: str,
    partners: list[tuple[str, OrgKind]],
    *,
    status: SubmissionStatus = SubmissionStatus.APPROVED,
    priorities: str = "",
) -> Submission:
    """Store one brigade's partnership answers naming `partners`."""
    submission = Submission(
        wave=wave,
        survey_kind=SurveyKind.PARTNERSHIP,
        organization=org(brigade, OrgKind.BRIGADE),
        status=status,
    )
    for position, (name, kind) in enumerate(partners):
        submission.partnerships.append(
            PartnershipAnswer(
                position=position,
                partner=org(name, kind),
                status=RelationshipStatus.ACTIVE,
                priorities=priorities,
            )
        )
    db.session.add(submission)
    db.session.commit()
    return submission
