"""Per-wave CSV downloads: each wave's approved answers, one file per survey, public data only."""

import csv
import io
from datetime import date

import pytest

from app.extensions import db
from app.models import (
    Continuity,
    InvolvementLevel,
    InvolvementTopic,
    OrgKind,
    OrgStatus,
    WaveStatus,
    WaveSurveys,
)
from app.models import SubmissionStatus as Status
from app.waves.baseline import load_baseline
from tests import factories
from tests.helpers import count_queries, newest_submission, publish
from tests.moderation_helpers import decide
from tests.network_builders import ACTIVE, PAST, PROSPECTIVE, involvement, partnership
from tests.test_public_visibility import public_urls

HIDDEN = [Status.PENDING, Status.REJECTED, Status.CHANGES_REQUESTED, Status.UNPUBLISHED,
          Status.SUPERSEDED]  # fmt: skip
HEAD = ["wave", "wave_name", "organization", "organization_kind", "organization_city",
        "organization_state"]  # fmt: skip
PARTNERSHIP_HEAD = [*HEAD, "question", "partner", "partner_kind", "relationship_status",
                    "continuity", "priorities", "how_built", "learn_from_organization",
                    "learn_from_partner", "learn_from_text"]  # fmt: skip
INVOLVEMENT_HEAD = [*HEAD, "involvement_level", "provided_assistance", "assistance", "barriers",
                    "events", "wants_stronger_relationship", "local_groups"]  # fmt: skip


def table(client, url: str) -> list[list[str]]:
    """Download a CSV file and return its rows, header first."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.data.decode("utf-8"))))


def url(slug: str, survey: str) -> str:
    """Return the address of one wave's file."""
    return f"/downloads/waves/{slug}/{survey}.csv"


@pytest.fixture
def waves(app) -> dict:
    """Store approved answers in a closed 2021 wave and an open 2023 wave; return the orgs."""
    old = factories.make_wave(slug="w2021", status=WaveStatus.CLOSED, opens_on=date(2021, 3, 1),
                              closes_on=date(2021, 4, 1))  # fmt: skip
    new = factories.make_wave(slug="w2023", opens_on=date(2023, 3, 1))
    make = factories.make_org
    orgs = {
        "riverton": make("Code for Riverton", city="Riverton", state="OR"),
        "hillside": make("Código Hillside", city="Hillside", state="WA"),
        "library": make("Riverton Library", OrgKind.GOVERNMENT, city="Riverton", state="OR"),
        "food": make("Westside Food Bank", OrgKind.NONPROFIT, state="OR"),
        "hub": make("Cascade Data Hub", OrgKind.NNIP_PARTNER, city="Salem", state="OR"),
    }
    partnership(old, orgs["riverton"], [(orgs["library"], ACTIVE, "E-books", "Built in 2021")],
                interests=[(orgs["hillside"], None, ""), (None, None, "How to run a hackathon")],
                contact_email="riverton-2021@private.example")  # fmt: skip
    again = partnership(new, orgs["riverton"], [
        (orgs["library"], PAST, "Maker spaces", "Old ties"),
        (orgs["food"], ACTIVE, "Food access maps", "Volunteered"),
    ], interests=[(orgs["hillside"], orgs["riverton"], "")])  # fmt: skip
    again.partnerships[0].continuity = Continuity.CONTINUING
    again.partnerships[1].continuity = Continuity.NEW
    db.session.commit()
    partnership(new, orgs["hillside"], [(orgs["riverton"], PROSPECTIVE, "Transit", "A summit")])
    involvement(old, orgs["hub"], [], level=InvolvementLevel.SOME_CONTACT)
    involvement(new, orgs["hub"], [orgs["riverton"], orgs["hillside"]], choices=[
        (InvolvementTopic.ASSISTANCE, "data", ""),
        (InvolvementTopic.ASSISTANCE, "meeting_space", ""),
        (InvolvementTopic.BARRIER, "other", "Meeting times clash"),
        (InvolvementTopic.EVENT, "cfa_summit", ""),
    ], comments="Private thoughts", contact_email="hub@private.example")  # fmt: skip
    return orgs


