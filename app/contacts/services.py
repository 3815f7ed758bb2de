"""Changing an organization's contacts. Each change writes an audit line without the address.

A contact's state moves only through `MOVES` (or `erase`, in app/contacts/erasure.py):
an address becomes verified when a moderator approves answers that give it, when an
admin adds or verifies it, or when the organization replies through a link sent to it.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from app.audience import normal
from app.audit import PARTNER, SUBMITTER, Action, record
from app.extensions import db
from app.i18n import known_language
from app.models import (
    ContactSource,
    ContactState,
    Organization,
    OrganizationContact,
    Submission,
    SubmissionOrigin,
    User,
)
from app.models.types import utcnow

S = ContactState
MAX_ADDRESS = 254
MAX_NAME = 120
MAX_ROWS = 200  # rows one "add contacts" form reads


@dataclass(frozen=True)
class Move:
    """A change of state an admin can make, and the states it starts from."""

    sources: frozenset[ContactState]
    target: ContactState
    action: Action


MOVES = {
    "verify": Move(frozenset({S.UNVERIFIED, S.RETIRED}), S.VERIFIED, Action.CONTACT_VERIFY),
    "retire": Move(frozenset({S.UNVERIFIED, S.VERIFIED, S.OPTED_OUT}), S.RETIRED,
                   Action.CONTACT_RETIRE),
}  # fmt: skip


class ContactRefused(Exception):
    """The change is not possible for this contact now; the message says why."""


def read_address(text: str) -> str | None:
    """Return `text` as a contact address (normalized, lower case), or None if it is not one."""
    try:
        address = validate_email(text.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return None
    return address if len(address) <= MAX_ADDRESS else None


def contact_of(organization_id: int, address: str | None) -> OrganizationContact | None:
    """Return the organization's contact row for `address`, if it has one."""
    address = normal(address)
    if not address:
        return None
    return db.session.scalar(
        sa.select(OrganizationContact).where(
            OrganizationContact.organization_id == organization_id,
            OrganizationContact.email == address,
        )
    )


def contacts_of(org: Organization) -> list[OrganizationContact]:
    """Return the organization's contacts, verified first, then by address; erased last."""
    order = sa.case({S.VERIFIED: 0, S.OPTED_OUT: 1, S.UNVERIFIED: 2, S.RETIRED: 3}, value=
                    OrganizationContact.state, else_=4)  # fmt: skip
    return list(
        db.session.scalars(
            sa.select(OrganizationContact)
            .where(OrganizationContact.organization_id == org.id)
            .order_by(order, OrganizationContact.email, OrganizationContact.id)
        )
    )


def _verify(
    org: Organization,
    address: str,
    source: ContactSource,
    *,
    actor: User | None,
    actor_label: str | None = None,
    name: str = "",
    language: str = "",
    submission: Submission | None = None,
    why: str,
) -> OrganizationContact | None:
    """Make `address` a verified contact of `org` (kept opted out if it was); the caller commits."""
    address = normal(address)
    if not address:
        return None
    now = utcnow()
    contact = contact_of(org.id, address)
    if contact is None:
        contact = OrganizationContact(
            organization=org, email=address, source=source, state=S.UNVERIFIED,
            submission_id=submission.id if submission else None, created_at=now,
        )  # fmt: skip
        db.session.add(contact)
    contact.name = (name or contact.name or "")[:MAX_NAME]
    contact.language = known_language(language) if language else contact.language or "en"
    before = contact.state
    if before in (S.VERIFIED, S.OPTED_OUT):
        return contact
    contact.state = S.VERIFIED
    contact.verified_at = contact.changed_at = now
    if submission is not None:
        contact.submission_id = submission.id
    db.session.flush()
    record(
        Action.CONTACT_VERIFY, actor, actor_label=actor_label, submission=submission,
        organization=org, from_status=before.value if contact.id else None,
        to_status=S.VERIFIED.value, note=f"contact #{contact.id}: {why}",
    )  # fmt: skip
    return contact


def verify_answer_contact(submission: Submission, actor: User | None) -> None:
    """Verify the contact address of answers a moderator approved; the caller commits."""
    if submission.origin is not SubmissionOrigin.SURVEY or not submission.contact_email:
        return
    _verify(
        submission.organization, submission.contact_email, ContactSource.ANSWER, actor=actor,
        name=submission.contact_name or "", language=submission.language,
        submission=submission, why="its answers were approved",
    )  # fmt: skip


def verify_replying_address(org: Organization, address: str, language: str) -> None:
    """Verify the address an organization replied from, through a link sent to it."""
    _verify(
        org, address, ContactSource.REPLY, actor=None, actor_label=PARTNER,
        language=language, why="it replied through a link sent to this address",
    )  # fmt: skip


def add_pasted_contact(admin: User, org: Organization, address: str) -> None:
    """Verify the address an admin pasted beside an organization's name to invite it."""
    _verify(org, address, ContactSource.ADMIN, actor=admin,
            why="an administrator invited the organization at this address")  # fmt: skip


@dataclass
class RowProblem:
    """One line of the admin's "add contacts" text that cannot be stored, and why."""

    row: int
    text: str
    reason: str


