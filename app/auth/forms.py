"""Sign-in and password forms."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from app.auth.passwords import MIN_PASSWORD_LENGTH
from app.auth.services import MAX_PASSWORD_LENGTH
from app.forms import SiteForm


def strip_filter(value):
    """Trim typed text, so that spaces alone count as empty."""
    return value.strip() if isinstance(value, str) else value


class LoginForm(SiteForm):
    """Email and password. Which of the two was wrong is never said."""

    email = EmailField(
        _l("Email"),
        filters=[strip_filter],
        validators=[DataRequired(_l("Enter your email.")), Length(max=254)],
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))])


class ChoosePasswordForm(SiteForm):
    """A new password, typed twice."""

    password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(_l("Choose a password.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=MAX_PASSWORD_LENGTH,
                # Length puts the two limits in.
                message=_l("Use between %(min)d and %(max)d characters."),
            ),
        ],
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(_l("Type the password a second time.")),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
    )
