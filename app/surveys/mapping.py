"""Turning survey forms into answer records, and stored submissions back into form data."""

from app.models import (
    Answer3,
    Continuity,
    InvolvementLevel,
    InvolvementTopic,
    OrgKind,
    RelationshipStatus,
    Submission,
    SurveyKind,
)
from app.surveys.answers import (
    Choice,
    Contact,
    InvolvementAnswers,
    OrganizationAnswer,
    PartnerAnswer,
    PartnershipAnswers,
)
from app.surveys.fields import filled_values
from app.surveys.forms import PartnershipForm, SubmitterForm
from app.surveys.involvement_form import InvolvementForm


def _kind(value: str | None) -> OrgKind | None:
    """Return the chosen kind, or None when left blank."""
    return OrgKind(value) if value else None


def _organization(form: SubmitterForm) -> OrganizationAnswer:
    return OrganizationAnswer(
        name=form.org_name.data,
        kind=_kind(form.org_kind.data),
        city=form.org_city.data or None,
        state=form.org_state.data or None,
        website=form.org_website.data or None,
    )


def _contact(form: SubmitterForm) -> Contact:
    return Contact(name=form.contact_name.data, email=form.contact_email.data)


def partnership_answers(form: PartnershipForm) -> PartnershipAnswers:
    """Read a validated partnership form."""
    partners = [
        PartnerAnswer(
            name=entry.form.name.data,
            kind=_kind(entry.form.kind.data),
            city=entry.form.city.data or None,
            state=entry.form.state.data or None,
            status=RelationshipStatus(entry.form.status.data),
            priorities=entry.form.priorities.data or "",
            how_built=entry.form.how_built.data or "",
            themes=tuple(entry.form.themes.data or ()),
            continuity=Continuity(entry.form.continuity.data)
            if entry.form.continuity.data
            else None,
            email=entry.form.email.data or None,
            private=bool(entry.form.private.data),
            text_private=bool(entry.form.text_private.data),
        )
        for entry in form.partners.entries
    ]
    return PartnershipAnswers(
        organization=_organization(form),
        contact=_contact(form),
        partners=partners,
        interests=filled_values(form.interests.entries),
        interest_note=form.interest_note.data or "",
    )


def involvement_answers(form: InvolvementForm) -> InvolvementAnswers:
    """Read a validated involvement form."""
    provided = form.provided_assistance.data == "yes"
    choices = []
    for topic, ticked, other in (
        (
            InvolvementTopic.ASSISTANCE,
            form.assistance.data if provided else [],
            form.assistance_other,
        ),
        (InvolvementTopic.BARRIER, form.barriers.data, form.barrier_other),
        (InvolvementTopic.EVENT, form.events.data, form.event_other),
    ):
        for value in ticked or []:
            detail = (other.data or "") if value == "other" else ""
            choices.append(Choice(topic, value, detail))
    return InvolvementAnswers(
        organization=_organization(form),
        contact=_contact(form),
        level=InvolvementLevel(form.level.data),
        provided_assistance=provided,
        staff_count=form.staff_count.data or 0,
        wants_stronger=Answer3(form.wants_stronger.data),
        choices=choices,
        local_groups=filled_values(form.local_groups.entries),
        comments=form.comments.data or "",
    )


def _submitter_data(submission: Submission) -> dict:
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
    data = _submitter_data(submission)
    if submission.survey_kind is SurveyKind.PARTNERSHIP:
        data["partners"] = [
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
        data["interests"] = [i.label for i in submission.learning_interests if i.label]
        data["interest_note"] = "\n".join(
            i.note for i in submission.learning_interests if not i.label and i.note
        )
        return data
    answer = submission.involvement
    ticked: dict[InvolvementTopic, list[str]] = {topic: [] for topic in InvolvementTopic}
    others: dict[InvolvementTopic, str] = {}
    for row in submission.involvement_choices:
        ticked[row.topic].append(row.choice)
        if row.choice == "other":
            others[row.topic] = row.detail
    data.update(
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
    return data
