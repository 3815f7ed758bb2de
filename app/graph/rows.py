"""Pieces the side-panel queries share: organization columns, their JSON, the approved rule."""

from flask_babel import gettext

from app.i18n import N_
from app.models import Continuity, OrgKind

ORG_COLUMNS = ("id", "name", "slug", "kind", "city", "state")
# What the panel says of a repeat answer's partner (each whole, for the translations).
SINCE_LAST_ANSWERS = {
    Continuity.CONTINUING: N_("Continuing since the last answers"),
    Continuity.NEW: N_("New since the last answers"),
    Continuity.ENDED: N_("Ended since the last answers"),
}


def org_fields(entity, prefix: str = "") -> list:
    """Return the public columns of an organization (or an alias), labelled `<prefix><column>`."""
    return [getattr(entity, column).label(prefix + column) for column in ORG_COLUMNS]


def org_json(row, prefix: str = "") -> dict:
    """Return the public facts of an organization read from a row as `<prefix><column>`."""
    values = {column: getattr(row, prefix + column) for column in ORG_COLUMNS}
    kind = OrgKind(values["kind"])
    return {
        "name": values["name"],
        "slug": values["slug"],
        "kind": kind.value,
        "kind_label": kind.label,
        "city": values["city"],
        "state": values["state"],
        "url": f"/orgs/{values['slug']}",
    }


def wave_json(row) -> dict:
    """Return the wave a row names (as wave_slug and wave_name), as slug and name."""
    return {"slug": row.wave_slug, "name": row.wave_name}


def continuity_json(value) -> dict:
    """Return how a repeat answer relates a partner to the last answers, for the panel."""
    if value is None:
        return {"continuity": None, "continuity_label": None}
    continuity = Continuity(value)
    return {
        "continuity": continuity.value,
        "continuity_label": gettext(SINCE_LAST_ANSWERS[continuity]),
    }
