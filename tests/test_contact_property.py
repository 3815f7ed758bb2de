"""A property over many histories: private answers and invitations reach verified contacts only.

Hypothesis draws organizations whose answers come from a few shared addresses, end pending,
sent back, approved or rejected, mark partners or their words for moderators only, and
whose partners correct what was said through their own links. Everything goes through the
real survey, review, partner and admin pages. The test keeps its own account of which
address speaks for which organization (approved answers, a partner's own reply, an admin
retiring one) and checks after every step:

- no message written carries a private partner's name or words to an address that does not
  speak for the organization that kept them private;
- invitations and reminders go to verified contacts only, and a prefilled form shows private
  answers only to an address that speaks for its organization;
- a partner's correction is never counted, preselected or invited as a survey's respondent.
"""

import os
import re

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from app.models import OrganizationContact, OutboxMessage, SurveyWave, WaveInvitation, WaveStatus
from app.moderation.replacing import replacements
from tests import factories
from tests.conftest import AuthActions, SurveyClient, empty_all_tables
from tests.helpers import newest_submission
from tests.mail_helpers import sent_body
from tests.moderation_helpers import csrf_from
from tests.partner_helpers import send_correction

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "25"))
ADDRESSES = ["ana@one.example", "bo@two.example", "shared@three.example"]
OUTCOMES = ["pending", "changes_requested", "approved", "rejected"]
DECISIONS = {"changes_requested": "request_changes", "approved": "approve", "rejected": "reject"}
PARTNER = st.fixed_dictionaries(
    {"private": st.booleans(), "text_private": st.booleans(), "mailed": st.booleans(),
     "corrects": st.sampled_from([None, "pending", "approved"])}
)  # fmt: skip
ANSWER = st.fixed_dictionaries(
    {"address": st.sampled_from(ADDRESSES), "outcome": st.sampled_from(OUTCOMES),
     "partners": st.lists(PARTNER, min_size=1, max_size=2)}
)  # fmt: skip
HISTORY = st.fixed_dictionaries(
    {"organizations": st.lists(st.lists(ANSWER, min_size=1, max_size=2), min_size=1, max_size=3),
     "retire": st.booleans()}
)  # fmt: skip
INVITATION = re.compile(r"(/invitations/[A-Za-z0-9_-]+)\n")
PARTNER_LINK = re.compile(r"/partners/([A-Za-z0-9_-]{20,})")


class World:
    """The test's own account of who speaks for whom, and what is private to whom."""

    def __init__(self, app):
        self.app = app
        self.speaks: dict[str, set[str]] = {}  # organization name -> addresses
        self.private: list[tuple[str, str]] = []  # (organization name, text it keeps private)
        self.corrected: set[str] = set()  # partner organizations that sent a correction
        self.respondents: set[str] = set()  # organizations with approved survey answers
        self.seen = 0  # outbox messages already checked
        self.moderator = self.signed_in("moderator@example.org")
        self.admin = self.signed_in("admin@example.org")

    def signed_in(self, email):
        """Return a client signed in as `email`."""
        client = self.app.test_client()
        assert AuthActions(client).login(email).status_code == 303
        return client

    def decide(self, submission, decision: str):
        """Take `decision` on `submission` through its review page."""
        url = f"/moderation/submissions/{submission.id}"
        replacing = ",".join(str(r.older.id) for r in replacements(submission))
        data = {"csrf_token": csrf_from(self.moderator, url), "decision": decision,
                "version": submission.version, "replacing": replacing,
                "note": "Why not"}  # fmt: skip
        response = self.moderator.post(f"{url}/decide", data=data)
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]

    def check_new_mail(self):
        """Check every message written since the last check against who speaks for whom."""
        db.session.expire_all()
        messages = db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.id > self.seen).order_by(OutboxMessage.id)
        ).all()
        staff = {"moderator@example.org", "admin@example.org"}  # they see everything anyway
        for message in messages:
            self.seen = message.id
            if message.to_address in staff:
                continue
            body = sent_body(message) + message.subject
            for organization, text in self.private:
                if text in body:
                    assert message.to_address in self.speaks.get(organization, set()), (
                        f"{message.kind} to {message.to_address} quotes {text!r}, kept private "
                        f"by {organization}, whose contacts are {self.speaks.get(organization)}"
                    )


