"""The filters the map, its API, its table view and its downloads share.

Meaning, the same everywhere:
- wave: relationships named in that wave's approved answers (one wave slug);
- kind: relationships with at least one end of one of these organization kinds;
- state: relationships with at least one end in one of these states;
- status: partnership relationships in one of these statuses (learning-interest and
  involvement relationships have no status and are kept);
- theme: partnership relationships whose answer ticks one of these themes (by slug;
  other relationships have no themes and are left out);
- confirmed: only partnerships their partner confirmed (app/graph/provenance.py; other
  relationships have no partner's reply and are left out);
- since: the "changes since" mode (app/graph/changes.py): relationships are compared with
  those of that earlier wave; `wave` then names the wave compared with it, or, when empty,
  each organization's latest answers.
A partnership an answer marks as ended is not a relationship of that wave; only the
"changes since" mode shows it (as ended).
An organization is shown when it is at an end of a shown relationship, or, with no
relationship, when it matches the kind and state filters itself.
"""

from dataclasses import dataclass, field, replace

import sqlalchemy as sa
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from app.extensions import db
from app.geo import US_STATE_CODES
from app.i18n import N_
from app.models import OrgKind, RelationshipStatus, SurveyWave
from app.models.wave import wave_order_key
from app.public import is_public_wave
from app.themes.catalogue import theme_slugs

PARAMETERS = ("wave", "since", "kind", "state", "status", "theme", "confirmed")
YES = ("1", "yes", "true", "on")


@dataclass(frozen=True)
class GraphFilters:
    wave: str = ""
    kinds: tuple[str, ...] = field(default_factory=tuple)
    states: tuple[str, ...] = field(default_factory=tuple)
    statuses: tuple[str, ...] = field(default_factory=tuple)
    since: str = ""
    themes: tuple[str, ...] = field(default_factory=tuple)
    confirmed: bool = False

    @property
    def is_empty(self) -> bool:
        return not (
            self.wave
            or self.since
            or self.kinds
            or self.states
            or self.statuses
            or self.themes
            or self.confirmed
        )

    def cache_key(self) -> tuple:
        """Return a hashable key that two equal filter sets share."""
        return (self.wave, tuple(sorted(self.kinds)), tuple(sorted(self.states)),
                tuple(sorted(self.statuses)), self.since, tuple(sorted(self.themes)),
                self.confirmed)  # fmt: skip

    def query_args(self) -> MultiDict[str, str]:
        """Return the filters as URL arguments (for links between map, table and downloads)."""
        args: MultiDict[str, str] = MultiDict()
        for name, value in (("wave", self.wave), ("since", self.since)):
            if value:
                args.add(name, value)
        for name, values in (("kind", self.kinds), ("state", self.states),
                             ("status", self.statuses), ("theme", self.themes)):  # fmt: skip
            for value in values:
                args.add(name, value)
        if self.confirmed:
            args.add("confirmed", "1")
        return args


def _values(args: MultiDict, name: str) -> list[str]:
    """Read a filter given as repeated arguments or comma-separated ('kind=a&kind=b' or 'a,b')."""
    values = []
    for raw in args.getlist(name):
        values += [part.strip() for part in raw.split(",") if part.strip()]
    return values[:50]


def _listed(values) -> tuple[str, ...]:
    """Return values once each, in one order: the same filters, however they were written."""
    return tuple(sorted(set(values)))


def _known(values: tuple[str, ...], known, message: str, problems: list[str]) -> tuple[str, ...]:
    """Return the known `values`; add `message` (N_, naming %(value)s) for each other one."""
    problems += [_(message, value=repr(value)) for value in values if value not in known]
    return tuple(value for value in values if value in known)


def read_filters(args: MultiDict) -> tuple[GraphFilters, list[str]]:
    """Read the filters from URL arguments without the database: written one way, half checked.

    Kinds, states, statuses and `confirmed` are checked (a message per unknown value, which
    is dropped); waves and themes, which only the database knows, are left to parse_filters.
    """
    problems: list[str] = []
    kinds = _known(
        _listed(_values(args, "kind")),
        {kind.value for kind in OrgKind},
        N_("Unknown organization kind %(value)s."),
        problems,
    )
    states = _known(
        _listed(s.upper() for s in _values(args, "state")),
        US_STATE_CODES,
        N_("Unknown state %(value)s."),
        problems,
    )
    statuses = _known(
        _listed(_values(args, "status")),
        {status.value for status in RelationshipStatus},
        N_("Unknown relationship status %(value)s."),
        problems,
    )
    confirmed = (args.get("confirmed") or "").strip().lower()[:10]
    if confirmed and confirmed not in YES:
        problems.append(_("Unknown value %(value)s for confirmed only.", value=repr(confirmed)))
    filters = GraphFilters(
        wave=_wave_slug(args, "wave"),
        since=_wave_slug(args, "since"),
        kinds=kinds,
        states=states,
        statuses=statuses,
        themes=_listed(t.lower() for t in _values(args, "theme")),
        confirmed=confirmed in YES,
    )
    return filters, problems


def filter_arguments(args: MultiDict) -> list[tuple[str, str]] | None:
    """Return the filters as URL arguments written one way, or None when one is refused.

    What names a kept page (app/pageargs.py); an unknown wave or theme is refused later,
    by parse_filters, before anything is built.
    """
    filters, problems = read_filters(args)
    return None if problems else list(filters.query_args().items(multi=True))


def parse_filters(args: MultiDict) -> tuple[GraphFilters, list[str]]:
    """Read the filters from URL arguments; return them and a message per unknown value.

    Unknown values are dropped from the filters; the API and the pages answer them with 400.
    """
    filters, problems = read_filters(args)
    known_themes = theme_slugs() if filters.themes else set()
    problems += [
        _("Unknown theme %(value)s.", value=repr(t))
        for t in filters.themes
        if t not in known_themes
    ]
    wave, since = filters.wave, filters.since
    opened = _opening_dates({wave, since} - {""})
    for slug in (wave, since):
        if slug and slug not in opened:
            problems.append(_("Unknown wave %(value)s.", value=repr(slug)))
    wave, since = (slug if slug in opened else "" for slug in (wave, since))
    if wave and since and opened[since] >= opened[wave]:
        problems.append(
            _(
                "Changes since %(since)s can only be shown for a later wave than that, "
                "not %(wave)s.",
                since=repr(since),
                wave=repr(wave),
            )
        )
        since = ""
    themes = tuple(t for t in filters.themes if t in known_themes)
    return replace(filters, wave=wave, since=since, themes=themes), problems


def _wave_slug(args: MultiDict, name: str) -> str:
    """Read one wave slug argument."""
    return (args.get(name) or "").strip()[:60]


def _opening_dates(slugs: set[str]) -> dict[str, tuple]:
    """Return the order key (opening date, id) of each public wave among `slugs`.

    A draft wave is not public (app.waves.rules): a filter naming one is told it does not exist.
    """
    if not slugs:
        return {}
    rows = db.session.execute(
        sa.select(SurveyWave.slug, SurveyWave.opens_on, SurveyWave.id).where(
            SurveyWave.slug.in_(slugs), is_public_wave()
        )
    )
    return {row.slug: wave_order_key(row.opens_on, row.id) for row in rows}
