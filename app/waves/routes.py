"""Public pages for survey waves: the list, each wave's report, and comparisons."""

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext
from flask_babel import gettext as _

from app.insights.pages import insight_page
from app.models import InvolvementLevel, SurveyKind
from app.pagecache import cached_public_page
from app.waves.compare import compare_waves
from app.waves.reports import find_wave, involvement_report, partnership_report, wave_list

bp = Blueprint("waves", __name__, url_prefix="/waves")


@bp.get("/")
@cached_public_page
def index():
    """List every wave with its dates, status and approved responses."""
    return render_template("waves/index.html", waves=wave_list())


@bp.get("/compare")
@cached_public_page
def compare():
    """Show what changed between two waves chosen by slug."""
    waves = [wave for wave, _responses in wave_list()]
    from_slug, to_slug = request.args.get("from", ""), request.args.get("to", "")
    before, after = find_wave(from_slug), find_wave(to_slug)
    message, status = None, 200
    if from_slug or to_slug:
        if before is None or after is None:
            message = _(
                "Choose two waves from the lists: at least one of those waves does not exist."
            )
            status = 400
        elif before.id == after.id:
            message = _("Choose two different waves to compare.")
        elif before.order_key > after.order_key:
            message = _("Choose the earlier wave under “From” and the later one under “To”.")
    result = None
    if before and after and message is None:
        result = compare_waves(before, after)
    page = render_template(
        "waves/compare.html",
        waves=waves,
        before=before,
        after=after,
        from_slug=from_slug,
        to_slug=to_slug,
        message=message,
        result=result,
        levels=list(InvolvementLevel),
    )
    return page, status


@bp.get("/<wave_slug>")
@cached_public_page
def report(wave_slug: str):
    """Show a wave's public report from its approved answers or published totals."""
    wave = _wave_or_404(wave_slug)
    involvement = partnership = None
    if wave.includes(SurveyKind.INVOLVEMENT):
        involvement = involvement_report(wave)
    if wave.includes(SurveyKind.PARTNERSHIP):
        partnership = partnership_report(wave)
    return render_template(
        "waves/report.html",
        wave=wave,
        # A wave's introduction is its own text; the 2014 baseline's (app.waves.baseline)
        # is in the catalogue, and shown translated.
        introduction=gettext(wave.introduction) if wave.introduction else "",
        involvement=involvement,
        partnership=partnership,
    )


@bp.get("/<wave_slug>/insights")
@cached_public_page
def insights(wave_slug: str):
    """Show a wave's network figures, hubs, go-betweens and groups, and their history."""
    wave = _wave_or_404(wave_slug)
    return render_template("waves/insights.html", wave=wave, **insight_page(wave))


def _wave_or_404(slug: str):
    """Return the wave with this slug, or answer 404."""
    wave = find_wave(slug)
    if wave is None:
        abort(404)
    return wave
