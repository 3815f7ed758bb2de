"""Admin pages: running survey waves and following up who has not answered."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.admin.acting import acting_admin
from app.admin.wave_forms import (
    WaveActionForm,
    WaveDetailsForm,
    WaveForm,
)
from app.admin.wave_responses import responses
from app.downloads.formats import to_csv
from app.extensions import db
from app.forms import required
from app.i18n import N_
from app.invitations.overview import change_summary, counts_of, invitations_of
from app.models import SurveyWave
from app.models.enums import WaveStatus, WaveSurveys
from app.names import slugify
from app.waves import operations
from app.waves.rules import all_waves, wave_by_slug


def waves():
    """List every wave with its surveys, dates, status and submission counts."""
    return render_template(
        "admin/waves.html",
        waves=all_waves(),
        counts=operations.status_counts(),
        action_form=WaveActionForm(),
    )


def wave_new():
    """Create a draft wave."""
    form = WaveForm()
    if form.validate_on_submit():
        name = required(form.name.data)
        slug = form.slug.data or slugify(name, max_length=60)
        try:
            wave = operations.create_wave(
                acting_admin(),
                name=name,
                slug=slug,
                surveys=WaveSurveys(form.surveys.data),
                opens_on=required(form.opens_on.data),
                closes_on=form.closes_on.data,
                introduction=form.introduction.data or "",
            )
        except operations.WaveError as error:
            db.session.rollback()
            form.slug.errors = [*form.slug.errors, str(error)]
        else:
            flash(
                _(
                    "%(wave)s is saved as a draft. Open it when it should take answers.",
                    wave=wave.name,
                ),
                "ok",
            )
            return redirect(url_for(".wave", wave_slug=wave.slug), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("admin/wave_new.html", form=form), status


def wave(wave_slug: str):
    """Show a wave and who has answered it among earlier respondents."""
    found = wave_or_404(wave_slug)
    rows = invitations_of(found)
    return render_template(
        "admin/wave.html",
        wave=found,
        responses=responses(found),
        invitations=rows,
        invitation_counts=counts_of(rows),
        action_form=WaveActionForm(),
    )


def wave_close_confirm(wave_slug: str):
    """Ask the admin to confirm closing a wave, saying what closing it does."""
    return _confirm(wave_slug, WaveStatus.OPEN, "close")


def wave_reopen_confirm(wave_slug: str):
    """Ask the admin to confirm reopening a wave, saying what reopening it does."""
    return _confirm(wave_slug, WaveStatus.CLOSED, "reopen")


def _confirm(wave_slug: str, status: WaveStatus, step: str):
    """Show the confirmation step of `step` for a wave in `status`, or go back to it."""
    found = wave_or_404(wave_slug)
    return render_template(
        "admin/wave_confirm.html",
        wave=found,
        step=step,
        possible=found.status is status,
        summary=change_summary(found),
        action_form=WaveActionForm(),
    )


def wave_edit(wave_slug: str):
    """Change a wave's name, dates, introduction and, before any submission, its surveys."""
    found = wave_or_404(wave_slug)
    form = (
        WaveDetailsForm() if request.method == "POST" else WaveDetailsForm(data=_form_data(found))
    )
    if form.validate_on_submit():
        try:
            changed = operations.edit_wave(acting_admin(), found, _changes(form))
        except operations.WaveError as error:
            db.session.rollback()
            form[error.field].errors.append(str(error))
        else:
            labels = ", ".join(str(form[key].label.text) for key in changed)
            if changed:
                message = _(
                    "%(wave)s is saved. Changed: %(fields)s.", wave=found.name, fields=labels
                )
            else:
                message = _("Nothing changed.")
            flash(message, "ok")
            return redirect(url_for(".wave", wave_slug=found.slug), 303)
    status = 422 if form.is_submitted() else 200
    locked = operations.has_submissions(found)
    return render_template("admin/wave_edit.html", form=form, wave=found, locked=locked), status


def wave_non_responders(wave_slug: str):
    """Download the public names of earlier respondents that have not answered yet."""
    found = wave_or_404(wave_slug)
    rows = [  # the file is data: the same in every language
        (org.name, org.kind.english_label, org.city, org.state)
        for org in responses(found).non_responders
    ]
    text = to_csv(["name", "kind", "city", "state"], rows)
    filename = f"{found.slug}-non-responders.csv"
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def wave_open(wave_slug: str):
    """Open a draft wave for submissions."""
    return _change(wave_slug, "open", N_("%(wave)s is open and takes answers."))


def wave_close(wave_slug: str):
    """Close an open wave."""
    return _change(wave_slug, "close", N_("%(wave)s is closed; its answers are history."))


def wave_reopen(wave_slug: str):
    """Reopen a closed wave."""
    return _change(wave_slug, "reopen", N_("%(wave)s is open again."))


def _change(wave_slug: str, step: str, done: str):
    """Take a wave one `step` as the current admin, flash the outcome and go back.

    `done` is the message for success, marked with N_ and naming the wave as %(wave)s.
    """
    found = wave_or_404(wave_slug)
    if not WaveActionForm().validate_on_submit():
        flash(_("The form expired; please try again."), "error")
        return redirect(url_for(".wave", wave_slug=found.slug), 303)
    try:
        operations.move_wave(acting_admin(), found, step)
    except operations.WaveError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(_(done, wave=found.name), "ok")
    return redirect(url_for(".wave", wave_slug=found.slug), 303)


def _form_data(wave: SurveyWave) -> dict:
    """Return a wave's editable details as the edit form's starting values."""
    details = {key: getattr(wave, key) for key in operations.EDITABLE}
    return details | {"surveys": wave.surveys.value}


def _changes(form: WaveDetailsForm) -> dict:
    """Return a validated edit form's answers as wave values."""
    values = {key: form[key].data for key in operations.EDITABLE}
    return values | {
        "surveys": WaveSurveys(form.surveys.data),
        "introduction": form.introduction.data or "",
    }


def wave_or_404(wave_slug: str) -> SurveyWave:
    """Return the wave with `wave_slug`, or answer 404."""
    return wave_by_slug(wave_slug) or abort(404)
