"""Wave invitations: who may be invited, inviting, reminding, opening, answering, opting out.

Every change here writes an audit line in its own transaction. A personal link works
while its wave takes answers and its organization has not answered from it; an address
that opted out gets no later invitation or reminder, for any wave.
"""

import enum
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _

from app import tokens
from app.audit import SUBMITTER, Action, record
from app.extensions import db
from app.i18n import DEFAULT_LANGUAGE, in_language
from app.models import (
    InvitationOptOut,
    InvitationStatus,
    Organization,
    Submission,
    SubmissionStatus,
    SurveyKind,
    SurveyWave,
    User,
    WaveInvitation,
    WaveStatus,
)
from app.models.types import utcnow
from app.notifications.delivery import deliver_after_commit
from app.notifications.invitations import INVITATION_KIND, REMINDER_KIND, invitation_email
from app.notifications.links import site_link
from app.notifications.outbox import queue_message
from app.orgs.services import find_organization
from app.public import public_organization_ids

REMINDER_INTERVAL = timedelta(days=3)  # at most one reminder per organization this often
MAX_PASTED_ROWS = 500
TOKEN_MAX = 64


class InvitationError(Exception):
    """An invitation or reminder the rules refuse; the message says why."""


class LinkState(enum.StrEnum):
    """What a personal link leads to."""

    USABLE = "usable"  # the survey, with the organization set
    ANSWERED = "answered"  # used: answers were sent from it
    EXPIRED = "expired"  # its wave no longer takes answers


# ---- reading -------------------------------------------------------------------------


def invitation_by_token(token: str) -> WaveInvitation | None:
    """Return the invitation behind a personal link, or None for a forged one."""
    if not token or len(token) > TOKEN_MAX:
        return None
    return db.session.scalar(
        sa.select(WaveInvitation).where(WaveInvitation.token_digest == tokens.digest(token))
    )


def link_state(invitation: WaveInvitation, today: date | None = None) -> LinkState:
    """Tell what `invitation`'s personal link leads to today."""
    if invitation.status is InvitationStatus.ANSWERED:
        return LinkState.ANSWERED
    if not invitation.wave.accepts_on(today or date.today()):
        return LinkState.EXPIRED
    return LinkState.USABLE


def is_opted_out(email: str) -> bool:
    """Tell whether `email` asked for no more invitations."""
    return bool(
        db.session.scalar(
            sa.select(sa.exists().where(InvitationOptOut.email == email.strip().lower()))
        )
    )


def wave_kinds(wave: SurveyWave) -> list[SurveyKind]:
    """Return the survey kinds `wave` runs."""
    return [kind for kind in SurveyKind if wave.includes(kind)]


@dataclass
class InvitationRow:
    """One invitation as the admin's wave page lists it."""

    invitation: WaveInvitation
    opted_out: bool


def invitations_of(wave: SurveyWave) -> list[InvitationRow]:
    """Return the wave's invitations, by organization name, with whether each opted out."""
    query = (
        sa.select(WaveInvitation, InvitationOptOut.id)
        .join(Organization, WaveInvitation.organization)
        .outerjoin(InvitationOptOut, InvitationOptOut.email == WaveInvitation.email)
        .where(WaveInvitation.wave_id == wave.id)
        .order_by(Organization.name_key, WaveInvitation.survey_kind, WaveInvitation.id)
    )
    return [InvitationRow(inv, opt is not None) for inv, opt in db.session.execute(query)]


def invited_organization_ids(wave: SurveyWave, kinds: list[SurveyKind]):
    """Select the ids of organizations invited to `kinds` of `wave`."""
    return sa.select(WaveInvitation.organization_id).where(
        WaveInvitation.wave_id == wave.id, WaveInvitation.survey_kind.in_(kinds)
    )


def has_invitations(wave: SurveyWave) -> bool:
    """Tell whether anyone was invited to `wave`."""
    return bool(db.session.scalar(sa.select(sa.exists().where(WaveInvitation.wave_id == wave.id))))


def open_invitation_count(wave: SurveyWave) -> int:
    """Return how many of the wave's personal links still lead to its survey."""
    return db.session.scalar(
        sa.select(sa.func.count()).where(
            WaveInvitation.wave_id == wave.id,
            WaveInvitation.status != InvitationStatus.ANSWERED,
        )
    )


