"""The base of every form the site posts."""

from collections.abc import Iterator

from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import Field

from app.i18n import N_
from app.inputs import has_control_characters

CONTROL_CHARACTER_MESSAGE = N_(
    "Remove the control character (an invisible character such as NUL, often pasted "
    "from another program) from this answer."
)


class SiteForm(FlaskForm):
    """A form with CSRF protection that refuses control characters field by field.

    The message stands beside the field that holds one, and what the visitor typed
    stays in the form, so they can fix it; nothing is stored.
    """

    def validate(self, extra_validators=None) -> bool:
        """Validate every field, then refuse any value with a control character."""
        valid = super().validate(extra_validators)
        return refuse_control_characters(self) and valid


def refuse_control_characters(form) -> bool:
    """Add an error to every field (in sub-forms and lists too) whose sent value has one."""
    clean = True
    for field in form:
        for leaf in _leaves(field):
            sent = [raw for raw in leaf.raw_data or [] if isinstance(raw, str)]
            if any(has_control_characters(raw) for raw in sent):
                leaf.errors = [*leaf.errors, gettext(CONTROL_CHARACTER_MESSAGE)]
                clean = False
    return clean


def _leaves(field: Field) -> Iterator[Field]:
    """Yield the fields that hold values: list entries and sub-form fields, recursively."""
    if field.type == "FieldList":
        for entry in field.entries:
            yield from _leaves(entry)
    elif field.type == "FormField":
        for sub_field in field.form:
            yield from _leaves(sub_field)
    else:
        yield field
