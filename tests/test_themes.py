"""Themes of question 2: chosen in the survey, corrected by moderators, edited by admins,
given to the demo answers, filtered on the map and counted in the wave report."""

import re

import sqlalchemy as sa

from app.audit import Action
from app.demo import load_demo_data
from app.extensions import db
from app.models import (
    AuditEvent,
    OrgKind,
    PartnershipAnswer,
    SubmissionStatus,
    Theme,
)
from app.network import current_revision
from app.themes import catalogue
from app.themes.catalogue import ensure_seeded_themes, themes_by_slug
from app.waves.themes import theme_rows
from tests import factories
from tests.helpers import count, newest_submission, publish
from tests.moderation_helpers import csrf_from, events, fresh


def _themes_of(answer: PartnershipAnswer) -> list[str]:
    return [theme.slug for theme in answer.themes]


def _approved(wave, brigade: str, partner: str, slugs: list[str], status=SubmissionStatus.APPROVED):
    """Store a submission naming one partner with these themes."""
    submission = factories.make_partnership(
        wave, factories.make_org(brigade), factories.make_org(partner, OrgKind.NONPROFIT),
        status=status,
    )  # fmt: skip
    submission.partnerships[0].themes = themes_by_slug(slugs)
    db.session.commit()
    publish()
    return submission


def test_themes_ticked_in_the_survey_are_stored(app, surveys, open_wave):
    ensure_seeded_themes()
    db.session.commit()
    page = surveys.client.get("/surveys/partnership").get_data(as_text=True)
    assert 'name="partners-0-themes" type="checkbox" value="housing"' in page
    response = surveys.partnership(**{"partners-0-themes": ["housing", "food"]})
    assert response.status_code == 303
    answer = newest_submission().partnerships[0]
    assert _themes_of(answer) == ["food", "housing"]  # in the list's order


def test_a_theme_not_offered_is_refused_and_nothing_is_stored(app, surveys, open_wave):
    ensure_seeded_themes()
    db.session.commit()
    response = surveys.partnership(**{"partners-0-themes": ["housing", "astrology"]})
    assert response.status_code == 422
    assert "Tick themes from the list; one of these is not offered." in response.get_data(
        as_text=True
    )
    assert count(PartnershipAnswer) == 0


def test_a_moderator_corrects_the_themes_with_an_audit_line(app, client, surveys, auth, moderator,
                                                            open_wave):  # fmt: skip
    ensure_seeded_themes()
    db.session.commit()
    surveys.partnership(**{"partners-0-themes": ["housing"]})
    submission = newest_submission()
    auth.login()
    url = f"/moderation/submissions/{submission.id}/edit"
    assert re.search(r'<input checked [^>]*value="housing"', client.get(url).get_data(as_text=True))
    data = factories.partnership_form(**{"partners-0-themes": ["education", "health"]})
    data |= {"csrf_token": csrf_from(client, url), "seen_version": submission.version}
    response = client.post(url, data=data)
    assert response.status_code == 303
    assert _themes_of(fresh(submission.id).partnerships[0]) == ["education", "health"]
    edit = events(submission.id, Action.MODERATOR_EDIT.value)[-1]
    assert edit.note == "themes: Testville Public Library: housing → education, health"
    review = client.get(f"/moderation/submissions/{submission.id}").get_data(as_text=True)
    assert "Education" in review and "Health" in review


