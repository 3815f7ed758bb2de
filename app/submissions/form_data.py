"""A stored submission's answers in the shape the survey forms take them.

Versions keep this shape (app.submissions.versions), and every form that starts from stored
answers (a status link, a moderator's correction, answering again) is filled from it.
"""

from app.models import InvolvementTopic, Submission, SurveyKind


def _submitter_data(submission: Submission) -> dict:
    """Return who answered, as the form's first fields take it."""
    org = submission.organization
    return {
        "org_name": org.name,
        "org_kind": org.kind.value,
        "org_city": org.city or "",
        "org_state": org.state or "",
        "org_website": org.website or "",
        "contact_name": submission.contact_name or "",
        "contact_email": submission.contact_email or "",
    }


def form_data(submission: Submission) -> dict:
    """Return the stored answers in the shape the survey's form expects."""
    if submission.survey_kind is SurveyKind.PARTNERSHIP:
        return _submitter_data(submission) | _partnership_data(submission)
    return _submitter_data(submission) | _involvement_data(submission)


def _partnership_data(submission: Submission) -> dict:
    """Return a partnership submission's partners and learning interests as form data."""
    partners = [
        {
            "name": answer.partner.name,
            "kind": answer.partner.kind.value,
            "city": answer.partner.city or "",
            "state": answer.partner.state or "",
            "status": answer.status.value,
            "priorities": answer.priorities,
            "how_built": answer.how_built,
            "themes": [theme.slug for theme in answer.themes],
            "continuity": answer.continuity.value if answer.continuity else "",
            "email": answer.partner_email or "",
            "private": answer.private,
            "text_private": answer.text_private,
        }
        for answer in submission.partnerships
    ]
    interests = submission.learning_interests
    return {
        "partners": partners,
        "interests": [i.label for i in interests if i.label],
        "interest_note": "\n".join(i.note for i in interests if not i.label and i.note),
    }


def _involvement_data(submission: Submission) -> dict:
    """Return an involvement submission's answers as form data."""
    answer = submission.involvement
    if answer is None:  # every involvement submission is stored with its answer row
        raise ValueError(f"involvement submission {submission.id} has no answers")
    ticked: dict[InvolvementTopic, list[str]] = {topic: [] for topic in InvolvementTopic}
    others: dict[InvolvementTopic, str] = {}
    for row in submission.involvement_choices:
        ticked[row.topic].append(row.choice)
        if row.choice == "other":
            others[row.topic] = row.detail
    return dict(
        level=answer.level.value,
        provided_assistance="yes" if answer.provided_assistance else "no",
        assistance=ticked[InvolvementTopic.ASSISTANCE],
        assistance_other=others.get(InvolvementTopic.ASSISTANCE, ""),
        staff_count=answer.staff_count,
        barriers=ticked[InvolvementTopic.BARRIER],
        barrier_other=others.get(InvolvementTopic.BARRIER, ""),
        events=ticked[InvolvementTopic.EVENT],
        event_other=others.get(InvolvementTopic.EVENT, ""),
        wants_stronger=answer.wants_stronger_relationship.value,
        local_groups=[group.organization.name for group in submission.local_groups],
        comments=answer.comments,
    )
