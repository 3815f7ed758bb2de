"""The public wave list and each wave's report count approved answers only."""

import re

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    InvolvementLevel,
    Organization,
    OrgKind,
    SubmissionStatus,
    WaveStatus,
    WaveSurveys,
)
from app.orgs.merge import merge_organizations
from app.waves.baseline import load_baseline
from app.waves.reports import involvement_report, partnership_report
from tests import factories
from tests.wave_builders import involvement, partnerships

LEVELS = [
    (InvolvementLevel.LEADS, 5),
    (InvolvementLevel.EXTENSIVE, 11),
    (InvolvementLevel.SOME_CONTACT, 3),
    (InvolvementLevel.NONE, 6),
]


def seed_25(wave) -> None:
    """Store 25 approved answers, 5/11/3/6 by level, 16 provided assistance."""
    number = 0
    for level, how_many in LEVELS:
        for _ in range(how_many):
            number += 1
            involvement(
                wave,
                f"Intermediary {number}",
                level,
                assisted=level in (InvolvementLevel.LEADS, InvolvementLevel.EXTENSIVE),
                barriers=("irregular_meetings",) if number % 5 == 0 else (),
                events=("cfa_summit",) if number <= 10 else (),
            )


def org_named(name: str) -> Organization:
    """Return the organization called `name`."""
    return db.session.scalar(sa.select(Organization).where(Organization.name == name))


def cells(page: str) -> str:
    """Collapse whitespace so table rows can be matched."""
    return re.sub(r"\s+", " ", page)


def test_report_counts_and_percentages_by_level(app, client, open_wave):
    seed_25(open_wave)
    report = involvement_report(open_wave)
    assert report.total == 25
    assert [(row.count, row.percent) for row in report.levels] == [
        (5, 20), (11, 44), (3, 12), (6, 24),
    ]  # fmt: skip
    assert (report.assistance.count, report.assistance.percent) == (16, 64)
    assert [(row.label, row.count) for row in report.barriers] == [("Irregular group meetings", 5)]
    assert [(row.label, row.count) for row in report.events] == [("Code for America Summit", 10)]
    page = cells(client.get("/waves/current").get_data(as_text=True))
    for count, share in [(5, 20), (11, 44), (3, 12), (6, 24)]:
        assert f'<td class="number">{count}</td> <td class="number">{share}%</td>' in page
    # The chart beside the table: bars 44% and 20% of the room a full bar has (app/charts.py).
    assert 'class="chart-bar chart-bar-0" x="0" y="' in page
    assert 'width="132" height="14"' in page and 'width="60" height="14"' in page
    assert "25 approved answers" in page


def test_pending_and_rejected_answers_are_left_out(app, client, open_wave):
    seed_25(open_wave)
    for status in (SubmissionStatus.PENDING, SubmissionStatus.REJECTED):
        involvement(open_wave, f"Hidden {status.value}", InvolvementLevel.LEADS, status=status)
        partnerships(open_wave, f"Code for {status.value}", [("HIDDENPARTNER", OrgKind.NONPROFIT)],
                     status=status)  # fmt: skip
    assert involvement_report(open_wave).total == 25
    assert partnership_report(open_wave).relationships == 0
    page = client.get("/waves/current").get_data(as_text=True)
    assert "HIDDENPARTNER" not in page and "Hidden pending" not in page
    listing = cells(client.get("/waves/").get_data(as_text=True))
    assert '<td class="number">25</td>' in listing


def test_partnership_report(app, client, open_wave):
    partnerships(open_wave, "Code for A", [("City of A", OrgKind.GOVERNMENT),
                                           ("A Library", OrgKind.GOVERNMENT)],
                 priorities="Open data, digital literacy")  # fmt: skip
    partnerships(open_wave, "Code for B", [("City of A", OrgKind.GOVERNMENT),
                                           ("B Nonprofit", OrgKind.NONPROFIT)],
                 priorities="open data")  # fmt: skip
    report = partnership_report(open_wave)
    assert (report.organizations, report.partners, report.relationships) == (2, 3, 4)
    assert [(row.label, row.count) for row in report.by_kind] == [
        ("Government", 3), ("Nonprofit", 1),
    ]  # fmt: skip
    page = client.get("/waves/current").get_data(as_text=True)
    assert "Relationships by partner kind" in page
    # What matters to partners is counted by theme, no longer in fragments of the free text.
    assert "Relationships by theme, most named first" in page and "Times named" not in page


def test_a_partner_named_twice_after_a_merge_is_one_relationship(app, client, open_wave):
    partnerships(open_wave, "Code for C", [("City of C", OrgKind.GOVERNMENT),
                                           ("C City Hall", OrgKind.GOVERNMENT)])  # fmt: skip
    moderator = factories.make_user("merger@example.org", factories.Role.MODERATOR)
    merge_organizations(org_named("C City Hall"), org_named("City of C"), moderator)
    report = partnership_report(open_wave)
    assert (report.partners, report.relationships) == (1, 1)
    page = client.get("/waves/current").get_data(as_text=True)
    assert "<dt>Relationships</dt><dd>1</dd>" in page


def test_wave_list_links_every_wave_newest_first(app, client, open_wave):
    factories.make_wave(slug="older", status=WaveStatus.CLOSED, surveys=WaveSurveys.INVOLVEMENT,
                        opens_on=open_wave.opens_on.replace(year=2020))  # fmt: skip
    page = client.get("/waves/").get_data(as_text=True)
    assert page.index('href="/waves/current"') < page.index('href="/waves/older"')
    assert client.get("/waves/no-such-wave").status_code == 404


def test_involvement_wave_shows_2014_published_beside_it(app, client, open_wave):
    load_baseline()
    seed_25(open_wave)
    report = involvement_report(open_wave)
    assert report.has_baseline
    assert [row.baseline for row in report.levels] == [20, 44, 12, 24]
    page = client.get("/waves/current").get_data(as_text=True)
    assert "2014 published" in page
