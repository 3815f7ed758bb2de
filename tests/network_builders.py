"""Builders for approved (and not approved) answers, for the organization and table tests."""

import html
import re
from datetime import date

from app.extensions import db
from app.models import (
    Answer3,
    InvolvementAnswer,
    InvolvementChoice,
    InvolvementLevel,
    InvolvementTopic,
    LearningInterest,
    LocalGroupAnswer,
    Organization,
    OrgKind,
    PartnershipAnswer,
    RelationshipStatus,
    Submission,
    SubmissionStatus,
    SurveyKind,
    SurveyWave,
    WaveStatus,
)
from tests import factories

APPROVED = SubmissionStatus.APPROVED
ACTIVE, PAST, PROSPECTIVE = (
    RelationshipStatus.ACTIVE,
    RelationshipStatus.PAST,
    RelationshipStatus.PROSPECTIVE,
)


def partnership(
    wave: SurveyWave,
    org: Organization,
    partners: list[tuple[Organization, RelationshipStatus, str, str]],
    *,
    status: SubmissionStatus = APPROVED,
    interests: list[tuple[Organization | None, Organization | None, str]] = (),
    contact_email: str | None = None,
) -> Submission:
    """Store a partnership submission: (partner, status, priorities, how built) per partner."""
    submission = Submission(
        wave=wave,
        survey_kind=SurveyKind.PARTNERSHIP,
        organization=org,
        status=status,
        contact_name="Casey Contact" if contact_email else None,
        contact_email=contact_email,
    )
    for position, (partner, relationship, priorities, how_built) in enumerate(partners):
        submission.partnerships.append(
            PartnershipAnswer(
                position=position,
                partner=partner,
                status=relationship,
                priorities=priorities,
                how_built=how_built,
            )
        )
    for position, (named, its_partner, note) in enumerate(interests):
        submission.learning_interests.append(
            LearningInterest(position=position, organization=named, partner=its_partner, note=note)
        )
    db.session.add(submission)
    db.session.commit()
    return submission


def involvement(
    wave: SurveyWave,
    org: Organization,
    groups: list[Organization],
    *,
    status: SubmissionStatus = APPROVED,
    choices: list[tuple[InvolvementTopic, str, str]] = (),
    level: InvolvementLevel = InvolvementLevel.EXTENSIVE,
    comments: str = "",
    contact_email: str | None = None,
) -> Submission:
    """Store an involvement submission naming `groups` as the local groups it works with."""
    submission = Submission(
        wave=wave,
        survey_kind=SurveyKind.INVOLVEMENT,
        organization=org,
        status=status,
        contact_name="Casey Contact" if contact_email else None,
        contact_email=contact_email,
    )
    submission.involvement = InvolvementAnswer(
        level=level,
        provided_assistance=True,
        staff_count=3,
        wants_stronger_relationship=Answer3.YES,
        comments=comments,
    )
    for topic, choice, detail in choices:
        submission.involvement_choices.append(
            InvolvementChoice(topic=topic, choice=choice, detail=detail)
        )
    for position, group in enumerate(groups):
        submission.local_groups.append(LocalGroupAnswer(position=position, organization=group))
    db.session.add(submission)
    db.session.commit()
    return submission


def riverton_network() -> dict[str, Organization]:
    """Store two waves of answers around Code for Riverton; return the organizations by name."""
    old = factories.make_wave(slug="2021-wave", status=WaveStatus.CLOSED, opens_on=date(2021, 3, 1))
    new = factories.make_wave(slug="2023-wave", status=WaveStatus.CLOSED, opens_on=date(2023, 3, 1))
    orgs = {
        "riverton": factories.make_org("Code for Riverton", city="Riverton", state="OR"),
        "hillside": factories.make_org("Code for Hillside", city="Hillside", state="WA"),
        "library": factories.make_org(
            "Riverton Library", OrgKind.GOVERNMENT, city="Riverton", state="OR"
        ),
        "food": factories.make_org(
            "Westside Food Bank", OrgKind.NONPROFIT, city="Riverton", state="OR"
        ),
        "hub": factories.make_org(
            "Cascade Data Hub", OrgKind.NNIP_PARTNER, city="Salem", state="OR"
        ),
    }
    partnership(
        old,
        orgs["riverton"],
        [(orgs["library"], ACTIVE, "Library cared about e-books", "Built in 2021")],
        interests=[(orgs["hillside"], None, ""), (None, None, "How to run a hackathon")],
        contact_email="riverton-2021@private.example",
    )
    partnership(
        new,
        orgs["riverton"],
        [
            (orgs["library"], PAST, "Library now cares about maker spaces", "Old ties"),
            (orgs["food"], ACTIVE, "Food access maps", "Volunteered at the pantry"),
        ],
    )
    partnership(
        new,
        orgs["hillside"],
        [(orgs["riverton"], PROSPECTIVE, "Riverton cares about transit", "Met at a summit")],
    )
    involvement(
        new,
        orgs["hub"],
        [orgs["riverton"], orgs["hillside"]],
        choices=[
            (InvolvementTopic.ASSISTANCE, "data", ""),
            (InvolvementTopic.BARRIER, "other", "Meeting times clash"),
            (InvolvementTopic.EVENT, "cfa_summit", ""),
        ],
        comments="Private thoughts for the network team",
    )
    return orgs


def sorted_columns(page: str) -> list[tuple[str, str, str]]:
    """Return (aria-sort, link, label) of every sorted column header on a page."""
    found = re.findall(r'<th scope="col" aria-sort="(\w+)">\s*<a href="([^"]*)">([^<]*)', page)
    return [(aria, html.unescape(href), label.strip()) for aria, href, label in found]
