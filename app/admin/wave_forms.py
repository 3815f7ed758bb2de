"""Forms for running survey waves."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, Length, Optional

from app.auth.forms import strip_filter
from app.fields import options
from app.forms import SiteForm
from app.models.enums import WaveSurveys

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def lower_filter(value: str | None) -> str | None:
    """Lowercase a typed slug."""
    return value.lower() if value else value


class WaveDetailsForm(SiteForm):
    """A wave's details that an admin sets at creation and may change later."""

    name = StringField(
        _l("Name"),
        filters=[strip_filter],
        validators=[DataRequired(_l("Enter a name for the wave.")), Length(max=120)],
    )
    surveys = SelectField(
        _l("Surveys"),
        choices=options(WaveSurveys.choices()),
        validators=[DataRequired(_l("Choose which surveys the wave includes."))],
    )
    opens_on = DateField(
        _l("Opens on"),
        validators=[DataRequired(_l("Enter the day the wave opens, like 2026-03-01."))],
    )
    closes_on = DateField(_l("Closes on"), validators=[Optional()])
    introduction = TextAreaField(
        _l("Introduction"),
        filters=[strip_filter],
        validators=[
            Optional(),
            Length(max=2000, message=_l("Keep the introduction to %(max)d characters.")),
        ],
    )

    def validate_closes_on(self, field) -> None:
        """Refuse a closing day that is not after the opening day."""
        if field.data and self.opens_on.data and field.data <= self.opens_on.data:
            raise ValidationError(_l("The closing day must be after the opening day."))


class WaveForm(WaveDetailsForm):
    """A new wave: its details and its address, which is fixed once created."""

    slug = StringField(
        _l("Address (slug)"),
        filters=[strip_filter, lower_filter],
        validators=[
            Optional(),
            Length(max=60, message=_l("Keep the address to %(max)d characters.")),
        ],
    )

    def validate_slug(self, field) -> None:
        """Refuse an address that is not lowercase words joined by hyphens."""
        if field.data and not SLUG.match(field.data):
            raise ValidationError(
                _l("Use lowercase letters, digits and single hyphens only, like spring-2026.")
            )


class WaveActionForm(SiteForm):
    """A CSRF-protected button that opens, closes or reopens a wave."""


class InviteOrganizationsForm(SiteForm):
    """Whom to invite to a wave: chosen organizations, and pasted "name, email" rows.

    The checkboxes are read from the request (their values are "survey:organization id",
    checked against the wave's candidates by the services); the rows are checked one by one.
    """

    pasted = TextAreaField(
        _l("Or paste organizations, one per line: name, email"),
        filters=[strip_filter],
        validators=[
            Optional(),
            Length(max=50000, message=_l("Keep the list under %(max)d characters.")),
        ],
    )
    pasted_survey = SelectField(_l("Survey for the pasted organizations"), validators=[Optional()])
