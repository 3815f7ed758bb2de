"""The partnership survey's form, and the submitter questions every survey form starts with.

Each field's limits and messages live with the form that asks it; the involvement form
is in involvement_form.py, the "Lost your link?" form in lost_link_form.py.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, DataRequired, InputRequired, Length, Optional
from wtforms.validators import ValidationError as FieldError

from app.fields import (
    LONG_TEXT_MAX,
    NAME_MAX,
    contact_email_field,
    entry_is_blank,
    name_entry,
    options,
    partner_email_field,
    strip_filter,
)
from app.forms import SiteForm
from app.geo import US_STATES
from app.i18n import N_
from app.models import Continuity, OrgKind, RelationshipStatus
from app.names import name_key
from app.orgs.services import find_organization
from app.themes.fields import ThemesField

MAX_PARTNERS = 25
MAX_NAMED = 10  # learning interests, local groups

# WTForms fills in %(min)d and %(max)d.
long_text_limit = Length(max=LONG_TEXT_MAX, message=_l("Keep this under %(max)d characters."))
_name = Length(min=2, max=NAME_MAX, message=_l("Use between %(min)d and %(max)d characters."))
_city = Length(max=100)
_kind_choices = options([("", N_("Choose a kind…")), *OrgKind.choices()])
_state_choices = options([("", N_("Choose a state…")), *US_STATES])


class SubmitterForm(SiteForm):
    """Who is answering: the organization and a private contact."""

    org_name = StringField(
        _l("Organization name"),
        filters=[strip_filter],
        validators=[DataRequired(_l("Name your organization.")), _name],
    )
    org_kind = SelectField(_l("Kind of organization"), choices=_kind_choices, default="")
    org_city = StringField(_l("City"), filters=[strip_filter], validators=[Optional(), _city])
    org_state = SelectField(_l("State"), choices=_state_choices, default="")
    org_website = URLField(
        _l("Website"),
        filters=[strip_filter],
        validators=[
            Optional(),
            Length(max=300),
            URL(message=_l("Enter a full web address, like https://example.org.")),
        ],
    )
    contact_name = StringField(
        _l("Your name"),
        filters=[strip_filter],
        validators=[DataRequired(_l("Tell us who to contact.")), Length(max=120)],
    )
    contact_email = contact_email_field(_l("Give an email address so a moderator can reach you."))

    # The version of the submission an edit started from (see update_submission).
    seen_version = HiddenField()

    # (FieldList name, most entries) for lists a visitor can grow and shrink.
    repeatable: dict[str, int] = {}
    list_errors: dict[str, str] = {}

    def known_organization(self):
        """Return the existing organization the typed name matches, if any."""
        return find_organization(self.org_name.data or "", self.org_state.data or None)

    def validate_org_kind(self, field):
        """Require a kind for an organization we do not know yet."""
        if not field.data and self.org_name.data and self.known_organization() is None:
            raise FieldError(_l("Choose what kind of organization this is."))

    def validate_org_state(self, field):
        """Require a state for an organization we do not know yet."""
        if not field.data and self.org_name.data and self.known_organization() is None:
            raise FieldError(_l("We don't know this organization yet: choose its state."))

    def drop_blank_entries(self) -> None:
        """Forget repeated entries left empty, keeping one so its errors can show."""
        for name in self.repeatable:
            field = self[name]
            kept = [entry for entry in field.entries if not entry_is_blank(entry)]
            field.entries = kept or field.entries[:1]

    def apply_list_action(self, action: str | None) -> bool:
        """Add or remove a repeated entry for a browser without JavaScript.

        `action` is "add:<list>" or "remove:<list>:<index>". Returns True when the
        post was such an action, so the page is shown again instead of saved.
        """
        if not action:
            return False
        verb, _, rest = action.partition(":")
        name, _, index = rest.partition(":")
        if name not in self.repeatable:
            return False
        field = self[name]
        if verb == "add" and len(field.entries) < self.repeatable[name]:
            field.append_entry()
        elif verb == "remove" and len(field.entries) > 1:
            field.entries = [e for e in field.entries if e.name != f"{name}-{index}"]
        return True

    def validate_list_sizes(self) -> bool:
        """Reject more entries than a list allows, with a message for the list."""
        self.list_errors = {
            name: _("List at most %(limit)s; remove the extra entries.", limit=limit)
            for name, limit in self.repeatable.items()
            if len(self[name].entries) > limit
        }
        return not self.list_errors


class PartnerForm(Form):
    """Questions 1-3 for one partner."""

    name = StringField(
        _l("Partner's name"),
        filters=[strip_filter],
        validators=[DataRequired(_l("Name the partner.")), _name],
    )
    kind = SelectField(_l("Kind of partner"), choices=_kind_choices, default="")
    # Where the partner is, if known; never copied from the submitter's own place.
    city = StringField(_l("Partner's city"), filters=[strip_filter], validators=[Optional(), _city])
    state = SelectField(_l("Partner's state"), choices=_state_choices, default="")
    status = RadioField(
        _l("Relationship"),
        choices=options(RelationshipStatus.choices()),
        default=RelationshipStatus.ACTIVE.value,
        validators=[
            InputRequired(_l("Say whether the relationship is active, past or prospective."))
        ],
    )
    continuity = SelectField(
        _l("Since your last answers"),
        choices=options([("", N_("Not said")), *Continuity.choices()]),
        default="",
    )
    # Questions 2 and 3 as the 2022 survey asked them, once for each partner.
    priorities = TextAreaField(
        _l("2. What priorities are most important to those partners?"),
        filters=[strip_filter],
        validators=[long_text_limit],
    )
    # Question 2 as a short list beside the free text (app/themes), so answers can be counted.
    themes = ThemesField(_l("Themes that matter to this partner"))
    how_built = TextAreaField(
        _l(
            "3. What are the most important things you have done to build a relationship "
            "with a partner?"
        ),
        filters=[strip_filter],
        validators=[long_text_limit],
    )
    # Private (app/partners asks the partner to confirm); never published.
    email = partner_email_field()
    # For moderators only (app/public.py): the whole relationship, or only its words.
    private = BooleanField(_l("Keep this partner for moderators only"))
    text_private = BooleanField(_l("Keep what I wrote about this partner for moderators only"))

    def __init__(self, *args, **kwargs):
        """Build the entry, offering the themes there are now."""
        super().__init__(*args, **kwargs)
        self.themes.offer()


class PartnershipForm(SubmitterForm):
    """The four partnership questions of 2022, for any year."""

    # One more than the limit is read, so that a longer list gets a message
    # instead of being silently cut.
    partners = FieldList(FormField(PartnerForm), min_entries=1, max_entries=MAX_PARTNERS + 1)
    interests = FieldList(
        name_entry(_l("Organization or partnership")), min_entries=3, max_entries=MAX_NAMED + 1
    )
    interest_note = TextAreaField(
        _l("Anything else you would like to learn about?"),
        filters=[strip_filter],
        validators=[long_text_limit],
    )
    repeatable = {"partners": MAX_PARTNERS, "interests": MAX_NAMED}

    def validate(self, extra_validators=None) -> bool:
        """Validate every field, then the partner list as a whole."""
        self.drop_blank_entries()
        ok = super().validate(extra_validators) and self.validate_list_sizes()
        return self._validate_distinct_partners() and ok

    def _validate_distinct_partners(self) -> bool:
        """Reject a partner listed twice, or the organization naming itself."""
        seen = {name_key(self.org_name.data or "")}
        ok = True
        for entry in self.partners.entries:
            key = name_key(entry.form.name.data or "")
            if key and key in seen:
                entry.form.name.errors = [*entry.form.name.errors, _duplicate_message(entry, self)]
                ok = False
            seen.add(key)
        return ok


def _duplicate_message(entry, form) -> str:
    """Explain why a partner name was refused as a repeat."""
    if name_key(entry.form.name.data) == name_key(form.org_name.data or ""):
        return _("This is your own organization; name a partner instead.")
    return _("This partner is already listed above.")
