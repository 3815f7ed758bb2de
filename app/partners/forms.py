"""The partner's forms: its decision, its correction, and asking for new links."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, Length, Optional

from app.fields import LONG_TEXT_MAX, contact_email_field, options, strip_filter
from app.forms import SiteForm
from app.geo import US_STATES
from app.i18n import N_
from app.models import OrgKind
from app.partners.corrections import OwnAccount

CITY_MAX = 100


class DecisionForm(SiteForm):
    """Confirm or decline: the button pressed says which."""

    decision = HiddenField(
        validators=[AnyOf(["confirm", "decline"], message=_l("Choose confirm or decline."))]
    )


class CorrectionForm(SiteForm):
    """The partner's own account of itself: each field it leaves empty stays as it is."""

    kind = SelectField(
        _l("Kind of organization"),
        choices=options([("", N_("Leave as it is")), *OrgKind.choices()]),
        default="",
    )
    city = StringField(
        _l("City"),
        filters=[strip_filter],
        validators=[
            Optional(),
            Length(max=CITY_MAX, message=_l("Keep this under %(max)d characters.")),
        ],
    )
    state = SelectField(
        _l("State"), choices=options([("", N_("Leave as it is")), *US_STATES]), default=""
    )
    cares_about = TextAreaField(
        _l("What priorities are most important to your organization?"),
        filters=[strip_filter],
        validators=[Length(max=LONG_TEXT_MAX, message=_l("Keep this under %(max)d characters."))],
    )

    def validate(self, extra_validators=None) -> bool:
        """Validate every field, then require at least one of them."""
        valid = super().validate(extra_validators)
        if valid and not any((self.kind.data, self.city.data, self.state.data,
                              self.cares_about.data)):  # fmt: skip
            self.cares_about.errors = [
                *self.cares_about.errors,
                str(_l("Say at least one thing: your kind, your place or what matters to you.")),
            ]
            return False
        return valid

    def own_account(self) -> OwnAccount:
        """Return what the partner said of itself."""
        return OwnAccount(
            kind=OrgKind(self.kind.data) if self.kind.data else None,
            city=self.city.data or None,
            state=self.state.data or None,
            cares_about=self.cares_about.data or "",
        )


class NewLinkForm(SiteForm):
    """The address a partner's mail was sent to."""

    email = contact_email_field(_l("Give the email address the question was sent to."))
