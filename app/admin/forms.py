"""Forms for managing accounts and contacts."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.auth.forms import strip_filter
from app.fields import options
from app.forms import SiteForm
from app.models import Role

ROLE_CHOICES = options(Role.choices())


class InviteForm(SiteForm):
    """Who to invite, and with which role."""

    email = EmailField(
        _l("Email"),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Enter the address the invitation goes to.")),
            Length(max=254),
            Email(_l("Enter an email address, like name@example.org.")),
        ],
    )
    name = StringField(_l("Name"), filters=[strip_filter], validators=[Optional(), Length(max=120)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default=Role.MODERATOR.value)


class RoleForm(SiteForm):
    """The role to give an account."""

    role = SelectField(_l("Role"), choices=ROLE_CHOICES)


class ContactRowsForm(SiteForm):
    """Addresses to add to an organization as verified contacts, one a line."""

    rows = TextAreaField(
        _l("Addresses, one a line"),
        description=_l("An address, then if you like a comma and the person's name."),
        validators=[DataRequired(_l("Write at least one address.")), Length(max=60_000)],
    )


class ContactSearchForm(SiteForm):
    """An address, or part of an organization's name, to find contacts by."""

    q = StringField(
        _l("Address or organization"),
        filters=[strip_filter],
        validators=[DataRequired(_l("Write an address or part of a name.")), Length(max=254)],
    )
