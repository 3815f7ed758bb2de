"""The home page."""

from flask import Blueprint, render_template

from app.main.services import network_totals
from app.models import SurveyKind
from app.pagecache import cached_public_page
from app.surveys.services import open_wave_for

bp = Blueprint("main", __name__)


@bp.get("/")
@cached_public_page
def index():
    """Explain the project and point to both surveys."""
    return render_template(
        "main/index.html",
        totals=network_totals(),
        open_waves={kind: open_wave_for(kind) for kind in SurveyKind},
    )
