"""The admin forms of the themes page."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from app.fields import strip_filter
from app.forms import SiteForm
from app.themes.services import LABEL_MAX


class ThemeForm(SiteForm):
    """A theme's English label, to add or rename it."""

    label = StringField(
        _l("Theme"),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Write the theme's name.")),
            Length(min=2, max=LABEL_MAX, message=_l("Use between %(min)d and %(max)d characters.")),
        ],
    )


class ThemeActionForm(SiteForm):
    """A retire or offer-again button: only its CSRF token."""
