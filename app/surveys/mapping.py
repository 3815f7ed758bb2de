"""Turning survey forms into answer records (and back: app.submissions.form_data)."""

from app.fields import filled_values
from app.forms import required
from app.models import (
    Answer3,
    Continuity,
    InvolvementLevel,
    InvolvementTopic,
    OrgKind,
    RelationshipStatus,
)
from app.submissions.answers import (
    Choice,
    Contact,
    InvolvementAnswers,
    OrganizationAnswer,
    PartnerAnswer,
    PartnershipAnswers,
)
from app.surveys.forms import PartnershipForm, SubmitterForm
from app.surveys.involvement_form import InvolvementForm


def _kind(value: str | None) -> OrgKind | None:
    """Return the chosen kind, or None when left blank."""
    return OrgKind(value) if value else None


def _organization(form: SubmitterForm) -> OrganizationAnswer:
    return OrganizationAnswer(
        name=required(form.org_name.data),
        kind=_kind(form.org_kind.data),
        city=form.org_city.data or None,
        state=form.org_state.data or None,
        website=form.org_website.data or None,
    )


def _contact(form: SubmitterForm) -> Contact:
    return Contact(name=required(form.contact_name.data), email=required(form.contact_email.data))


def partnership_answers(form: PartnershipForm) -> PartnershipAnswers:
    """Read a validated partnership form."""
    partners = [
        PartnerAnswer(
            name=required(entry.form.name.data),
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
