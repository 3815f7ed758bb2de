"""Writing the audit trail. Every mutation calls record() inside its own transaction."""

import enum

from app.extensions import db
from app.models import AuditEvent, Organization, Submission, User


class Action(enum.StrEnum):
    SUBMITTED = "submission.submitted"
    SUBMITTER_EDIT = "submission.submitter_edit"
    RESUBMITTED = "submission.resubmitted"
    APPROVE = "submission.approve"
    REJECT = "submission.reject"
    REQUEST_CHANGES = "submission.request_changes"
    UNPUBLISH = "submission.unpublish"
    REPUBLISH = "submission.republish"
    SUPERSEDE = "submission.supersede"
    MODERATOR_EDIT = "submission.moderator_edit"
    COMBINE = "submission.combine"
    # A moderator keeps a partner, or what was written of it, for moderators only (or not).
    ANSWER_REDACT = "submission.answer_redact"
    ANSWER_UNREDACT = "submission.answer_unredact"
    ORG_MAP = "organization.map"
    ORG_MERGE = "organization.merge"
    ORG_EDIT = "organization.edit"
    USER_CREATE = "user.create"
    USER_INVITE = "user.invite"
    USER_ROLE = "user.role"
    USER_DEACTIVATE = "user.deactivate"
    USER_REACTIVATE = "user.reactivate"
    USER_PASSWORD = "user.password"
    USER_LOGIN = "user.login"
    USER_LOGOUT = "user.logout"
    USER_SIGN_IN_PAUSED = "user.sign_in_paused"
    USER_SIGN_OUT_EVERYWHERE = "user.sign_out_everywhere"
    WAVE_CREATE = "wave.create"
    WAVE_OPEN = "wave.open"
    WAVE_CLOSE = "wave.close"
    WAVE_REOPEN = "wave.reopen"
    WAVE_EDIT = "wave.edit"
    MAIL_RETRY = "mail.retry"
    INVITATION_SEND = "invitation.send"
    INVITATION_OPEN = "invitation.open"
    INVITATION_ANSWER = "invitation.answer"
    INVITATION_REMIND = "invitation.remind"
    INVITATION_OPT_OUT = "invitation.opt_out"
    THEME_ADD = "theme.add"
    THEME_RENAME = "theme.rename"
    THEME_RETIRE = "theme.retire"
    THEME_RESTORE = "theme.restore"
    # A partner's say on a relationship another organization reported (app/partners).
    PARTNER_ASK = "partner.ask"
    PARTNER_CONFIRM = "partner.confirm"
    PARTNER_DECLINE = "partner.decline"
    PARTNER_WITHDRAW = "partner.withdraw"
    PARTNER_CORRECT = "partner.correct"
    PARTNER_NEW_LINK = "partner.new_link"
    # An organization's contacts (app/contacts); the notes never hold the address.
    CONTACT_ADD = "contact.add"
    CONTACT_VERIFY = "contact.verify"
    CONTACT_RETIRE = "contact.retire"
    CONTACT_OPT_OUT = "contact.opt_out"
    CONTACT_ERASURE_REQUEST = "contact.erasure_request"
    CONTACT_ERASE = "contact.erase"


SUBMITTER = "submitter"
SYSTEM = "system"
PARTNER = "partner"  # a partner acting through its personal link (app/partners)


def record(
    action: Action,
    actor: User | None,
    *,
    actor_label: str | None = None,
    submission: Submission | None = None,
    organization: Organization | None = None,
    target_user: User | None = None,
    from_status: str | None = None,
    to_status: str | None = None,
    note: str = "",
) -> AuditEvent:
    """Add one audit event to the current transaction; the caller commits it with its change."""
    event = AuditEvent(
        actor=actor,
        actor_label=actor_label or (actor.email if actor else SYSTEM),
        action=action.value,
        submission_id=submission.id if submission else None,
        organization_id=organization.id if organization else None,
        target_user=target_user,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )
    db.session.add(event)
    return event