def tell(world: World, org_name: str, number: int, answer: dict, surveys: SurveyClient):
    """Send one organization's answers as drawn, decide on them, and let partners reply."""
    form = {"org_name": org_name, "contact_email": answer["address"]}
    for k, partner in enumerate(answer["partners"]):
        name = f"Partner {org_name[-1]}{number}{k} Zq"
        words = f"Words of {org_name[-1]}{number}{k} Zq"
        form |= {f"partners-{k}-name": name, f"partners-{k}-kind": "nonprofit",
                 f"partners-{k}-status": "active", f"partners-{k}-priorities": words,
                 f"partners-{k}-how_built": ""}  # fmt: skip
        if partner["mailed"]:
            form[f"partners-{k}-email"] = f"p{org_name[-1]}{number}{k}@partners.example"
        if partner["private"]:
            form[f"partners-{k}-private"] = "y"
            world.private.append((org_name, name))
        if partner["text_private"] or partner["private"]:
            if partner["text_private"]:
                form[f"partners-{k}-text_private"] = "y"
            world.private.append((org_name, words))
    assert surveys.partnership(**form).status_code == 303
    world.check_new_mail()
    submission = newest_submission()
    if answer["outcome"] == "pending":
        return
    world.decide(submission, DECISIONS[answer["outcome"]])
    if answer["outcome"] == "approved":
        world.speaks.setdefault(org_name, set()).add(answer["address"])
        world.respondents.add(org_name)
    world.check_new_mail()
    if answer["outcome"] != "approved":
        return
    for k, partner in enumerate(answer["partners"]):
        if not partner["mailed"] or partner["private"] or not partner["corrects"]:
            continue
        address = f"p{org_name[-1]}{number}{k}@partners.example"
        question = db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.to_address == address)
        ).first()
        token = PARTNER_LINK.search(sent_body(question).replace("/partners/new-link", "")).group(1)
        partner_name = f"Partner {org_name[-1]}{number}{k} Zq"
        visitor = world.app.test_client()
        assert send_correction(visitor, token, cares_about="Our own words").status_code == 303
        world.speaks.setdefault(partner_name, set()).add(address)  # it replied through its link
        world.corrected.add(partner_name)
        world.check_new_mail()
        if partner["corrects"] == "approved":
            world.decide(newest_submission(), "approve")
            world.check_new_mail()


def invite_everyone_and_check(world: World, retire: bool):
    """Open the next wave, invite every candidate, retire one contact if drawn, remind, and
    open each invitation's prefilled form."""
    db.session.execute(sa.update(SurveyWave).values(status=WaveStatus.CLOSED))
    db.session.commit()
    factories.make_wave(slug="next")
    page = world.admin.get("/admin/waves/next/invite").get_data(as_text=True)
    offered = re.findall(r'name="invite" value="(partnership:\d+)"', page)
    preselected = set(re.findall(r'value="(partnership:\d+)"[^>]*\n\s*checked', page))
    names = {f"partnership:{org.id}": org.name for org in factories.Organization.query.all()}
    assert {names[key] for key in preselected} == {
        name for name in world.respondents if world.speaks.get(name)
    }
    assert not {names[key] for key in offered} & world.corrected  # never asked the survey
    if offered:
        token = csrf_from(world.admin, "/admin/waves/next/invite")
        sent = world.admin.post(
            "/admin/waves/next/invite", data={"csrf_token": token, "invite": offered, "pasted": ""}
        )
        assert sent.status_code == 303, sent.get_data(as_text=True)[-3000:]
    assert db.session.scalar(sa.select(sa.func.count(WaveInvitation.id))) == len(offered)
    by_org = {}
    for invitation in db.session.scalars(sa.select(WaveInvitation)):
        org, message = invitation.organization.name, invitation.message
        assert message.kind == "invitation" and message.to_address == invitation.email
        assert message.to_address in world.speaks.get(org, set()), (org, message.to_address)
        by_org[org] = message
    world.check_new_mail()
    if retire and by_org:
        org, message = sorted(by_org.items())[0]
        contact = db.session.scalar(
            sa.select(OrganizationContact).where(
                OrganizationContact.email == message.to_address,
                OrganizationContact.organization.has(name=org),
            )
        )
        token = csrf_from(world.admin, f"/admin/orgs/{contact.organization_id}/contacts")
        world.admin.post(f"/admin/contacts/{contact.id}/retire", data={"csrf_token": token})
        world.speaks[org].discard(message.to_address)
    token = csrf_from(world.admin, "/admin/waves/next/invite")
    world.admin.post("/admin/waves/next/reminders", data={"csrf_token": token})
    db.session.expire_all()
    for invitation in db.session.scalars(sa.select(WaveInvitation)):
        org, message = invitation.organization.name, invitation.message
        if message.kind == "reminder":
            assert message.to_address in world.speaks.get(org, set()), (org, message.to_address)
    world.check_new_mail()
    for org, message in by_org.items():
        link = INVITATION.search(sent_body(message)).group(1)
        invitee = world.app.test_client()
        start = invitee.post(f"{link}/start", data={"csrf_token": csrf_from(invitee, link)})
        assert start.status_code == 303
        form = invitee.get(f"{link}/survey").get_data(as_text=True)
        for owner, text in world.private:
            if text in form:
                assert owner == org and message.to_address in world.speaks[org], (owner, text)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same histories on every run, so CI is repeatable
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=HISTORY)
def test_private_answers_and_invitations_reach_verified_contacts_only(app, history):
    db.session.remove()
    empty_all_tables()
    factories.make_wave(slug="last")
    factories.make_user("moderator@example.org", factories.Role.MODERATOR)
    factories.make_user("admin@example.org", factories.Role.ADMIN)
    world = World(app)
    for index, answers in enumerate(history["organizations"]):
        org_name = f"Code for Place{index}"
        for number, answer in enumerate(answers):
            tell(world, org_name, number, answer, SurveyClient(app.test_client()))
    invite_everyone_and_check(world, history["retire"])
