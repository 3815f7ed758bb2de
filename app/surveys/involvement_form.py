"""The involvement survey's form: a data intermediary's work with local civic tech groups.

It asks the submitter questions of SubmitterForm, then the NNIP-style questions; typed
"other" text counts as ticking "Other", and the assistance kinds must agree with yes/no.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import FieldList, IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from app.fields import SHORT_TEXT_MAX, MultiCheckboxField, name_entry, options, strip_filter
from app.i18n import N_
from app.models import Answer3, InvolvementLevel
from app.models.enums import ASSISTANCE_CHOICES, BARRIER_CHOICES, EVENT_CHOICES
from app.surveys.forms import MAX_NAMED, SubmitterForm, long_text_limit

# WTForms fills in %(max)d.
_short = Length(max=SHORT_TEXT_MAX, message=_l("Keep this under %(max)d characters."))


class InvolvementForm(SubmitterForm):
    """NNIP-style questions on a data intermediary's work with local civic tech groups."""

    level = RadioField(
        _l("How involved is your organization with local civic tech groups?"),
        choices=options(InvolvementLevel.choices()),
        validators=[InputRequired(_l("Choose the level that fits best."))],
    )
    provided_assistance = RadioField(
        _l("Has your organization provided data or other assistance to a local group?"),
        choices=options([("yes", N_("Yes")), ("no", N_("No"))]),
        validators=[InputRequired(_l("Answer yes or no."))],
    )
    assistance = MultiCheckboxField(
        _l("What kind of assistance?"), choices=options(ASSISTANCE_CHOICES)
    )
    assistance_other = StringField(
        _l("Other assistance"), filters=[strip_filter], validators=[_short]
    )
    staff_count = IntegerField(
        _l("How many of your staff take part in local civic tech groups?"),
        default=0,
        validators=[
            InputRequired(_l("Enter a number (0 if none).")),
            NumberRange(min=0, max=500, message=_l("Enter a number from 0 to 500.")),
        ],
    )
    barriers = MultiCheckboxField(
        _l("What barriers have you met?"), choices=options(BARRIER_CHOICES)
    )
    barrier_other = StringField(_l("Other barrier"), filters=[strip_filter], validators=[_short])
    events = MultiCheckboxField(
        _l("Which events have your staff attended?"), choices=options(EVENT_CHOICES)
    )
    event_other = StringField(_l("Other event"), filters=[strip_filter], validators=[_short])
    wants_stronger = RadioField(
        _l("Would you like a stronger relationship with local civic tech groups?"),
        choices=options(Answer3.choices()),
        validators=[InputRequired(_l("Choose yes, no or not sure."))],
    )
    local_groups = FieldList(
        name_entry(_l("Local group")), min_entries=3, max_entries=MAX_NAMED + 1
    )
    comments = TextAreaField(
        _l("Anything else?"), filters=[strip_filter], validators=[long_text_limit]
    )
    repeatable = {"local_groups": MAX_NAMED}

    def validate(self, extra_validators=None) -> bool:
        """Validate every field, then the answers that depend on each other."""
        self.drop_blank_entries()
        self._tick_other_when_typed()
        ok = super().validate(extra_validators) and self.validate_list_sizes()
        return self._validate_assistance() and self._validate_others() and ok

    def _tick_other_when_typed(self) -> None:
        """Count typed 'other' text as ticking 'Other'."""
        for choices, text in self._other_pairs():
            if text.data and "other" not in (choices.data or []):
                choices.data = [*(choices.data or []), "other"]

    def _other_pairs(self):
        return [
            (self.assistance, self.assistance_other),
            (self.barriers, self.barrier_other),
            (self.events, self.event_other),
        ]

    def _validate_assistance(self) -> bool:
        """Make the assistance kinds agree with the yes/no answer."""
        if self.provided_assistance.data == "yes" and not self.assistance.data:
            self.assistance.errors = [*self.assistance.errors, _("Tick at least one kind.")]
            return False
        if self.provided_assistance.data == "no" and self.assistance.data:
            self.assistance.errors = [
                *self.assistance.errors,
                _("You answered No above: untick these, or change the answer to Yes."),
            ]
            return False
        return True

    def _validate_others(self) -> bool:
        """Require the text of every ticked 'Other'."""
        ok = True
        for choices, text in self._other_pairs():
            if "other" in (choices.data or []) and not text.data:
                text.errors = [*text.errors, _("Describe the other answer you ticked.")]
                ok = False
        return ok
