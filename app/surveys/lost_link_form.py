"""The "Lost your link?" form: the address whose answers' private links are mailed again."""

from flask_babel import lazy_gettext as _l

from app.fields import contact_email_field
from app.forms import SiteForm


class LostLinkForm(SiteForm):
    """The address whose answers' private links should be mailed again."""

    email = contact_email_field(_l("Give the email address you sent your answers with."))
