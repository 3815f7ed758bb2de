"""How a partner's reply changes state: the one table of its moves, each with its audit action.

Confirming, declining and withdrawing a decline are the partner's own moves through its
link; a correction the partner sent confirms once a moderator approves it; a new wave's
question makes an earlier confirmation void. Nothing sets a reply's state but move_reply.
"""

from app.audit import Action
from app.models import PartnerReply
from app.models import ReplyState as R
from app.models.types import utcnow

# (from, to) -> the audit action that records the move.
MOVES = {
    (R.UNANSWERED, R.CONFIRMED): Action.PARTNER_CONFIRM,
    (R.UNANSWERED, R.DECLINED): Action.PARTNER_DECLINE,
    (R.CONFIRMED, R.DECLINED): Action.PARTNER_DECLINE,
    (R.DECLINED, R.CONFIRMED): Action.PARTNER_WITHDRAW,
    # The partner's approved correction: its own account describes it, confirmed already or
    # not (its decline stops the approval first: app.partners.corrections).
    (R.CONFIRMED, R.CONFIRMED): Action.PARTNER_CONFIRM,
    # Asked again in a new wave: a new claim, which an earlier confirmation does not cover.
    (R.CONFIRMED, R.UNANSWERED): Action.PARTNER_ASK,
    (R.UNANSWERED, R.UNANSWERED): Action.PARTNER_ASK,
}


class IllegalReplyMove(ValueError):
    """A move MOVES does not allow (a programming error: every caller checks first)."""


def move_reply(reply: PartnerReply, target: R) -> Action:
    """Move `reply` to `target` along MOVES, stamp when it was decided, return the action."""
    action = MOVES.get((reply.state, target))
    if action is None:
        raise IllegalReplyMove(f"a reply cannot go from {reply.state.value} to {target.value}")
    reply.state = target
    reply.decided_at = None if target is R.UNANSWERED else utcnow()
    return action
