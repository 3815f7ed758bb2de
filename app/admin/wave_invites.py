"""Admin pages: inviting organizations to a wave and reminding those who have not answered."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app.admin.acting import acting_admin
from app.admin.wave_forms import InviteOrganizationsForm, WaveActionForm
from app.admin.waves import wave_or_404
from app.extensions import db
from app.invitations.candidates import candidates, wave_kinds
from app.invitations.sending import InvitationError, invite, send_reminders
from app.models import SurveyKind

MAX_CHOSEN = 5000  # checkboxes read from one invitation form


def wave_invite(wave_slug: str):
    """Invite organizations to a wave: last wave's respondents, the map's, or pasted rows."""
    found = wave_or_404(wave_slug)
    form = InviteOrganizationsForm()
    kinds = wave_kinds(found)
    form.pasted_survey.choices = [(kind.value, kind.label) for kind in kinds]
    report = None
    if form.validate_on_submit():
        chosen = [value[:40] for value in request.form.getlist("invite")[:MAX_CHOSEN]]
        pasted_kind = SurveyKind(form.pasted_survey.data) if form.pasted_survey.data else None
        try:
            report = invite(
                acting_admin(), found, chosen=chosen, pasted=form.pasted.data or "",
                pasted_kind=pasted_kind if len(kinds) > 1 else kinds[0],
            )  # fmt: skip
        except InvitationError as error:
            db.session.rollback()
            form.pasted.errors = [*form.pasted.errors, str(error)]
        else:
            if report.sent and not report.refused:
                flash(_invited(len(report.sent)), "ok")
                return redirect(url_for(".wave", wave_slug=found.slug), 303)
    status = 422 if form.is_submitted() and (report is None or report.refused) else 200
    return render_template(
        "admin/wave_invite.html",
        wave=found,
        form=form,
        report=report,
        sent_message=_invited(len(report.sent)) if report else "",
        candidates=candidates(found),
        several_surveys=len(kinds) > 1,
    ), status


def wave_reminders(wave_slug: str):
    """Remind the invited organizations that have not answered yet."""
    found = wave_or_404(wave_slug)
    if not WaveActionForm().validate_on_submit():
        flash(_("The form expired; please try again."), "error")
        return redirect(url_for(".wave", wave_slug=found.slug), 303)
    try:
        sent = send_reminders(acting_admin(), found)
    except InvitationError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        if sent:
            flash(
                ngettext(
                    "%(num)d reminder is in the outbox.",
                    "%(num)d reminders are in the outbox.",
                    sent,
                ),
                "ok",
            )
        else:
            flash(
                _(
                    "Nobody to remind: every invited organization has answered, opted out, "
                    "or was reminded less than 3 days ago."
                ),
                "ok",
            )
    return redirect(url_for(".wave", wave_slug=found.slug), 303)


def _invited(number: int) -> str:
    """Return the message that says how many invitations went to the outbox."""
    return ngettext(
        "%(num)d invitation is in the outbox.", "%(num)d invitations are in the outbox.", number
    )
