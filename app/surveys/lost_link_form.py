"""The "Lost your link?" form: the address whose answers' private links are mailed again."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Email, Length

from app.forms import SiteForm
from app.surveys.fields import lower_filter, strip_filter


class LostLinkForm(SiteForm):
    """The address whose answers' private links should be mailed again."""

    email = StringField(
        _l("Your email"),
        filters=[strip_filter, lower_filter],
        validators=[
            DataRequired(_l("Give the email address you sent your answers with.")),
            Length(max=254),
            Email(_l("Enter an email address like name@example.org.")),
        ],
    )
