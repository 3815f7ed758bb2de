"""Admin pages: the themes of question 2 (what matters to a partner)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.forms import required
from app.models import Theme
from app.themes import services
from app.themes.catalogue import all_themes
from app.themes.forms import ThemeActionForm, ThemeForm


def _render(form: ThemeForm | None = None, status: int = 200, renaming: int | None = None):
    """Render the themes page, with the add form (or a refused rename) as given."""
    add_form = form
    if form is None or renaming is not None:
        add_form = ThemeForm(prefix="add", formdata=None)
    page = render_template(
        "admin/themes.html",
        themes=all_themes(),
        add_form=add_form,
        rename_form=form if renaming is not None else None,
        renaming=renaming,
        action_form=ThemeActionForm(),
    )
    return page, status


def themes():
    """List every theme, active and retired, with the changes an admin can make."""
    return _render()


def theme_add():
    """Add a theme to the survey's list."""
    form = ThemeForm(prefix="add")
    if not form.validate_on_submit():
        return _render(form, 422)
    try:
        theme = services.add_theme(current_user, required(form.label.data))
    except services.ThemeError as error:
        db.session.rollback()
        form.label.errors = [str(error)]
        return _render(form, 422)
    flash(_("Theme “%(label)s” added.", label=theme.label), "ok")
    return redirect(url_for(".themes"), 303)


def theme_rename(theme_id: int):
    """Give a theme another label."""
    theme = db.get_or_404(Theme, theme_id)
    form = ThemeForm()
    if not form.validate_on_submit():
        return _render(form, 422, renaming=theme.id)
    try:
        changed = services.rename_theme(current_user, theme, required(form.label.data))
    except services.ThemeError as error:
        db.session.rollback()
        form.label.errors = [str(error)]
        return _render(form, 422, renaming=theme.id)
    flash(_("Theme renamed.") if changed else _("Same name; nothing changed."), "ok")
    return redirect(url_for(".themes"), 303)


def theme_retire(theme_id: int):
    """Take a theme off the survey, keeping it on the answers that named it."""
    return _set_active(theme_id, False)


def theme_restore(theme_id: int):
    """Offer a retired theme in the survey again."""
    return _set_active(theme_id, True)


def _set_active(theme_id: int, active: bool):
    """Retire or restore a theme after checking the form's token."""
    theme = db.get_or_404(Theme, theme_id)
    if not ThemeActionForm().validate_on_submit():
        flash(_("The form expired; please try again."), "error")
        return redirect(url_for(".themes"), 303)
    services.set_active(current_user, theme, active)
    if active:
        flash(_("Theme “%(label)s” is offered again.", label=theme.label), "ok")
    else:
        label = theme.label
        flash(_("Theme “%(label)s” retired; answers that named it keep it.", label=label), "ok")
    return redirect(url_for(".themes"), 303)
