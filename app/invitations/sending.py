"""Sending a wave's invitations and reminders, in the wave's language, each with an audit line.

They go to verified contacts only (app/audience.py): a chosen organization's, or the
address an admin pastes beside its name, which that makes a verified contact. Nobody is
invited twice to the same survey of a wave, no address that opted out is written to, and
an organization is reminded at most once every REMINDER_INTERVAL.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _

from app.audience import invitable
from app.audit import Action, record
from app.contacts.services import add_pasted_contact
from app.extensions import db
from app.i18n import DEFAULT_LANGUAGE, in_language
from app.invitations.candidates import (
    MAX_PASTED_ROWS,
    candidates,
    read_pasted_row,
    refusal_reason,
    wave_kinds,
)
from app.invitations.overview import invitations_of
from app.models import (
    InvitationStatus,
    Organization,
    SurveyKind,
    SurveyWave,
    User,
    WaveInvitation,
)
from app.models.types import utcnow
from app.notifications.delivery import deliver_after_commit
from app.notifications.invitations import INVITATION_KIND, REMINDER_KIND, invitation_email
from app.notifications.links import sealed
from app.notifications.outbox import queue_message
from app.waves.rules import is_open, takes_answers

REMINDER_INTERVAL = timedelta(days=3)  # at most one reminder per organization this often


class InvitationError(Exception):
    """An invitation or reminder the rules refuse; the message says why."""


@dataclass
class Refused:
    """A pasted row (or a chosen organization) that was not invited, and why."""

    row: int  # 0 for an organization chosen from the lists
    text: str
    reason: str


@dataclass
class InviteReport:
    """What an invitation run did."""

    sent: list[WaveInvitation] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)


def invite(
    actor: User,
    wave: SurveyWave,
    *,
    chosen: list[str],
    pasted: str = "",
    pasted_kind: SurveyKind | None = None,
) -> InviteReport:
    """Invite the `chosen` candidates (checkbox values) and the `pasted` "name, email" rows.

    Each row is checked on its own: refused rows are reported with their reason and
    nothing is stored for them; the good ones are invited. Nobody is invited twice to
    the same survey of a wave, and no address that opted out is written to.
    """
    if not is_open(wave):
        raise InvitationError(
            _("%(wave)s is not open, so nobody can be invited to it.", wave=wave.name)
        )
    kinds = wave_kinds(wave)
    if pasted.strip() and pasted_kind not in kinds:
        raise InvitationError(_("Choose which survey the pasted organizations are invited to."))
    report = InviteReport()
    planned: dict[tuple[int, SurveyKind], int] = {}  # (organization, survey) -> its row
    _invite_chosen(wave, chosen, planned, report)
    pasted_contacts = _invite_pasted(wave, pasted, pasted_kind, planned, report)
    for org, email in pasted_contacts:
        add_pasted_contact(actor, org, email)
    db.session.flush()
    for invitation in report.sent:
        if not invitable(invitation.organization_id, invitation.email):
            raise InvitationError(_("%(name)s has no verified contact to invite.",
                                    name=invitation.organization.name))  # fmt: skip
        _mail(invitation, reminder=False)
        record(
            Action.INVITATION_SEND,
            actor,
            organization=invitation.organization,
            to_status=InvitationStatus.SENT.value,
            note=f"{wave.slug}: {invitation.survey_kind.value} survey",
        )
    db.session.commit()
    deliver_after_commit()
    return report


def _invite_chosen(
    wave: SurveyWave, chosen: list[str], planned: dict, report: InviteReport
) -> None:
    """Plan an invitation for each chosen candidate that may be invited; report the others."""
    found = candidates(wave)
    for key in dict.fromkeys(chosen):
        candidate = found.find(key)
        if candidate is None:
            report.refused.append(
                Refused(0, key, _("This organization has no known contact, or is not on the map."))
            )
            continue
        reason = refusal_reason(
            wave, candidate.organization, candidate.kind, candidate.email, planned
        )
        if reason:
            report.refused.append(Refused(0, candidate.organization.name, reason))
            continue
        planned[(candidate.organization.id, candidate.kind)] = 0
        report.sent.append(
            _new_invitation(wave, candidate.organization, candidate.kind, candidate.email)
        )


def _invite_pasted(
    wave: SurveyWave, pasted: str, kind: SurveyKind | None, planned: dict, report: InviteReport
) -> list[tuple[Organization, str]]:
    """Plan an invitation for each good pasted row; report the others; return the contacts."""
    contacts: list[tuple[Organization, str]] = []
    if kind is None:  # nothing pasted: invite_organizations asks for a kind with a paste
        return contacts
    for number, line in enumerate(pasted.splitlines(), start=1):
        text = line.strip()
        if not text:
            continue
        if number > MAX_PASTED_ROWS:
            message = _("Only the first %(max)d rows are read.", max=MAX_PASTED_ROWS)
            report.refused.append(Refused(number, text, message))
            continue
        org, email, reason = read_pasted_row(text)
        if org is not None and reason is None:
            reason = refusal_reason(wave, org, kind, email, planned, number)
        if org is None or reason:  # a row without its organization always has its reason
            report.refused.append(Refused(number, text, reason or ""))
            continue
        planned[(org.id, kind)] = number
        contacts.append((org, email))
        report.sent.append(_new_invitation(wave, org, kind, email))
    return contacts


def _new_invitation(
    wave: SurveyWave, org: Organization, kind: SurveyKind, email: str
) -> WaveInvitation:
    invitation = WaveInvitation(
        wave=wave, organization=org, survey_kind=kind, email=email.strip().lower()
    )
    invitation.issue_token()
    db.session.add(invitation)
    return invitation


def _mail(invitation: WaveInvitation, *, reminder: bool) -> None:
    """Queue the invitation (or reminder) mail of `invitation`, in the wave's language."""
    digest = invitation.token_digest
    wave = invitation.wave
    with in_language(DEFAULT_LANGUAGE):
        email = invitation_email(
            reminder=reminder,
            site_name=current_app.config["SITE_NAME"],
            organization=invitation.organization.name,
            survey=invitation.survey_kind.label,
            wave=wave.name,
            closes_on=wave.closes_on.isoformat() if wave.closes_on else None,
            link=sealed("invitation", digest),
            opt_out_link=sealed("opt-out", digest),
        )
    kind = REMINDER_KIND if reminder else INVITATION_KIND
    invitation.message = queue_message(kind, invitation.email, email.subject, email.body)


def send_reminders(actor: User, wave: SurveyWave, now: datetime | None = None) -> int:
    """Remind the invited who have not answered nor opted out; return how many were mailed.

    An organization is reminded at most once every REMINDER_INTERVAL.
    """
    if not takes_answers(wave, (now or utcnow()).date()):
        raise InvitationError(
            _(
                "%(wave)s does not take answers now, so no reminder can be sent.",
                wave=wave.name,
            )
        )
    now = now or utcnow()
    rows = invitations_of(wave)
    recently = {
        row.invitation.organization_id
        for row in rows
        if row.invitation.last_reminded_at is not None
        and now - row.invitation.last_reminded_at < REMINDER_INTERVAL
    }
    sent = 0
    for row in rows:
        invitation = row.invitation
        if (
            row.opted_out
            or row.answered
            or invitation.organization_id in recently
            or not invitable(invitation.organization_id, invitation.email)
        ):
            continue
        invitation.last_reminded_at = now
        _mail(invitation, reminder=True)
        record(
            Action.INVITATION_REMIND,
            actor,
            organization=invitation.organization,
            note=f"{wave.slug}: {invitation.survey_kind.value} survey",
        )
        sent += 1
    db.session.commit()
    deliver_after_commit()
    return sent
