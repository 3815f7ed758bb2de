"""The base of every form the site posts."""

from collections.abc import Iterator
from typing import TypeVar

from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import Field, FieldList, FormField

from app.i18n import N_
from app.inputs import has_control_characters

T = TypeVar("T")

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
    if isinstance(field, FieldList):
        for entry in field.entries:
            yield from _leaves(entry)
    elif isinstance(field, FormField):
        for sub_field in field.form:
            yield from _leaves(sub_field)
    else:
        yield field


def required(value: T | None) -> T:
    """Return a required field's value, once its form has validated: it cannot be None then."""
    if value is None:
        # Only a form read before validate_on_submit (a bug here, not the visitor's) gets this.
        raise ValueError("a required field is read before its form was validated")
    return value
