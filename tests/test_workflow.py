"""The review state machine: which decisions each status allows."""

import pytest

from app.extensions import db
from app.models import AuditEvent, SubmissionStatus
from app.submissions.workflow import (
    IllegalTransition,
    Transition,
    apply_transition,
    available_decisions,
)
from tests import factories

S = SubmissionStatus
T = Transition
# The review workflow as people agreed it, written here independently of RULES:
# (move, from) -> to. Every other pair must be refused.
LEGAL = {
    (T.APPROVE, S.PENDING): S.APPROVED,
    (T.APPROVE, S.CHANGES_REQUESTED): S.APPROVED,
    (T.REJECT, S.PENDING): S.REJECTED,
    (T.REJECT, S.CHANGES_REQUESTED): S.REJECTED,
    (T.REQUEST_CHANGES, S.PENDING): S.CHANGES_REQUESTED,
    (T.UNPUBLISH, S.APPROVED): S.UNPUBLISHED,
    (T.REPUBLISH, S.UNPUBLISHED): S.APPROVED,
    (T.RESUBMIT, S.CHANGES_REQUESTED): S.PENDING,
    (T.SUPERSEDE, S.APPROVED): S.SUPERSEDED,
    (T.SUPERSEDE, S.UNPUBLISHED): S.SUPERSEDED,
}


@pytest.mark.parametrize("transition", list(Transition))
@pytest.mark.parametrize("status", list(SubmissionStatus))
def test_every_transition_is_checked_in_one_place(app, open_wave, transition, status):
    brigade = factories.make_org("Code for Rules")
    partner = factories.make_org("Rules Partner", factories.OrgKind.NONPROFIT)
    submission = factories.make_partnership(open_wave, brigade, partner, status=status)
    if (transition, status) in LEGAL:
        apply_transition(submission, transition, None, note="why")
        db.session.commit()
        assert submission.status is LEGAL[(transition, status)]
        event = db.session.scalars(db.select(AuditEvent)).one()
        assert (event.from_status, event.to_status) == (status.value, submission.status.value)
    else:
        with pytest.raises(IllegalTransition):
            apply_transition(submission, transition, None)
        assert submission.status is status


def test_decisions_open_to_moderators(app, open_wave):
    brigade = factories.make_org("Code for Choices")
    partner = factories.make_org("Choices Partner", factories.OrgKind.NONPROFIT)
    submission = factories.make_partnership(open_wave, brigade, partner, status=S.PENDING)
    assert available_decisions(submission) == [
        Transition.APPROVE,
        Transition.REJECT,
        Transition.REQUEST_CHANGES,
    ]
    submission.status = S.APPROVED
    assert available_decisions(submission) == [Transition.UNPUBLISH]
    submission.status = S.SUPERSEDED
    assert available_decisions(submission) == []