def test_admins_add_rename_and_retire_themes(app, client, surveys, auth, admin, open_wave):
    ensure_seeded_themes()
    db.session.commit()
    kept = _approved(open_wave, "Code for Oldtown", "Oldtown Tenants", ["housing"])
    auth.login("admin@example.org")
    page = "/admin/themes"
    assert client.get(page).status_code == 200
    revision = current_revision()

    add = client.post(page, data={"csrf_token": csrf_from(client, page), "add-label": "Elections"})
    assert add.status_code == 303
    elections = db.session.scalar(sa.select(Theme).filter_by(slug="elections"))
    assert elections.label == "Elections" and elections.active
    assert current_revision() == revision + 1

    again = client.post(
        page, data={"csrf_token": csrf_from(client, page), "add-label": "elections"}
    )
    assert again.status_code == 422
    assert "A theme called “Elections” exists already." in again.get_data(as_text=True)
    empty = client.post(page, data={"csrf_token": csrf_from(client, page), "add-label": " "})
    assert empty.status_code == 422 and count(Theme) == 14

    token = csrf_from(client, page)
    rename = client.post(
        f"{page}/{elections.id}/rename", data={"csrf_token": token, "label": "Voting"}
    )
    assert rename.status_code == 303
    db.session.refresh(elections)
    assert (elections.slug, elections.label) == ("elections", "Voting")

    housing = db.session.scalar(sa.select(Theme).filter_by(slug="housing"))
    retire = client.post(
        f"{page}/{housing.id}/retire", data={"csrf_token": csrf_from(client, page)}
    )
    assert retire.status_code == 303
    db.session.refresh(housing)
    assert not housing.active
    assert _themes_of(fresh(kept.id).partnerships[0]) == ["housing"]  # old answers keep it
    auth.logout()
    form = surveys.client.get("/surveys/partnership").get_data(as_text=True)
    assert 'value="housing"' not in form and 'value="elections"' in form
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.action.like("theme.%"))
    ).all()
    assert actions == ["theme.add", "theme.rename", "theme.retire"]
    # The retired theme still filters the map: old answers are kept with it.
    graph = client.get("/api/graph?theme=housing").get_json()
    assert [edge["data"]["themes"] for edge in graph["elements"]["edges"]] == [["housing"]]


def test_moderators_cannot_edit_themes(app, client, auth, moderator):
    auth.login()
    assert client.get("/admin/themes").status_code == 403


def test_the_graph_filters_by_theme_and_refuses_unknown_ones(app, client, open_wave):
    ensure_seeded_themes()
    db.session.commit()
    _approved(open_wave, "Code for Oldtown", "Oldtown Tenants", ["housing", "justice"])
    _approved(open_wave, "Code for Newtown", "Newtown Pantry", ["food"])
    _approved(open_wave, "Code for Waiting", "Waiting Homes", ["housing"],
              status=SubmissionStatus.PENDING)  # fmt: skip
    everything = client.get("/api/graph").get_json()
    assert len(everything["elements"]["edges"]) == 2
    housing = client.get("/api/graph?theme=housing").get_json()
    edges = housing["elements"]["edges"]
    assert [edge["data"]["themes"] for edge in edges] == [["justice", "housing"]]  # list order
    labels = {
        node["data"]["label"]: node["data"]["themes"] for node in housing["elements"]["nodes"]
    }
    assert labels == {"Code for Oldtown": [], "Oldtown Tenants": ["justice", "housing"]}
    assert housing["filters"]["theme"] == ["housing"]
    assert housing["themes"] == {"housing": "Housing", "justice": "Justice and legal aid"}
    both = client.get("/api/graph?theme=housing,food").get_json()
    assert len(both["elements"]["edges"]) == 2
    unknown = client.get("/api/graph?theme=astrology")
    assert unknown.status_code == 400
    assert "Unknown theme 'astrology'." in unknown.get_data(as_text=True)
    page = client.get("/map?theme=astrology")
    assert page.status_code == 400 and "Unknown theme" in page.get_data(as_text=True)
    assert 'id="map-theme-housing"' in client.get("/map").get_data(as_text=True)


def test_seeded_labels_go_through_the_catalogue_and_added_ones_are_shown_as_written(
    app, monkeypatch
):
    monkeypatch.setattr(catalogue, "gettext", lambda text: f"[es] {text}")
    assert catalogue.theme_label("housing", "Housing") == "[es] Housing"
    assert catalogue.theme_label("housing", "Homes and tenants") == "Homes and tenants"  # renamed
    assert catalogue.theme_label("elections", "Elections") == "Elections"  # an admin's


