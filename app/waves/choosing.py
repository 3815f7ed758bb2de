"""Which two waves /waves/compare compares: the visitor's choice, checked, or a sensible default."""

from dataclasses import dataclass

from flask_babel import gettext as _

from app.models import SurveyKind, SurveyWave
from app.waves.compare import both_run
from app.waves.rules import public_wave


@dataclass
class Choice:
    before: SurveyWave | None = None
    after: SurveyWave | None = None
    message: str | None = None  # why the waves asked for cannot be compared
    status: int = 200

    @property
    def comparable(self) -> bool:
        """Tell whether there are two waves to compare."""
        return self.before is not None and self.after is not None and self.message is None


def share_a_survey(one: SurveyWave, other: SurveyWave) -> bool:
    """Tell whether two waves ran at least one survey in common."""
    return any(both_run(kind, one, other) for kind in SurveyKind)


def default_pair(waves: list[SurveyWave]) -> tuple[SurveyWave, SurveyWave] | None:
    """Return the latest wave of a survey and the latest earlier one of the same survey.

    `waves` come newest first, public waves only (app.waves.rules).
    """
    for index, after in enumerate(waves):
        for before in waves[index + 1 :]:
            if share_a_survey(before, after):
                return before, after
    return None


def choose_waves(waves: list[SurveyWave], from_slug: str, to_slug: str) -> Choice:
    """Return the two waves asked for, or the default pair when none is asked for."""
    if not from_slug and not to_slug:
        pair = default_pair(waves)
        if pair is None:
            return Choice(message=_("There are not yet two waves of the same survey to compare."))
        return Choice(*pair)
    before, after = public_wave(from_slug), public_wave(to_slug)
    if before is None or after is None:
        message = _("Choose two waves from the lists: at least one of those waves does not exist.")
        return Choice(before, after, message, 400)
    if before.id == after.id:
        message = _(
            "Choose two different waves to compare: a wave compared with itself shows no change."
        )
        return Choice(before, after, message, 400)
    if before.order_key > after.order_key:
        message = _("Choose the earlier wave under “From” and the later one under “To”.")
        return Choice(before, after, message, 400)
    return Choice(before, after)
