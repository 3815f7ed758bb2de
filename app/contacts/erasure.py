"""Erasing an address on its owner's request: gone from every table and every kept message.

The columns that hold an address as their whole value are emptied (the links sent to it
stop working), then every other text of every table is swept for it, so that a note, a
kept version or a message body that quoted it loses it too. Accounts of moderators and
admins are left alone (they are managed on /admin/users). The audit line says that a
contact was erased, never which address.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import cast

import sqlalchemy as sa

from app.audience import invitable_contact, normal
from app.audit import Action, record
from app.extensions import db
from app.models import (
    ContactState,
    InvitationStatus,
    MailRequest,
    Organization,
    OrganizationContact,
    OutboxMessage,
    PartnerReply,
    PartnershipAnswer,
    Submission,
    SubmissionVersion,
    SurveyWave,
    User,
    WaveInvitation,
    WaveStatus,
)
from app.models.types import utcnow
from app.notifications.delivery import MAX_ATTEMPTS

ERASED = "[erased]"
# Tables whose text is never swept: accounts are not contacts, and the migration marker.
LEFT_ALONE = {"user_account", "alembic_version"}


@dataclass
class OpenInvitation:
    """An invitation whose link stops working, and whether its organization keeps a contact."""

    organization: Organization
    wave: SurveyWave
    other_contacts: int


@dataclass
class ErasurePreview:
    """What erasing one address touches, for the admin's confirmation page."""

    organizations: list[Organization] = field(default_factory=list)
    submissions: int = 0
    partner_links: int = 0
    messages: int = 0
    open_invitations: list[OpenInvitation] = field(default_factory=list)

    @property
    def orphaned(self) -> list[OpenInvitation]:
        """Return the open invitations whose organization is left with no invitable contact."""
        return [item for item in self.open_invitations if not item.other_contacts]


def _count(model, *conditions) -> int:
    """Count the rows of `model` matching `conditions`."""
    return db.session.execute(
        sa.select(sa.func.count()).select_from(model).where(*conditions)
    ).scalar_one()


def erasure_preview(address: str) -> ErasurePreview:
    """Count what erasing `address` would touch, and which open invitations it ends."""
    address = normal(address)
    preview = ErasurePreview()
    preview.organizations = list(
        db.session.scalars(
            sa.select(Organization)
            .join(OrganizationContact, OrganizationContact.organization_id == Organization.id)
            .where(OrganizationContact.email == address)
            .order_by(Organization.name_key)
        )
    )
    preview.submissions = _count(Submission, Submission.contact_email == address)
    preview.partner_links = _count(PartnerReply, PartnerReply.email == address)
    preview.messages = _count(OutboxMessage, OutboxMessage.to_address == address)
    invitations = db.session.scalars(
        sa.select(WaveInvitation)
        .join(SurveyWave, WaveInvitation.wave)
        .where(
            WaveInvitation.email == address,
            WaveInvitation.status != InvitationStatus.ANSWERED,
            SurveyWave.status == WaveStatus.OPEN,
        )
    )
    for invitation in invitations:
        others = _count(
            OrganizationContact,
            OrganizationContact.organization_id == invitation.organization_id,
            OrganizationContact.email != address,
            invitable_contact(),
        )
        preview.open_invitations.append(OpenInvitation(invitation.organization, invitation.wave,
                                                       others))  # fmt: skip
    return preview


def erase_address(admin: User, address: str) -> int:
    """Erase `address` from every table and kept message; commits. Returns the rows changed."""
    address = normal(address)
    if not address:
        return 0
    now = utcnow()
    organizations = {
        c.organization_id: c.organization
        for c in db.session.scalars(
            sa.select(OrganizationContact).where(OrganizationContact.email == address)
        )
    }
    changed = _erase_contacts(address, now) + _erase_from_answers(address)
    changed += _erase_links(address, now) + _erase_mail(address)
    db.session.flush()
    changed += _sweep(address)
    for org in organizations.values() or [None]:
        record(
            Action.CONTACT_ERASE, admin, organization=org, to_status=ContactState.ERASED.value,
            note="a contact's address was erased from every record, at its owner's request",
        )  # fmt: skip
    db.session.commit()
    return changed


