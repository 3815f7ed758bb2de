"""Public pages for survey waves: the list, each wave's report, and comparisons."""

from flask import abort, render_template, request
from flask_babel import gettext

from app.insights.pages import insight_page
from app.models import InvolvementLevel, SurveyKind
from app.pageargs import text
from app.pagecache import cached_public_page
from app.waves.choosing import choose_waves
from app.waves.compare import compare_waves
from app.waves.listing import listed_waves
from app.waves.reports import involvement_report, partnership_report, wave_list
from app.waves.rules import public_wave


@cached_public_page
def index():
    """List every wave with its dates, status and approved responses or published totals."""
    return render_template("waves/index.html", waves=listed_waves())


@cached_public_page(text("from", 60), text("to", 60))  # wave slugs: choose_waves checks them
def compare():
    """Show what changed between two waves: those chosen, else the latest two of a survey."""
    waves = [wave for wave, _responses in wave_list()]
    choice = choose_waves(waves, request.args.get("from", ""), request.args.get("to", ""))
    before, after = choice.before, choice.after
    result = None
    if choice.comparable and before is not None and after is not None:  # comparable: both are
        result = compare_waves(before, after)
    page = render_template(
        "waves/compare.html",
        waves=waves,
        choice=choice,
        result=result,
        levels=list(InvolvementLevel),
    )
    return page, choice.status


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


@cached_public_page
def insights(wave_slug: str):
    """Show a wave's network figures, hubs, go-betweens and groups, and their history."""
    wave = _wave_or_404(wave_slug)
    return render_template("waves/insights.html", wave=wave, **insight_page(wave))


def _wave_or_404(slug: str):
    """Return the public wave with this slug, or answer 404 (a draft is not public)."""
    wave = public_wave(slug)
    if wave is None:
        abort(404)
    return wave
