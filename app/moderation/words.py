"""What each audit action and status is called in words: the one map the submission
history, the audit log page and its CSV read. The codes stay as they are stored."""

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from app.audit import Action
from app.models import ContactState, ReplyState, Role, SubmissionStatus, WaveStatus

# Each action as what its actor did, in the past tense ("moderator@…: asked for changes").
ACTION_WORDS: dict[str, LazyString] = {
    Action.SUBMITTED: _l("sent answers"),
    Action.SUBMITTER_EDIT: _l("changed the answers while they waited for review"),
    Action.RESUBMITTED: _l("sent the requested changes"),
    Action.APPROVE: _l("approved and published"),
    Action.REJECT: _l("rejected"),
    Action.REQUEST_CHANGES: _l("asked for changes"),
    Action.UNPUBLISH: _l("unpublished"),
    Action.REPUBLISH: _l("published again"),
    Action.SUPERSEDE: _l("replaced by newer answers"),
    Action.MODERATOR_EDIT: _l("corrected the answers"),
    Action.COMBINE: _l("combined with the published answers it replaces"),
    Action.ANSWER_REDACT: _l("kept an answer for moderators only"),
    Action.ANSWER_UNREDACT: _l("made an answer public again"),
    Action.ORG_MAP: _l("matched a name to an organization"),
    Action.ORG_MERGE: _l("merged organizations"),
    Action.ORG_EDIT: _l("edited an organization"),
    Action.USER_CREATE: _l("created an account"),
    Action.USER_INVITE: _l("invited someone"),
    Action.USER_ROLE: _l("changed a role"),
    Action.USER_DEACTIVATE: _l("deactivated an account"),
    Action.USER_REACTIVATE: _l("reactivated an account"),
    Action.USER_PASSWORD: _l("set a password"),
    Action.USER_LOGIN: _l("signed in"),
    Action.USER_LOGOUT: _l("signed out"),
    Action.USER_SIGN_IN_PAUSED: _l("sign-in paused after failed attempts"),
    Action.USER_SIGN_OUT_EVERYWHERE: _l("signed an account out everywhere"),
    Action.WAVE_CREATE: _l("created a wave"),
    Action.WAVE_OPEN: _l("opened a wave"),
    Action.WAVE_CLOSE: _l("closed a wave"),
    Action.WAVE_REOPEN: _l("reopened a wave"),
    Action.WAVE_EDIT: _l("edited a wave"),
    Action.MAIL_RETRY: _l("sent a message again"),
    # Wave invitations (written as codes: an Action is its code, so either finds the words).
    "invitation.send": _l("sent an invitation"),
    "invitation.open": _l("opened an invitation"),
    "invitation.answer": _l("answered an invitation"),
    "invitation.remind": _l("sent a reminder"),
    "invitation.opt_out": _l("opted out of invitations"),
    # The themes of question 2 (app/themes).
    Action.THEME_ADD: _l("added a theme"),
    Action.THEME_RENAME: _l("renamed a theme"),
    Action.THEME_RETIRE: _l("retired a theme"),
    Action.THEME_RESTORE: _l("offered a retired theme again"),
    # A partner's say on a relationship another organization reported (app/partners).
    Action.PARTNER_ASK: _l("asked the partner to confirm"),
    Action.PARTNER_CONFIRM: _l("confirmed the relationship"),
    Action.PARTNER_DECLINE: _l("declined to be shown"),
    Action.PARTNER_WITHDRAW: _l("withdrew the decline and confirmed"),
    Action.PARTNER_CORRECT: _l("sent a correction for moderation"),
    Action.PARTNER_NEW_LINK: _l("asked for a new link"),
    # An organization's contacts (app/contacts).
    Action.CONTACT_ADD: _l("added a contact"),
    Action.CONTACT_VERIFY: _l("verified a contact"),
    Action.CONTACT_RETIRE: _l("retired a contact"),
    Action.CONTACT_OPT_OUT: _l("opted out of invitations"),
    Action.CONTACT_ERASURE_REQUEST: _l("asked for an address to be erased"),
    Action.CONTACT_ERASE: _l("erased a contact"),
}

# Which statuses an action's from/to codes name, by the action code's first part.
STATUS_KINDS = {
    "submission": SubmissionStatus,
    "wave": WaveStatus,
    "user": Role,
    "partner": ReplyState,
    "contact": ContactState,
}


def action_words(code: str) -> str:
    """Return what the action `code` did, in words; a code nobody named yet, made readable."""
    words = ACTION_WORDS.get(code)
    return str(words) if words is not None else code.rsplit(".", 1)[-1].replace("_", " ")


def status_words(action: str, code: str | None) -> str:
    """Return the status `code` of an event of `action` in words, or the code if unknown."""
    if not code:
        return ""
    kind = STATUS_KINDS.get(action.split(".", 1)[0])
    try:
        return kind(code).label if kind else code
    except ValueError:
        return code


def change_words(action: str, before: str | None, after: str | None) -> str:
    """Return an event's change of status in words, e.g. 'Waiting for review → Approved…'."""
    if not (before or after):
        return ""
    if not before:
        return f"→ {status_words(action, after)}"
    return f"{status_words(action, before)} → {status_words(action, after)}"