def test_the_report_counts_themes_of_approved_answers_only(app, client, open_wave):
    ensure_seeded_themes()
    db.session.commit()
    _approved(open_wave, "Code for Oldtown", "Oldtown Tenants", ["housing", "justice"])
    _approved(open_wave, "Code for Newtown", "Newtown Homes", ["housing"])
    _approved(open_wave, "Code for Third", "Third Garden", [])
    _approved(open_wave, "Code for Waiting", "Waiting Pantry", ["food", "housing"],
              status=SubmissionStatus.PENDING)  # fmt: skip
    counts = theme_rows(open_wave)
    assert (counts.relationships, counts.with_themes) == (3, 2)
    assert [(row.label, row.count, row.percent) for row in counts.rows] == [
        ("Housing", 2, 67),
        ("Justice and legal aid", 1, 33),
    ]
    page = client.get(f"/waves/{open_wave.slug}").get_data(as_text=True)
    assert "Relationships by theme, most named first" in page
    assert "Food" not in page.split("Relationships by theme")[1]


def test_the_demo_answers_get_themes_and_seeding_twice_adds_nothing(app):
    load_demo_data()
    caltrans = db.session.scalar(
        sa.select(PartnershipAnswer).join(PartnershipAnswer.partner).filter_by(name="Caltrans")
    )
    assert _themes_of(caltrans) == ["open-data", "civic-participation", "environment",
                                    "transportation"]  # fmt: skip
    links = db.session.scalar(sa.text("SELECT count(*) FROM partnership_answer_theme"))
    assert links > 30 and count(Theme) == 13
    load_demo_data()
    assert db.session.scalar(sa.text("SELECT count(*) FROM partnership_answer_theme")) == links
    assert count(Theme) == 13


def test_the_partnerships_download_lists_the_themes_and_filters_by_them(app, client, open_wave):
    ensure_seeded_themes()
    db.session.commit()
    _approved(open_wave, "Code for Oldtown", "Oldtown Tenants", ["housing", "justice"])
    _approved(open_wave, "Code for Newtown", "Newtown Pantry", ["food"])
    text = client.get("/downloads/partnerships.csv?theme=food").get_data(as_text=True)
    lines = text.strip().splitlines()
    assert len(lines) == 2 and "Newtown Pantry" in lines[1] and ",food," in lines[1]
    everything = client.get("/downloads/partnerships.csv").get_data(as_text=True)
    assert ",justice; housing," in everything


def test_a_rename_to_a_name_in_use_is_refused(app, client, auth, admin):
    ensure_seeded_themes()
    db.session.commit()
    auth.login("admin@example.org")
    food = db.session.scalar(sa.select(Theme).filter_by(slug="food"))
    page = "/admin/themes"
    token = csrf_from(client, page)
    refused = client.post(f"{page}/{food.id}/rename", data={"csrf_token": token, "label": "health"})
    assert refused.status_code == 422
    assert "A theme called “Health” exists already." in refused.get_data(as_text=True)
    db.session.refresh(food)
    assert food.label == "Food"
    assert count(AuditEvent) == 1  # the sign-in only


def test_correcting_answers_keeps_a_retired_theme(app, client, surveys, auth, moderator, open_wave):
    ensure_seeded_themes()
    db.session.commit()
    surveys.partnership(**{"partners-0-themes": ["housing"]})
    submission = newest_submission()
    housing = db.session.scalar(sa.select(Theme).filter_by(slug="housing"))
    housing.active = False
    db.session.commit()
    auth.login()
    url = f"/moderation/submissions/{submission.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert "Housing (retired)" in page
    data = factories.partnership_form(**{"partners-0-themes": ["housing", "food"]})
    data |= {"csrf_token": csrf_from(client, url), "seen_version": submission.version}
    assert client.post(url, data=data).status_code == 303
    assert _themes_of(fresh(submission.id).partnerships[0]) == ["food", "housing"]


def test_an_organizations_page_shows_its_partnerships_themes(app, client, open_wave):
    ensure_seeded_themes()
    db.session.commit()
    submission = _approved(open_wave, "Code for Oldtown", "Oldtown Tenants", ["housing"])
    page = client.get(f"/orgs/{submission.organization.slug}").get_data(as_text=True)
    assert '<span class="tag">Housing</span>' in page
