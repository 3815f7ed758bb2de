"""Sign-in and password forms."""

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
        "Email",
        filters=[strip_filter],
        validators=[DataRequired("Enter your email."), Length(max=254)],
    )
    password = PasswordField("Password", validators=[DataRequired("Enter your password.")])


class ChoosePasswordForm(SiteForm):
    """A new password, typed twice."""

    password = PasswordField(
        "New password",
        validators=[
            DataRequired("Choose a password."),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=MAX_PASSWORD_LENGTH,
                message=f"Use between {MIN_PASSWORD_LENGTH} and {MAX_PASSWORD_LENGTH} characters.",
            ),
        ],
    )
    confirm = PasswordField(
        "New password again",
        validators=[
            DataRequired("Type the password a second time."),
            EqualTo("password", message="The two passwords are not the same."),
        ],
    )
