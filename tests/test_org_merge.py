"""Likely duplicates, and merging one organization into another."""

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Organization, OrganizationAlias, OrgKind, OrgStatus
from app.orgs.duplicates import likely_duplicates
from tests import factories
from tests.helpers import count_queries, newest_submission
from tests.moderation_helpers import csrf_from


def test_duplicates_by_name_spelling_and_city(app):
    known = factories.make_org("Code for Sacramento", city="Sacramento", state="CA")
    # 76% alike: a likely duplicate in the same city, not elsewhere.
    same_city = factories.make_org("Code Sacramento Hub", city="Sacramento", state="CA")
    elsewhere = factories.make_org("Code Sacramento Hub", city="Fresno", state="CA")
    factories.make_org("Open Oakland", city="Oakland", state="CA")
    typo = factories.make_org(
        "Code for Sacramnto", status=OrgStatus.PENDING, city="Sacramento", state="CA"
    )
    found = {c.organization.id: c.reason for c in likely_duplicates(typo)}
    assert found == {
        known.id: "close spelling (97% alike)",
        same_city.id: "same city, similar name (76%)",
    }
    assert elsewhere.id not in found


def test_a_name_inside_another_is_a_likely_duplicate(app):
    caltrans = factories.make_org("Caltrans", OrgKind.GOVERNMENT)
    factories.make_org("City", OrgKind.GOVERNMENT)  # too short to count
    district = factories.make_org("Caltrans District 3", status=OrgStatus.PENDING)
    found = likely_duplicates(district)
    assert [(c.organization.id, c.reason) for c in found] == [
        (caltrans.id, "one name contains the other")
    ]


def test_merge_moves_answers_keeps_an_alias_and_is_audited(
    client, auth, moderator, surveys, open_wave
):
    known = factories.make_org("Caltrans", OrgKind.GOVERNMENT)
    surveys.partnership(**{"partners-0-name": "CalTrans District 3"})
    submission = newest_submission()
    typo = submission.partnerships[0].partner
    typo_id = typo.id
    assert typo.status is OrgStatus.PENDING
    auth.login()
    review = client.get(f"/moderation/submissions/{submission.id}").get_data(as_text=True)
    assert "CalTrans District 3" in review and "New organizations in these answers" in review
    org_page = f"/moderation/organizations/{typo_id}"
    data = {"csrf_token": csrf_from(client, "/moderation/"), "target_id": known.id}
    response = client.post(f"{org_page}/merge", data=data)
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Organization, typo_id) is None
    assert newest_submission().partnerships[0].partner_id == known.id
    alias = db.session.scalars(sa.select(OrganizationAlias)).one()
    assert (alias.organization_id, alias.name) == (known.id, "CalTrans District 3")
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "organization.merge")
    ).one()
    assert event.actor_id == moderator.id and "CalTrans District 3" in event.note
    # A later answer that uses the old name finds the merged organization.
    surveys.partnership(org_name="Code for Elsewhere", **{"partners-0-name": "Caltrans District 3"})
    assert newest_submission().partnerships[0].partner_id == known.id


def test_an_organization_cannot_merge_into_itself(client, auth, moderator, open_wave):
    org = factories.make_org("Lonely Org")
    auth.login()
    page = f"/moderation/organizations/{org.id}"
    data = {"csrf_token": csrf_from(client, "/moderation/"), "target_id": org.id}
    followed = client.post(f"{page}/merge", data=data, follow_redirects=True)
    assert "cannot be merged into itself" in followed.get_data(as_text=True)
    assert db.session.get(Organization, org.id) is not None


def test_a_former_name_finds_the_organization_it_was_merged_into(app):
    hub = factories.make_org("Sacramento Data Hub")
    db.session.add(OrganizationAlias(organization_id=hub.id, name="Capital Region Data",
                                     name_key="capital region data"))  # fmt: skip
    db.session.commit()
    newcomer = factories.make_org("Capitol Region Data", status=OrgStatus.PENDING)
    found = {c.organization.id: c.reason for c in likely_duplicates(newcomer)}
    assert found == {hub.id: "close spelling (95% alike)"}


def test_the_review_page_costs_the_same_queries_at_any_size(
    client, auth, moderator, surveys, open_wave
):
    auth.login()
    counts = []
    for size in (3, 60):
        for number in range(size):
            factories.make_org(f"Background Group {size} {number}")
        surveys.partnership(**{
            "org_name": f"Code for Newplace {size}",
            "partners-0-name": f"Newplace Library {size}", "partners-0-kind": "government",
            "partners-1-name": f"Newplace Council {size}", "partners-1-kind": "government",
            "partners-1-status": "active",
        })  # fmt: skip
        submission = newest_submission()
        with count_queries() as statements:
            page = client.get(f"/moderation/submissions/{submission.id}")
        assert page.status_code == 200
        assert "New organizations in these answers" in page.get_data(as_text=True)
        counts.append(len(statements))
    assert counts[0] == counts[1]
