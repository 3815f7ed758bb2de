"""The themes a partner may care about: the seeded list, and how each reads.

The seeded list was settled from the 2022 answers (app/seed_data/answers-2022.csv) and
the partners listed in 2022 (partnerships-2022.csv). What they talk about: open data
(Caltrans, the state portal, Charlottesville's departments), the environment (water
quality, trash monitoring, EPA, Green Up Vermont, energy), tech skills and access
(Root Access Hackerspace, Techquity, Dev/Mission), justice and legal aid (the death
penalty, legal aid nonprofits, PLSE), public services (Orange County Neighborhood
Services, public works), civic participation (legislators, participatory budgeting,
neighborhood councils), education, food (food policy, hunger, food banks), health,
jobs (Kentuckiana Works, employment training), transportation (Caltrans, SANDAG) and
immigration (citizenship programs, farmworkers, work permits). Housing is named by none
of them but is kept: it is a common brigade topic and the issue's own example. Elections
and public safety, in the first draft, are named by no answer: left out; an admin can add
them (/admin/themes).
"""

import sqlalchemy as sa
from flask_babel import gettext

from app.extensions import db
from app.i18n import N_
from app.models import Theme

# slug -> English label, in the order the form lists them. Marked here, once: a seeded
# theme's label is translated where it is shown; one an admin wrote is shown as written.
SEEDED: dict[str, str] = {
    "open-data": N_("Open data"),
    "public-services": N_("Public services"),
    "civic-participation": N_("Civic participation"),
    "justice": N_("Justice and legal aid"),
    "environment": N_("Environment"),
    "digital-inclusion": N_("Digital inclusion and tech skills"),
    "education": N_("Education"),
    "food": N_("Food"),
    "health": N_("Health"),
    "economic-development": N_("Jobs and economic development"),
    "transportation": N_("Transportation"),
    "housing": N_("Housing"),
    "immigration": N_("Immigration"),
}


def theme_label(slug: str, label: str) -> str:
    """Return how a theme reads in the visitor's language."""
    if SEEDED.get(slug) == label:
        return gettext(label)
    return label


def all_themes() -> list[Theme]:
    """Return every theme, active and retired, in the form's order."""
    return list(db.session.scalars(sa.select(Theme).order_by(Theme.position, Theme.id)))


def active_themes() -> list[Theme]:
    """Return the themes the survey offers now, in order."""
    return [theme for theme in all_themes() if theme.active]


def map_themes(chosen=()) -> list[tuple[str, str]]:
    """Return (slug, label) of the themes the map offers: the active ones, and any chosen."""
    return [
        (theme.slug, theme_label(theme.slug, theme.label))
        for theme in all_themes()
        if theme.active or theme.slug in chosen
    ]


def labels_by_slug() -> dict[str, str]:
    """Return every theme's label in the visitor's language, by slug."""
    return {theme.slug: theme_label(theme.slug, theme.label) for theme in all_themes()}


def theme_slugs() -> set[str]:
    """Return the slug of every theme, retired ones too (old answers keep them)."""
    return set(db.session.scalars(sa.select(Theme.slug)))


def themes_by_slug(slugs) -> list[Theme]:
    """Return the themes with these slugs, in order (unknown slugs are left out)."""
    wanted = set(slugs)
    if not wanted:
        return []
    return [theme for theme in all_themes() if theme.slug in wanted]


def ensure_seeded_themes() -> int:
    """Add the seeded themes that are missing (by slug); return how many were added."""
    known = {theme.slug for theme in all_themes()}
    added = 0
    for position, (slug, label) in enumerate(SEEDED.items()):
        if slug not in known:
            db.session.add(Theme(slug=slug, label=label, position=position, active=True))
            added += 1
    db.session.flush()
    return added