def read_contact_rows(org: Organization, text: str) -> tuple[list[tuple[str, str]], list]:
    """Read "address, name" lines into (address, name) pairs and the problem of each bad line."""
    rows: list[tuple[str, str]] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        if number > MAX_ROWS:
            problems.append(
                RowProblem(number, line, _("Only %(max)d rows are read.", max=MAX_ROWS))
            )
            continue
        typed, _comma, name = line.partition(",")
        address = read_address(typed)
        if address is None:
            reason = _("“%(address)s” is not a valid email address.", address=typed.strip())
        elif address in seen:
            reason = _("A duplicate of row %(row)d.", row=seen[address])
        elif (existing := contact_of(org.id, address)) is not None:
            reason = _(
                "Already a contact of %(name)s (%(state)s): change it in the list above.",
                name=org.name, state=existing.state.label.lower(),
            )  # fmt: skip
        else:
            reason = None
        if address is None or reason:  # a bad address always has its reason
            problems.append(RowProblem(number, line, reason))
            continue
        seen[address] = number
        rows.append((address, name.strip()[:MAX_NAME]))
    return rows, problems


def add_contacts(admin: User, org: Organization, text: str) -> tuple[int, list[RowProblem]]:
    """Add every "address, name" line as a verified contact, or none if one line is bad.

    Returns how many were added and each bad line's problem; commits when all are good.
    """
    rows, problems = read_contact_rows(org, text)
    if problems or not rows:
        return 0, problems
    for address, name in rows:
        contact = OrganizationContact(
            organization=org, email=address, name=name, source=ContactSource.ADMIN,
            state=S.VERIFIED, verified_at=utcnow(),
        )  # fmt: skip
        db.session.add(contact)
        db.session.flush()
        record(
            Action.CONTACT_ADD, admin, organization=org, to_status=S.VERIFIED.value,
            note=f"contact #{contact.id}, added by an administrator",
        )  # fmt: skip
    db.session.commit()
    return len(rows), []


def move_contact(admin: User, contact: OrganizationContact, move: str) -> None:
    """Verify or retire `contact`, as `MOVES` allows; commits, or raises ContactRefused."""
    rule = MOVES.get(move)
    if rule is None or contact.state not in rule.sources:
        raise ContactRefused(
            _("A contact that is %(state)s cannot be changed that way.",
              state=contact.state.label.lower())
        )  # fmt: skip
    before = contact.state
    contact.state = rule.target
    contact.changed_at = utcnow()
    if rule.target is S.VERIFIED:
        contact.verified_at = contact.changed_at
    record(
        rule.action, admin, organization=contact.organization, from_status=before.value,
        to_status=rule.target.value, note=f"contact #{contact.id}",
    )  # fmt: skip
    db.session.commit()


def opt_out_address(address: str, organization: Organization | None) -> bool:
    """Stop invitations and reminders to `address`, for every organization; the caller commits.

    Returns False when it had already opted out. An address that was never a contact
    (an invitation's, from before contacts were kept) is kept as one that opted out.
    """
    address = normal(address)
    contacts = list(
        db.session.scalars(
            sa.select(OrganizationContact).where(OrganizationContact.email == address)
        )
    )
    if contacts and all(c.state in (S.OPTED_OUT, S.RETIRED) for c in contacts):
        return False
    if not contacts and organization is not None:
        contacts = [OrganizationContact(
            organization=organization, email=address, source=ContactSource.REPLY,
            state=S.UNVERIFIED,
        )]  # fmt: skip
        db.session.add(contacts[0])
    for contact in contacts:
        if contact.state in (S.VERIFIED, S.UNVERIFIED):
            before = contact.state
            contact.state = S.OPTED_OUT
            contact.changed_at = utcnow()
            db.session.flush()
            record(
                Action.CONTACT_OPT_OUT, None, actor_label=SUBMITTER,
                organization=contact.organization, from_status=before.value,
                to_status=S.OPTED_OUT.value, note=f"contact #{contact.id}",
            )  # fmt: skip
    return True


def is_opted_out(address: str) -> bool:
    """Tell whether `address` asked for no more invitations or reminders."""
    return bool(
        db.session.scalar(
            sa.select(
                sa.exists().where(
                    OrganizationContact.email == normal(address),
                    OrganizationContact.state == S.OPTED_OUT,
                )
            )
        )
    )


def request_erasure(submission: Submission) -> bool:
    """Record that the submitter asks for their address to be erased; the caller commits.

    Returns False when there is no address to erase (already erased or never given).
    """
    address = normal(submission.contact_email)
    if not address:
        return False
    contact = contact_of(submission.organization_id, address)
    if contact is None:
        contact = OrganizationContact(
            organization=submission.organization, email=address, source=ContactSource.ANSWER,
            state=S.UNVERIFIED, submission_id=submission.id,
        )  # fmt: skip
        db.session.add(contact)
    if contact.erasure_requested_at is None:
        contact.erasure_requested_at = utcnow()
        db.session.flush()
        record(
            Action.CONTACT_ERASURE_REQUEST, None, actor_label=SUBMITTER, submission=submission,
            organization=submission.organization, note=f"contact #{contact.id}",
        )  # fmt: skip
    return True
