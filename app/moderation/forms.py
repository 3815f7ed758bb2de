"""Forms moderators post: a decision, a bulk decision, an organization merge."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange
from wtforms.validators import ValidationError as FieldError

from app.fields import options, strip_filter
from app.forms import SiteForm, required
from app.i18n import N_
from app.inputs import MAX_ID, parse_id
from app.submissions.workflow import MODERATOR_DECISIONS, NOTE_REQUIRED, Transition

NOTE_MAX = 2000


class DecisionForm(SiteForm):
    """One decision on one submission, tied to the version the moderator saw."""

    decision = HiddenField(validators=[DataRequired()])
    version = IntegerField(validators=[InputRequired()])
    # The submissions whose published answers the moderator saw approving would replace.
    replacing = HiddenField()
    # "next": go on to the next submission in the queue once decided.
    then = HiddenField()
    # "yes" once the moderator confirmed a decision of CONFIRM_FIRST.
    confirmed = HiddenField()
    note = TextAreaField(
        _l("Note"),
        filters=[strip_filter],
        # Length puts NOTE_MAX in for %(max)d.
        validators=[Length(max=NOTE_MAX, message=_l("Keep this under %(max)d characters."))],
    )

    def validate_decision(self, field):
        """Accept only decisions a moderator can take."""
        if field.data not in {t.value for t in MODERATOR_DECISIONS}:
            raise FieldError(_l("Unknown decision."))

    def validate_note(self, field):
        """Require a reason for rejecting and a message for requesting changes."""
        needed = (
            NOTE_REQUIRED.get(Transition(self.decision.data))
            if self.decision.data in {t.value for t in MODERATOR_DECISIONS}
            else None
        )
        if needed and not field.data:
            raise FieldError(needed)

    @property
    def transition(self) -> Transition:
        return Transition(required(self.decision.data))

    @property
    def go_next(self) -> bool:
        return self.then.data == "next"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed.data == "yes"


class CombineForm(SiteForm):
    """Approve a submission combined with the published answers it would replace."""

    version = IntegerField(validators=[InputRequired()])
    replacing = HiddenField(validators=[DataRequired()])
    note = TextAreaField(
        _l("Note for the log (optional)"), filters=[strip_filter], validators=[Length(max=NOTE_MAX)]
    )


class PrivateMarkForm(SiteForm):
    """Keep one partner of a submission, or its words, for moderators only (or lift it)."""

    answer = IntegerField(validators=[InputRequired()])
    version = IntegerField(validators=[InputRequired()])
    private = BooleanField(_l("Moderators only: partner"))
    text_private = BooleanField(_l("Moderators only: words"))
    reason = TextAreaField(
        _l("Reason (moderators only)"),
        filters=[strip_filter],
        validators=[Length(max=NOTE_MAX, message=_l("Keep this under %(max)d characters."))],
    )


class BulkDecisionForm(SiteForm):
    """Approve or reject the ticked submissions of the queue."""

    decision = SelectField(
        _l("With the ticked submissions"),
        choices=options([("approve", N_("Approve")), ("reject", N_("Reject"))]),
    )
    note = TextAreaField(
        _l("Reason (needed to reject; moderators only)"),
        filters=[strip_filter],
        validators=[Length(max=NOTE_MAX)],
    )

    # "yes" once the moderator confirmed a decision of bulk.CONFIRM_FIRST.
    confirmed = HiddenField()

    def validate_note(self, field):
        """Require a reason when rejecting."""
        if self.decision.data == "reject" and not field.data:
            raise FieldError(_l("Give the reason for rejecting (moderators only see it)."))

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed.data == "yes"


def read_selection(values: list[str]) -> list[tuple[int, int]]:
    """Parse ticked 'id:version' values, ignoring anything malformed."""
    selection = []
    for value in values[:500]:
        submission_id, _, version = (parse_id(part) for part in value.partition(":"))
        if submission_id is not None and version is not None:
            selection.append((submission_id, version))
    return selection


class MergeForm(SiteForm):
    """Fold one organization into another."""

    target_id = IntegerField(
        _l("Merge into"),
        validators=[
            InputRequired(_l("Choose an organization.")),
            NumberRange(min=1, max=MAX_ID, message=_l("Choose an organization.")),
        ],
    )
