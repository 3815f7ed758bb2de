"""Per-wave CSV downloads."""

from flask import abort

from app.downloads.views import in_english
from app.downloads.waves import WRITERS, csv_name, downloadable_wave, wave_etag
from app.graph.responses import conditional
from app.models import SurveyKind
from app.network import current_revision
from app.pagecache import cached_public_page


@cached_public_page
def wave_partnership_csv(wave_slug: str):
    """Download one wave's approved partnership answers as CSV."""
    return _wave_download(wave_slug, SurveyKind.PARTNERSHIP)


@cached_public_page
def wave_involvement_csv(wave_slug: str):
    """Download one wave's approved involvement answers as CSV."""
    return _wave_download(wave_slug, SurveyKind.INVOLVEMENT)


def _wave_download(slug: str, kind: SurveyKind):
    """Answer one wave's `kind` file, or 404 when that wave has no such public file."""
    wave = downloadable_wave(slug, kind)
    if wave is None:
        abort(404)
    # Approving or unpublishing bumps the revision, so the next download shows the change.
    etag = wave_etag(wave, kind, current_revision())
    produce = in_english(lambda: WRITERS[kind](wave))
    return conditional(etag, produce, "text/csv", filename=csv_name(wave, kind))