def test_partnership_files_hold_each_waves_answers(client, waves):
    riverton = ["Code for Riverton", "brigade", "Riverton", "OR"]
    hillside = ["Código Hillside", "brigade", "Hillside", "WA"]
    assert table(client, url("w2021", "partnership")) == [
        PARTNERSHIP_HEAD,
        ["w2021", "Wave w2021", *riverton, "partner", "Riverton Library", "government", "active",
         "", "E-books", "Built in 2021", "", "", ""],
        ["w2021", "Wave w2021", *riverton, "learn_from", "", "", "", "", "", "",
         "Código Hillside", "", ""],
        ["w2021", "Wave w2021", *riverton, "learn_from", "", "", "", "", "", "", "", "",
         "How to run a hackathon"],
    ]  # fmt: skip
    assert table(client, url("w2023", "partnership")) == [
        PARTNERSHIP_HEAD,
        ["w2023", "Wave w2023", *riverton, "partner", "Riverton Library", "government", "past",
         "continuing", "Maker spaces", "Old ties", "", "", ""],
        ["w2023", "Wave w2023", *riverton, "partner", "Westside Food Bank", "nonprofit", "active",
         "new", "Food access maps", "Volunteered", "", "", ""],
        ["w2023", "Wave w2023", *riverton, "learn_from", "", "", "", "", "", "",
         "Código Hillside", "Code for Riverton", ""],
        ["w2023", "Wave w2023", *hillside, "partner", "Code for Riverton", "brigade",
         "prospective", "", "Transit", "A summit", "", "", ""],
    ]  # fmt: skip


def test_involvement_files_hold_each_waves_answers(client, waves):
    hub = ["Cascade Data Hub", "nnip_partner", "Salem", "OR"]
    assert table(client, url("w2021", "involvement")) == [
        INVOLVEMENT_HEAD,
        ["w2021", "Wave w2021", *hub, "some_contact", "yes", "", "", "", "yes", ""],
    ]
    assert table(client, url("w2023", "involvement")) == [
        INVOLVEMENT_HEAD,
        ["w2023", "Wave w2023", *hub, "extensive", "yes", "data; meeting_space",
         "other: Meeting times clash", "cfa_summit", "yes", "Code for Riverton; Código Hillside"],
    ]  # fmt: skip


def test_files_are_utf8_attachments_named_after_the_wave(client, waves):
    for survey in ("partnership", "involvement"):
        response = client.get(url("w2023", survey))
        assert response.headers["Content-Disposition"] == (
            f'attachment; filename="constellation-w2023-{survey}.csv"'
        )
        assert "Código Hillside".encode() in response.data


def test_only_approved_answers_of_public_organizations_and_no_contact(client, waves):
    wave = db.session.scalar(db.select(factories.SurveyWave).filter_by(slug="w2023"))
    for status in HIDDEN:
        marker = f"HIDDEN{status.value.upper()}"
        brigade = factories.make_org(f"Code for {marker}")
        partner = factories.make_org(f"Partner {marker}", OrgKind.NONPROFIT)
        partnership(
            wave,
            brigade,
            [(partner, ACTIVE, marker, marker)],
            status=status,
            interests=[(None, None, marker)],
            contact_email=f"{marker}@hidden.example",
        )
        partnership(wave, waves["riverton"], [(partner, ACTIVE, marker, marker)], status=status)
        involvement(wave, waves["hub"], [brigade], status=status, comments=marker,
                    contact_email=f"{marker}@hidden.example")  # fmt: skip
    unreviewed = factories.make_org("UNREVIEWED Group", status=OrgStatus.PENDING)
    partnership(wave, waves["hillside"], [(unreviewed, ACTIVE, "UNREVIEWED", "")],
                interests=[(unreviewed, None, "")])  # fmt: skip
    involvement(wave, waves["hub"], [unreviewed])
    for survey in ("partnership", "involvement"):
        body = client.get(url("w2023", survey)).get_data(as_text=True)
        assert "Code for Riverton" in body
        for secret in ("HIDDEN", "UNREVIEWED", "private.example", "Casey Contact",
                       "Private thoughts", "staff"):  # fmt: skip
            assert secret not in body, (survey, secret)
    involvement_rows = table(client, url("w2023", "involvement"))
    assert involvement_rows[-1][-1] == ""  # the unreviewed group is left out of the list


def test_cells_that_look_like_formulas_are_defused(client, open_wave):
    evil = factories.make_org('=HYPERLINK("http://evil.example","x")')
    partner = factories.make_org("@SUM(A1:A9)", OrgKind.NONPROFIT)
    partnership(open_wave, evil, [(partner, ACTIVE, "+1 more", "-2 less")],
                interests=[(None, None, "=cmd|' /C calc'!A0")])  # fmt: skip
    involvement(factories.make_wave(slug="other"), partner, [evil])
    header, partner_row, note_row = table(client, url("current", "partnership"))
    cells = dict(zip(header, partner_row, strict=True))
    assert cells["organization"] == '\'=HYPERLINK("http://evil.example","x")'
    assert (cells["partner"], cells["priorities"], cells["how_built"]) == (
        "'@SUM(A1:A9)",
        "'+1 more",
        "'-2 less",
    )
    assert note_row[-1] == "'=cmd|' /C calc'!A0"
    header, row = table(client, url("other", "involvement"))
    cells = dict(zip(header, row, strict=True))
    assert cells["organization"] == "'@SUM(A1:A9)"
    assert cells["local_groups"] == '\'=HYPERLINK("http://evil.example","x")'


