"""Steps other features take in a submission's life, connected by them, not imported from here.

The submissions domain sits beneath the features that use it. Where one of them has a say in
a submission's life (an invitation is answered when its answers arrive; a partner's decline
stops a correction's approval), it connects to a signal here, in create_app
(register_submission_hooks), and this package never imports it.
"""

from blinker import Namespace

_signals = Namespace()

# Sent in the new submission's transaction, before it commits: receivers write in it.
# Sender: the submission; `invitation`: the wave invitation it was sent from, or None.
submission_received = _signals.signal("submission-received")

# Asked before a submission is approved or republished. Sender: the submission; each
# receiver returns why it may not be, or None.
before_approving = _signals.signal("before-approving")


def approval_refusal(submission) -> str | None:
    """Return the first reason a connected feature gives against approving `submission`."""
    for _receiver, reason in before_approving.send(submission):
        if reason:
            return reason
    return None