def known_contact(org: Organization) -> str | None:
    """Return the contact address of the organization's latest submission that named one."""
    return db.session.scalar(
        sa.select(Submission.contact_email)
        .where(
            Submission.organization_id == org.id,
            Submission.contact_email.is_not(None),
            Submission.contact_email != "",
            Submission.status != SubmissionStatus.REJECTED,
        )
        .order_by(Submission.created_at.desc(), Submission.id.desc())
        .limit(1)
    )


def last_wave_with_answers(wave: SurveyWave, kind: SurveyKind) -> SurveyWave | None:
    """Return the latest wave before `wave` with approved answers to `kind`."""
    return db.session.scalar(
        sa.select(SurveyWave)
        .where(
            SurveyWave.before(wave),
            sa.exists().where(
                Submission.wave_id == SurveyWave.id,
                Submission.survey_kind == kind,
                Submission.status == SubmissionStatus.APPROVED,
            ),
        )
        .order_by(*SurveyWave.newest_first())
        .limit(1)
    )


@dataclass
class Candidate:
    """An organization an admin may invite to one survey of a wave."""

    organization: Organization
    kind: SurveyKind
    email: str
    last_respondent: bool  # answered the survey in the last wave: preselected
    invited: bool = False
    opted_out: bool = False

    @property
    def key(self) -> str:
        """Return the value the invitation form's checkbox sends for this candidate."""
        return f"{self.kind.value}:{self.organization.id}"

    @property
    def available(self) -> bool:
        """Tell whether an invitation may be sent to this candidate."""
        return not (self.invited or self.opted_out)


@dataclass
class Candidates:
    """Whom a wave may invite: last wave's respondents, then the map's other organizations."""

    last_respondents: list[Candidate] = field(default_factory=list)
    others: list[Candidate] = field(default_factory=list)
    last_waves: dict[SurveyKind, SurveyWave] = field(default_factory=dict)

    def find(self, key: str) -> Candidate | None:
        """Return the candidate whose checkbox value is `key`."""
        return next((c for c in [*self.last_respondents, *self.others] if c.key == key), None)


def candidates(wave: SurveyWave) -> Candidates:
    """Return the organizations with a known contact that `wave` may invite, per survey."""
    result = Candidates()
    invited = set(
        db.session.execute(
            sa.select(WaveInvitation.organization_id, WaveInvitation.survey_kind).where(
                WaveInvitation.wave_id == wave.id
            )
        )
    )
    opted_out = set(db.session.scalars(sa.select(InvitationOptOut.email)))
    public = list(
        db.session.scalars(
            sa.select(Organization)
            .where(Organization.id.in_(public_organization_ids()))
            .order_by(Organization.name_key, Organization.id)
        )
    )
    for kind in wave_kinds(wave):
        last = last_wave_with_answers(wave, kind)
        respondent_ids: set[int] = set()
        if last is not None:
            result.last_waves[kind] = last
            respondent_ids = set(
                db.session.scalars(
                    sa.select(Submission.organization_id).where(
                        Submission.wave_id == last.id,
                        Submission.survey_kind == kind,
                        Submission.status == SubmissionStatus.APPROVED,
                    )
                )
            )
        respondents = list(
            db.session.scalars(
                sa.select(Organization)
                .where(Organization.id.in_(respondent_ids))
                .order_by(Organization.name_key, Organization.id)
            )
        )
        for org, is_respondent in [
            *((org, True) for org in respondents),
            *((org, False) for org in public if org.id not in respondent_ids),
        ]:
            email = known_contact(org)
            if not email:
                continue
            candidate = Candidate(
                org,
                kind,
                email,
                is_respondent,
                invited=(org.id, kind) in invited,
                opted_out=email in opted_out,
            )
            (result.last_respondents if is_respondent else result.others).append(candidate)
    return result


# ---- inviting ------------------------------------------------------------------------


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