@pytest.mark.parametrize(
    ("slug", "survey"),
    [
        ("no-such-wave", "partnership"),
        ("no-such-wave", "involvement"),
        ("draft", "partnership"),
        ("draft", "involvement"),
        ("partnership-only", "involvement"),
        ("involvement-only", "partnership"),
        ("2014-nnip-civic-tech", "involvement"),  # published totals only
        ("2014-nnip-civic-tech", "partnership"),
    ],
)
def test_files_a_wave_does_not_have_are_not_found(client, app, slug, survey):
    factories.make_wave(slug="draft", status=WaveStatus.DRAFT)
    factories.make_wave(slug="partnership-only", surveys=WaveSurveys.PARTNERSHIP)
    factories.make_wave(slug="involvement-only", surveys=WaveSurveys.INVOLVEMENT)
    load_baseline()
    db.session.commit()
    assert client.get(url(slug, survey)).status_code == 404


def test_query_count_does_not_grow_with_the_answers(client, open_wave):
    hub = factories.make_org("Hub", OrgKind.NNIP_PARTNER)

    def add(first: int, last: int) -> None:
        """Store partnership and involvement answers from brigades numbered first..last."""
        for n in range(first, last):
            brigade = factories.make_org(f"Code for Town {n}")
            partner = factories.make_org(f"Partner {n}", OrgKind.NONPROFIT)
            partnership(open_wave, brigade, [(partner, ACTIVE, "", "")],
                        interests=[(hub, None, ""), (None, None, "Grants")])  # fmt: skip
            involvement(open_wave, factories.make_org(f"Hub {n}", OrgKind.NNIP_PARTNER), [brigade],
                        choices=[(InvolvementTopic.EVENT, "cfa_summit", "")])  # fmt: skip
        publish()  # as the services that change approved data do

    def queries(survey: str, rows: int) -> int:
        """Download a file, check its number of rows, and return how many queries it took."""
        with count_queries() as statements:
            assert len(table(client, url("current", survey))) == rows + 1
        return len(statements)

    add(0, 2)
    few = (queries("partnership", 6), queries("involvement", 2))
    add(2, 12)
    assert (queries("partnership", 36), queries("involvement", 12)) == few


def test_an_approval_shows_on_the_next_download(client, auth, moderator, surveys, open_wave):
    tag = client.get(url("current", "partnership")).headers["ETag"]

    def again():
        """Ask for the file again, saying which version the client holds."""
        return client.get(url("current", "partnership"), headers={"If-None-Match": tag})

    assert again().status_code == 304
    surveys.partnership()
    submission = newest_submission()
    assert again().status_code == 304  # waiting for review: nothing public changed
    auth.login()
    assert decide(client, submission.id, "approve", submission.version).status_code == 303
    after = again()
    assert after.status_code == 200
    assert "Testville Public Library" in after.get_data(as_text=True)
    assert "riley@example.org" not in after.get_data(as_text=True)


def test_downloads_page_lists_waves_and_their_files(client, waves):
    factories.make_wave(slug="draft", status=WaveStatus.DRAFT)
    factories.make_wave(slug="partnership-only", surveys=WaveSurveys.PARTNERSHIP,
                        status=WaveStatus.CLOSED, opens_on=date(2022, 3, 1))  # fmt: skip
    load_baseline()
    db.session.commit()
    page = client.get("/downloads/").get_data(as_text=True)
    assert "By wave" in page and "Wave draft" not in page
    order = [page.index(name) for name in
             ("Wave w2023", "Wave w2021", "2014 NNIP Civic Tech Survey")]  # fmt: skip
    assert order == sorted(order)  # newest first
    for slug in ("w2021", "w2023"):
        for survey in ("partnership", "involvement"):
            assert f'href="{url(slug, survey)}"' in page
    assert f'href="{url("partnership-only", "partnership")}"' in page
    assert url("partnership-only", "involvement") not in page
    assert "2014-07-01 to 2014-07-31" in page
    assert "published totals only" in page and 'href="/waves/2014-nnip-civic-tech"' in page
    assert "/downloads/waves/2014-nnip-civic-tech/" not in page
    for column in ("question", "learn_from_text", "involvement_level", "local_groups"):
        assert f"<code>{column}</code>" in page


def test_wave_reports_link_their_files(client, waves):
    load_baseline()
    db.session.commit()
    report = client.get("/waves/w2023").get_data(as_text=True)
    assert f'href="{url("w2023", "partnership")}"' in report
    assert f'href="{url("w2023", "involvement")}"' in report
    baseline = client.get("/waves/2014-nnip-civic-tech").get_data(as_text=True)
    assert "/downloads/waves/" not in baseline


def test_the_public_visibility_walk_fetches_the_wave_files(app):
    urls = public_urls(app, {"slug": [], "edge_id": [], "wave_slug": ["current"]})
    assert {url("current", "partnership"), url("current", "involvement")} <= set(urls)
