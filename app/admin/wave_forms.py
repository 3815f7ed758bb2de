"""Forms for running survey waves."""

import re

from wtforms import DateField, SelectField, StringField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, Length, Optional

from app.auth.forms import strip_filter
from app.forms import SiteForm
from app.models.enums import WaveSurveys
from app.surveys.fields import options

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def lower_filter(value: str | None) -> str | None:
    """Lowercase a typed slug."""
    return value.lower() if value else value


class WaveDetailsForm(SiteForm):
    """A wave's details that an admin sets at creation and may change later."""

    name = StringField(
        "Name",
        filters=[strip_filter],
        validators=[DataRequired("Enter a name for the wave."), Length(max=120)],
    )
    surveys = SelectField(
        "Surveys",
        choices=options(WaveSurveys.choices()),
        validators=[DataRequired("Choose which surveys the wave includes.")],
    )
    opens_on = DateField(
        "Opens on",
        validators=[DataRequired("Enter the day the wave opens, like 2026-03-01.")],
    )
    closes_on = DateField("Closes on", validators=[Optional()])
    introduction = TextAreaField(
        "Introduction",
        filters=[strip_filter],
        validators=[
            Optional(),
            Length(max=2000, message="Keep the introduction to 2000 characters."),
        ],
    )

    def validate_closes_on(self, field) -> None:
        """Refuse a closing day that is not after the opening day."""
        if field.data and self.opens_on.data and field.data <= self.opens_on.data:
            raise ValidationError("The closing day must be after the opening day.")


class WaveForm(WaveDetailsForm):
    """A new wave: its details and its address, which is fixed once created."""

    slug = StringField(
        "Address (slug)",
        filters=[strip_filter, lower_filter],
        validators=[Optional(), Length(max=60, message="Keep the address to 60 characters.")],
    )

    def validate_slug(self, field) -> None:
        """Refuse an address that is not lowercase words joined by hyphens."""
        if field.data and not SLUG.match(field.data):
            raise ValidationError(
                "Use lowercase letters, digits and single hyphens only, like spring-2026."
            )


class WaveActionForm(SiteForm):
    """A CSRF-protected button that opens, closes or reopens a wave."""