def _rows(model, column, address: str):
    """Return the rows of `model` whose `column` holds `address`."""
    return db.session.scalars(sa.select(model).where(column == address)).all()


def _erase_contacts(address: str, now) -> int:
    """Mark the organization contacts at `address` erased; return how many."""
    contacts = _rows(OrganizationContact, OrganizationContact.email, address)
    for contact in contacts:
        contact.email = None
        contact.name = ""
        contact.state = ContactState.ERASED
        contact.changed_at = now
    return len(contacts)


def _erase_from_answers(address: str) -> int:
    """Erase `address` from answers: a submitter's (with the name, versions too), a partner's."""
    sent_with = _rows(Submission, Submission.contact_email, address)
    for submission in sent_with:
        submission.contact_email = None
        submission.contact_name = None
    changed = len(sent_with)
    # Their kept versions hold the name given with the address too (the sweep finds the
    # address anywhere, but a name only here: elsewhere it may be someone else's words).
    for version in db.session.scalars(
        sa.select(SubmissionVersion).where(
            SubmissionVersion.submission_id.in_([s.id for s in sent_with])
        )
    ):
        if version.snapshot.get("contact_name") or version.snapshot.get("contact_email"):
            version.snapshot = {**version.snapshot, "contact_name": "", "contact_email": ""}
            changed += 1
    answers = _rows(PartnershipAnswer, PartnershipAnswer.partner_email, address)
    for answer in answers:
        answer.partner_email = None
    return changed + len(answers)


def _erase_links(address: str, now) -> int:
    """Erase `address` from partners' and invitees' links, which stop working."""
    replies = _rows(PartnerReply, PartnerReply.email, address)
    for reply in replies:
        reply.email = ""
        reply.issue_token()  # the link sent to the address stops working
        reply.expires_at = now - timedelta(seconds=1)
    invitations = _rows(WaveInvitation, WaveInvitation.email, address)
    for invitation in invitations:
        invitation.email = ""
        invitation.issue_token()
    return len(replies) + len(invitations)


def _erase_mail(address: str) -> int:
    """Blank the kept mail to `address` and drop its requests for mail."""
    messages = _rows(OutboxMessage, OutboxMessage.to_address, address)
    for message in messages:
        message.to_address = ERASED
        message.body = ERASED
        if message.sent_at is None:  # never sent now: nobody to send it to
            message.attempts = MAX_ATTEMPTS
            message.last_error = ERASED
    # A DELETE or UPDATE gives a CursorResult, with its rowcount; Session.execute says Result.
    deleted = cast(
        sa.CursorResult,
        db.session.execute(sa.delete(MailRequest).where(MailRequest.email == address)),
    )
    return len(messages) + deleted.rowcount


def _sweep(address: str) -> int:
    """Replace `address` wherever a text or JSON column of any table still quotes it."""
    pattern = re.compile(re.escape(address), re.IGNORECASE)
    like = "%" + address.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    changed = 0
    connection = db.session.connection()
    for table in db.metadata.sorted_tables:
        if table.name in LEFT_ALONE:
            continue
        keys = list(table.primary_key.columns)
        for column in table.columns:
            is_json = isinstance(column.type, sa.JSON)
            if not (is_json or isinstance(column.type, sa.String | sa.Text)):
                continue
            if isinstance(column.type, sa.Enum):
                continue
            text = sa.cast(column, sa.Text) if is_json else column
            rows = connection.execute(
                sa.select(*keys, column).where(sa.func.lower(text).like(like, escape="\\"))
            ).all()
            for row in rows:
                value = row[-1]
                if is_json:
                    value = json.loads(pattern.sub(ERASED, json.dumps(value)))
                else:
                    value = pattern.sub(ERASED, value)
                where = [key == row[i] for i, key in enumerate(keys)]
                connection.execute(sa.update(table).where(*where).values({column.name: value}))
                changed += 1
    return changed