ROW_SEPARATOR = re.compile(r"[,;\t]")


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
    if wave.status is not WaveStatus.OPEN:
        raise InvitationError(
            _("%(wave)s is not open, so nobody can be invited to it.", wave=wave.name)
        )
    kinds = wave_kinds(wave)
    if pasted.strip() and pasted_kind not in kinds:
        raise InvitationError(_("Choose which survey the pasted organizations are invited to."))
    report = InviteReport()
    planned: dict[tuple[int, SurveyKind], int] = {}  # (organization, survey) -> its row
    found = candidates(wave)
    for key in dict.fromkeys(chosen):
        candidate = found.find(key)
        if candidate is None:
            report.refused.append(
                Refused(0, key, _("This organization has no known contact, or is not on the map."))
            )
            continue
        reason = _refusal(wave, candidate.organization, candidate.kind, candidate.email, planned)
        if reason:
            report.refused.append(Refused(0, candidate.organization.name, reason))
            continue
        planned[(candidate.organization.id, candidate.kind)] = 0
        report.sent.append(
            _new_invitation(wave, candidate.organization, candidate.kind, candidate.email)
        )
    rows = [line for line in pasted.splitlines()]
    for number, line in enumerate(rows, start=1):
        text = line.strip()
        if not text:
            continue
        if number > MAX_PASTED_ROWS:
            report.refused.append(
                Refused(
                    number, text, _("Only the first %(max)d rows are read.", max=MAX_PASTED_ROWS)
                )
            )
            continue
        org, email, reason = _read_row(text)
        if reason is None:
            reason = _refusal(wave, org, pasted_kind, email, planned, number)
        if reason:
            report.refused.append(Refused(number, text, reason))
            continue
        planned[(org.id, pasted_kind)] = number
        report.sent.append(_new_invitation(wave, org, pasted_kind, email))
    db.session.flush()
    for invitation in report.sent:
        _mail(invitation, reminder=False)
        record(
            Action.INVITATION_SEND,
            actor,
            organization=invitation.organization,
            to_status=InvitationStatus.SENT.value,
            note=f"{wave.slug}: {invitation.survey_kind.value} survey, to {invitation.email}",
        )
    db.session.commit()
    deliver_after_commit()
    return report


def _read_row(text: str) -> tuple[Organization | None, str, str | None]:
    """Read a pasted "name, email" row: its organization, address and a reason to refuse."""
    parts = ROW_SEPARATOR.split(text)
    if len(parts) < 2:
        return None, "", _("Write the organization's name, a comma, then an email address.")
    name = ",".join(parts[:-1]).strip()
    address = parts[-1].strip()
    try:
        email = validate_email(address, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return None, "", _("“%(address)s” is not a valid email address.", address=address)
    if len(email) > 254:
        return None, "", _("“%(address)s” is not a valid email address.", address=address)
    org = find_organization(name) if name else None
    if org is None:
        return (
            None,
            email,
            _(
                "We know no organization called “%(name)s”; check its spelling on the map.",
                name=name,
            ),
        )
    return org, email, None


def _refusal(
    wave: SurveyWave,
    org: Organization,
    kind: SurveyKind,
    email: str,
    planned: dict[tuple[int, SurveyKind], int],
    row: int = 0,
) -> str | None:
    """Return why `org` cannot be invited to `kind` of `wave` at `email`, or None."""
    if (org.id, kind) in planned:
        earlier = planned[(org.id, kind)]
        if earlier:
            return _(
                "A duplicate: row %(row)d already invites %(name)s.", row=earlier, name=org.name
            )
        return _("A duplicate: %(name)s is already chosen above.", name=org.name)
    already = db.session.scalar(
        sa.select(
            sa.exists().where(
                WaveInvitation.wave_id == wave.id,
                WaveInvitation.organization_id == org.id,
                WaveInvitation.survey_kind == kind,
            )
        )
    )
    if already:
        return _(
            "%(name)s is already invited to this survey of the wave; nothing is sent twice.",
            name=org.name,
        )
    if is_opted_out(email):
        return _("%(address)s asked not to be invited again.", address=email)
    return None


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
    token = invitation.token
    wave = invitation.wave
    with in_language(DEFAULT_LANGUAGE):
        email = invitation_email(
            reminder=reminder,
            site_name=current_app.config["SITE_NAME"],
            organization=invitation.organization.name,
            survey=invitation.survey_kind.label,
            wave=wave.name,
            closes_on=wave.closes_on.isoformat() if wave.closes_on else None,
            link=site_link("invitations.invitation", f"/invitations/{token}", invite_token=token),
            opt_out_link=site_link(
                "invitations.opt_out", f"/invitations/{token}/opt-out", invite_token=token
            ),
        )
    kind = REMINDER_KIND if reminder else INVITATION_KIND
    queue_message(kind, invitation.email, email.subject, email.body)


# ---- reminders -----------------------------------------------------------------------


def send_reminders(actor: User, wave: SurveyWave, now: datetime | None = None) -> int:
    """Remind the invited who have not answered nor opted out; return how many were mailed.

    An organization is reminded at most once every REMINDER_INTERVAL.
    """
    if not wave.accepts_on((now or utcnow()).date()):
        raise InvitationError(
            _(
                "%(wave)s does not take answers now, so no reminder can be sent.",
                wave=wave.name,
            )
        )
    now = now or utcnow()
    rows = invitations_of(wave)
    answered = _answered_organizations(wave)
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
            or invitation.status is InvitationStatus.ANSWERED
            or (invitation.organization_id, invitation.survey_kind) in answered
            or invitation.organization_id in recently
        ):
            continue
        invitation.last_reminded_at = now
        _mail(invitation, reminder=True)
        record(
            Action.INVITATION_REMIND,
            actor,
            organization=invitation.organization,
            note=f"{wave.slug}: {invitation.survey_kind.value} survey, to {invitation.email}",
        )
        sent += 1
    db.session.commit()
    deliver_after_commit()
    return sent


