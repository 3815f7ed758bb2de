"""The themes checkboxes of question 2, with the themes offered when the form is built."""

from flask import has_request_context, request
from flask_babel import gettext as _
from wtforms.validators import ValidationError

from app.fields import MultiCheckboxField
from app.themes.catalogue import all_themes, theme_label

MAX_THEMES = 20
KEPT = "constellation.themes"  # where a request keeps the themes it read


def _themes_now() -> list:
    """Return every theme, read once per request (a form has up to 26 partner entries)."""
    if not has_request_context():
        return all_themes()
    if KEPT not in request.environ:
        request.environ[KEPT] = all_themes()
    return request.environ[KEPT]


class ThemesField(MultiCheckboxField):
    """Tick the themes that matter to a partner: the active ones, and any retired one the
    answer already names (so correcting an answer does not drop it)."""

    def offer(self) -> None:
        """Set the choices from the themes, after the field read its data."""
        named = set(self.data or [])
        self.choices = [
            (
                t.slug,
                theme_label(t.slug, t.label)
                if t.active
                else _("%(label)s (retired)", label=theme_label(t.slug, t.label)),
            )
            for t in _themes_now()
            if t.active or t.slug in named
        ]

    def pre_validate(self, form) -> None:
        """Refuse a theme that is not offered, or too many, with a message for the visitor."""
        values = self.data or []
        if len(values) > MAX_THEMES:
            raise ValidationError(_("Tick at most %(max)s themes.", max=MAX_THEMES))
        known = {choice[0] for choice in self.choices or ()}  # offer()'s (slug, label) pairs
        if any(value not in known for value in values):
            raise ValidationError(_("Tick themes from the list; one of these is not offered."))
