"""Who may be written to, and who may see what is not public: the rule, written once.

app/public.py says what everyone may see. This module says who may see more:

- An address **speaks for** an organization when it is one of that organization's
  contacts, verified, and now VERIFIED or OPTED_OUT (`speaks_for`): opting out of
  invitations does not make an address speak for anyone, nor stop one that did. An address becomes
  verified only when a moderator approves answers that give it, when an admin adds
  it, or when the organization replies through a link sent to it (app/contacts).
- Only a VERIFIED contact is **invited**: invitations, reminders and the forms they
  prefill go to it, never to an address that merely typed answers (`invitable`).
  An opted-out contact still speaks for its organization, but is not written to
  unasked.
- An organization's answers kept **for moderators only** (a private partner, or private
  words) are shown, in a form or in a mail, only to an address that speaks for it
  (`may_see_private`); moderators see everything on their own pages.
- A partner's address typed by another organization is not a contact: it receives that
  one relationship's link (app/partners) and nothing else.
"""

import sqlalchemy as sa

from app.extensions import db
from app.models import ContactState, OrganizationContact, PartnershipAnswer

SPEAKING = (ContactState.VERIFIED, ContactState.OPTED_OUT)


def normal(address: str | None) -> str:
    """Return an address as contacts keep it: trimmed and in lower case."""
    return (address or "").strip().lower()


def speaking_contact():
    """Return the condition: a contact row whose address speaks for its organization."""
    return sa.and_(
        OrganizationContact.state.in_(SPEAKING),
        OrganizationContact.verified_at.is_not(None),
        OrganizationContact.email.is_not(None),
    )


def invitable_contact():
    """Return the condition: a contact row that may be sent invitations and reminders."""
    return OrganizationContact.state == ContactState.VERIFIED


def speaks_for(organization_id: int | None, address: str | None) -> bool:
    """Tell whether `address` is a verified contact of the organization."""
    address = normal(address)
    if organization_id is None or not address:
        return False
    return bool(
        db.session.scalar(
            sa.select(
                sa.exists().where(
                    OrganizationContact.organization_id == organization_id,
                    OrganizationContact.email == address,
                    speaking_contact(),
                )
            )
        )
    )


def invitable(organization_id: int, address: str | None) -> bool:
    """Tell whether `address` may be invited or reminded on the organization's behalf."""
    address = normal(address)
    return bool(address) and bool(
        db.session.scalar(
            sa.select(
                sa.exists().where(
                    OrganizationContact.organization_id == organization_id,
                    OrganizationContact.email == address,
                    invitable_contact(),
                )
            )
        )
    )


def may_see_private(organization_id: int | None, address: str | None) -> bool:
    """Tell whether the organization's answers kept for moderators only may go to `address`."""
    return speaks_for(organization_id, address)


def is_private(answer: PartnershipAnswer) -> bool:
    """Tell whether a partnership answer holds anything kept for moderators only."""
    return bool(answer.private or answer.text_private)