def _answered_organizations(wave: SurveyWave) -> set[tuple[int, SurveyKind]]:
    """Return (organization, survey) pairs that sent answers to `wave`, however sent."""
    return set(
        db.session.execute(
            sa.select(Submission.organization_id, Submission.survey_kind).where(
                Submission.wave_id == wave.id, Submission.status != SubmissionStatus.REJECTED
            )
        )
    )


# ---- the invitee's steps ---------------------------------------------------------------


def mark_opened(invitation: WaveInvitation) -> None:
    """Record that the invitee started the survey from the personal link (first time only)."""
    if invitation.status is not InvitationStatus.SENT:
        return
    invitation.status = InvitationStatus.OPENED
    invitation.opened_at = utcnow()
    record(
        Action.INVITATION_OPEN,
        None,
        actor_label=SUBMITTER,
        organization=invitation.organization,
        from_status=InvitationStatus.SENT.value,
        to_status=InvitationStatus.OPENED.value,
        note=f"{invitation.wave.slug}: {invitation.survey_kind.value} survey",
    )
    db.session.commit()


def mark_answered(submission: Submission, invitation: WaveInvitation | None = None) -> None:
    """Link a new submission to its invitation (the one it came from, or its organization's).

    Called by the survey services in the submission's transaction; the caller commits.
    """
    if invitation is None:
        invitation = db.session.scalar(
            sa.select(WaveInvitation).where(
                WaveInvitation.wave_id == submission.wave_id,
                WaveInvitation.organization_id == submission.organization_id,
                WaveInvitation.survey_kind == submission.survey_kind,
            )
        )
    if invitation is None or invitation.status is InvitationStatus.ANSWERED:
        return
    before = invitation.status
    now = utcnow()
    invitation.status = InvitationStatus.ANSWERED
    invitation.opened_at = invitation.opened_at or now
    invitation.answered_at = now
    invitation.submission = submission
    record(
        Action.INVITATION_ANSWER,
        None,
        actor_label=SUBMITTER,
        submission=submission,
        organization=invitation.organization,
        from_status=before.value,
        to_status=InvitationStatus.ANSWERED.value,
        note=f"{invitation.wave.slug}: {invitation.survey_kind.value} survey",
    )


def opt_out(invitation: WaveInvitation) -> None:
    """Stop every later invitation and reminder to the invitation's address."""
    if is_opted_out(invitation.email):
        return
    db.session.add(InvitationOptOut(email=invitation.email))
    record(
        Action.INVITATION_OPT_OUT,
        None,
        actor_label=SUBMITTER,
        organization=invitation.organization,
        note=f"{invitation.wave.slug}: {invitation.email}",
    )
    db.session.commit()


# ---- closing and reopening -------------------------------------------------------------


@dataclass
class WaveChangeSummary:
    """What closing (or reopening) a wave does, in counts, for its confirmation step."""

    open_invitations: int
    waiting_for_review: int
    changes_requested: int


def change_summary(wave: SurveyWave) -> WaveChangeSummary:
    """Count what closing or reopening `wave` touches."""
    query = (
        sa.select(Submission.status, sa.func.count())
        .where(Submission.wave_id == wave.id)
        .group_by(Submission.status)
    )
    counts = {status: number for status, number in db.session.execute(query)}
    return WaveChangeSummary(
        open_invitations=open_invitation_count(wave),
        waiting_for_review=counts.get(SubmissionStatus.PENDING, 0),
        changes_requested=counts.get(SubmissionStatus.CHANGES_REQUESTED, 0),
    )
