"""Admins' changes to the list of themes: add, rename, retire, offer again.

Each change writes an audit line in its own transaction, and bumps the network's revision:
public pages (the map's filter, the reports, /api/graph) show the themes' labels.
A theme is never deleted: retiring it takes it off the survey and keeps it on the
answers that named it.
"""

import sqlalchemy as sa
from flask_babel import gettext as _

from app.audit import Action, record
from app.extensions import db
from app.models import Theme, User
from app.names import name_key, slugify
from app.network import bump_revision, lock_network_revision

LABEL_MAX = 80


class ThemeError(ValueError):
    """A change to the themes that cannot be made, with a message for the admin."""


def _check_label(label: str, theme: Theme | None = None) -> str:
    """Return `label` trimmed, or refuse an empty, too long or already used one."""
    label = " ".join((label or "").split())
    if len(label) < 2 or len(label) > LABEL_MAX:
        raise ThemeError(_("Use between 2 and %(max)s characters.", max=LABEL_MAX))
    for other in db.session.scalars(sa.select(Theme)):
        if other is not theme and name_key(other.label) == name_key(label):
            raise ThemeError(_("A theme called “%(label)s” exists already.", label=other.label))
    return label


def add_theme(actor: User, label: str) -> Theme:
    """Add a theme at the end of the list."""
    label = _check_label(label)
    lock_network_revision()  # before any write: one lock order (app/network.py)
    base = slugify(label, 50) or "theme"
    slug, number = base, 2
    while db.session.scalar(sa.select(Theme.id).where(Theme.slug == slug)):
        slug, number = f"{base}-{number}", number + 1
    last = db.session.scalar(sa.select(sa.func.max(Theme.position))) or 0
    theme = Theme(slug=slug, label=label, position=last + 1, active=True)
    db.session.add(theme)
    db.session.flush()
    record(Action.THEME_ADD, actor, note=f"{slug}: {label}")
    bump_revision()
    db.session.commit()
    return theme


def rename_theme(actor: User, theme: Theme, label: str) -> bool:
    """Give a theme another label (its slug, used in links, stays); False if unchanged."""
    label = _check_label(label, theme)
    if label == theme.label:
        return False
    lock_network_revision()  # before any write: one lock order (app/network.py)
    record(Action.THEME_RENAME, actor, note=f"{theme.slug}: {theme.label} → {label}")
    theme.label = label
    bump_revision()
    db.session.commit()
    return True


def set_active(actor: User, theme: Theme, active: bool) -> bool:
    """Retire a theme, or offer a retired one again; False if it already was so."""
    if theme.active == active:
        return False
    lock_network_revision()  # before any write: one lock order (app/network.py)
    theme.active = active
    action = Action.THEME_RESTORE if active else Action.THEME_RETIRE
    record(action, actor, note=f"{theme.slug}: {theme.label}")
    bump_revision()
    db.session.commit()
    return True
