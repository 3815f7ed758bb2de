"""Form building blocks shared by the surveys and the forms of partners, moderators and admins."""

from flask_babel import lazy_gettext
from wtforms import FieldList, Form, FormField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # stubs: WTForms 3.2
from wtforms.validators import DataRequired, Email, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.names import clean_text

NAME_MAX = 200
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 2000


def strip_filter(value):
    """Trim typed text, so that spaces alone count as empty."""
    return clean_text(value) if isinstance(value, str) else value


def lower_filter(value):
    """Keep an email address in lower case, as it is stored and looked up."""
    return value.lower() if isinstance(value, str) else value


EMAIL_MAX = 254


def email_checks() -> list:
    """Return the checks every typed email address passes: its length, then its shape."""
    return [
        Length(
            max=EMAIL_MAX,
            message=lazy_gettext("Keep an email address under %(max)d characters."),
        ),
        Email(lazy_gettext("Enter an email address like name@example.org.")),
    ]


def contact_email_field(missing) -> StringField:
    """Return the field of a contact's address: required (`missing` says so), kept in lower case."""
    return StringField(
        lazy_gettext("Your email"),
        filters=[strip_filter, lower_filter],
        validators=[DataRequired(missing), *email_checks()],
    )


def partner_email_field() -> StringField:
    """Return the field of a partner's private contact address: optional, kept in lower case."""
    return StringField(
        lazy_gettext("Partner's contact email"),
        filters=[strip_filter, lower_filter],
        validators=[Optional(), *email_checks()],
    )


def options(pairs) -> list[SelectChoice]:
    """Turn (value, label) pairs into the choices a select, radio or checkbox field takes.

    Labels are translated when the form is shown, so each must be marked for the
    catalogue where it is written (N_ or lazy_gettext).
    """
    return [
        SelectChoice(value, lazy_gettext(label) if isinstance(label, str) else label)
        for value, label in pairs
    ]


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def name_entry(label: str) -> StringField:
    """Return an optional name field for a repeatable list of names."""
    return StringField(
        label,
        filters=[strip_filter],
        validators=[
            Optional(),
            Length(max=NAME_MAX, message="Keep each name under 200 characters."),
        ],
    )


def filled_values(entries) -> list[str]:
    """Return the non-empty values of a FieldList of text fields, in order."""
    return [entry.data for entry in entries if entry.data]


def is_blank(form: Form) -> bool:
    """Tell whether a repeated sub-form was left entirely empty."""
    return not any(field.data for field in form if field.type in {"StringField", "TextAreaField"})


def entry_is_blank(entry) -> bool:
    """Tell whether one FieldList entry (a sub-form or a text field) is empty."""
    if hasattr(entry, "form"):
        return is_blank(entry.form)
    return not entry.data


def error_links(form: Form, list_errors: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """Return (field id, message) for every error in `form`, in page order, for the summary."""
    links = []
    for field in form:
        if isinstance(field, FieldList):
            if list_errors and field.name in list_errors:
                links.append((field.entries[0].id, list_errors[field.name]))
            for entry in field.entries:
                if isinstance(entry, FormField):
                    links.extend(error_links(entry.form))
                elif entry.errors:
                    links.append((entry.id, entry.errors[0]))
        elif field.type == "CSRFTokenField":
            continue  # said above the list, in words (surveys/_form_top.html)
        elif field.errors and isinstance(field.errors, list | tuple):
            links.append((field.id, f"{field.label.text}: {field.errors[0]}"))
    return links
