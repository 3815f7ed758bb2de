"""Organization pages (/orgs/<slug>): approved answers wave by wave, and 404 for the rest."""

from datetime import date

import pytest

from app.extensions import db
from app.models import InvolvementTopic, OrgKind, OrgStatus, SubmissionStatus, WaveStatus
from tests import factories
from tests.helpers import count_queries, publish
from tests.network_builders import (
    ACTIVE,
    PAST,
    involvement,
    partnership,
    riverton_network,
)


def text(response) -> str:
    """Return a response's body as text."""
    return response.get_data(as_text=True)


@pytest.fixture
def riverton(app):
    """Return the organizations of two waves of answers around Code for Riverton."""
    return riverton_network()


def test_page_groups_answers_by_wave_newest_first(client, riverton):
    page = text(client.get("/orgs/code-for-riverton"))
    assert "<h1>Code for Riverton" in page and "Civic tech group (brigade) · Riverton, OR" in page
    newer, older = page.index('<h2 id="wave-2023-wave">'), page.index('<h2 id="wave-2021-wave">')
    assert newer < older
    recent, earlier = page[newer:older], page[older:]
    assert (
        '<a href="/orgs/riverton-library">Riverton Library</a> <span class="tag">Past</span>'
        in recent
    )
    assert "Library now cares about maker spaces" in recent and "Food access maps" in recent
    assert 'Named as a partner by <a href="/orgs/code-for-hillside">Code for Hillside</a>' in recent
    assert "Riverton cares about transit" in recent and "Met at a summit" in recent
    assert "Named as a local group by" in recent and 'href="/orgs/cascade-data-hub"' in recent
    assert "Library cared about e-books" in earlier and "Built in 2021" in earlier
    assert "Library now cares" not in earlier
    assert "Would like to learn more about" in earlier
    assert '<a href="/orgs/code-for-hillside">Code for Hillside</a>' in earlier
    assert "How to run a hackathon" in earlier


def test_page_shows_the_place_in_the_network(client, riverton):
    page = text(client.get("/orgs/code-for-riverton"))
    # 2021: library, learning interest in Hillside; 2023: library again (the same
    # relationship, counted once), food bank, Hillside, the hub.
    assert "<dt>Relationships</dt><dd>5</dd>" in page
    assert "<dt>Distinct partners</dt><dd>4</dd>" in page
    assert "<dd>Wave 2023-wave, Wave 2021-wave</dd>" in page
    assert 'href="/map?org=code-for-riverton"' in page
    assert 'href="/map/table?org=code-for-riverton"' in page


def test_page_shows_involvement_answers_with_local_groups_as_links(client, riverton):
    page = text(client.get("/orgs/cascade-data-hub"))
    assert "Extensive involvement with a local group" in page
    assert "<dt>Assistance provided</dt>\n      <dd>Data</dd>" in page
    assert "Other: Meeting times clash" in page and "Code for America Summit" in page
    assert "<dt>Wants a stronger relationship</dt><dd>Yes</dd>" in page
    assert (
        '<a href="/orgs/code-for-riverton">Code for Riverton</a>, '
        '<a href="/orgs/code-for-hillside">Code for Hillside</a>'
    ) in page
    assert "Private thoughts" not in page  # free comments stay with the moderators
    hillside = text(client.get("/orgs/code-for-hillside"))
    assert "Others who would like to learn from it" in hillside
    assert '<a href="/orgs/code-for-riverton">Code for Riverton</a>' in hillside


def test_unknown_or_pending_organization_is_a_friendly_404(client, riverton, open_wave):
    missing = client.get("/orgs/no-such-organization")
    assert missing.status_code == 404 and "Organization not found" in text(missing)
    pending = factories.make_org("Unreviewed Partner", OrgKind.NONPROFIT, status=OrgStatus.PENDING)
    partnership(open_wave, riverton["riverton"], [(pending, ACTIVE, "Seen", "Met")])
    assert client.get(f"/orgs/{pending.slug}").status_code == 404
    assert "Unreviewed Partner" not in text(client.get("/orgs/"))
    riverton_page = text(client.get("/orgs/code-for-riverton"))
    assert "Unreviewed Partner" in riverton_page  # an approved answer names it…
    assert f'href="/orgs/{pending.slug}"' not in riverton_page  # …but never links to it


@pytest.mark.parametrize(
    "status",
    [
        SubmissionStatus.PENDING,
        SubmissionStatus.REJECTED,
        SubmissionStatus.UNPUBLISHED,
        SubmissionStatus.CHANGES_REQUESTED,
        SubmissionStatus.SUPERSEDED,
    ],
)
def test_organization_named_only_in_unapproved_answers_has_no_page(client, open_wave, status):
    submitter = factories.make_org("Code for Quiet Town")
    partner = factories.make_org("Quiet Partner", OrgKind.NONPROFIT)
    partnership(open_wave, submitter, [(partner, ACTIVE, "QUIETMARK", "")], status=status)
    for org in (submitter, partner):
        assert client.get(f"/orgs/{org.slug}").status_code == 404
    assert "Quiet" not in text(client.get("/orgs/"))


def test_unapproved_answers_and_contacts_never_reach_these_pages(client, riverton, open_wave):
    secret_partner = factories.make_org("Partner HIDDENMARK", OrgKind.NONPROFIT)
    partnership(
        open_wave,
        riverton["riverton"],
        [
            (secret_partner, ACTIVE, "Priorities HIDDENMARK", "Built HIDDENMARK"),
            (riverton["library"], PAST, "Library HIDDENMARK", ""),
        ],
        interests=[(None, None, "Note HIDDENMARK")],
        status=SubmissionStatus.PENDING,
        contact_email="pending@private.example",
    )
    involvement(
        open_wave,
        riverton["hub"],
        [riverton["food"]],
        status=SubmissionStatus.REJECTED,
        choices=[(InvolvementTopic.BARRIER, "other", "Barrier HIDDENMARK")],
    )
    for url in (
        "/orgs/",
        "/orgs/?q=hidden",
        "/orgs/code-for-riverton",
        "/orgs/cascade-data-hub",
        "/orgs/riverton-library",
        "/orgs/westside-food-bank",
    ):
        page = text(client.get(url))
        assert "HIDDENMARK" not in page, url
        assert "private.example" not in page and "Casey Contact" not in page, url
    assert "Wave current" not in text(client.get("/orgs/code-for-riverton"))


def test_markup_in_names_and_answers_is_shown_as_text(client, open_wave):
    evil = factories.make_org("<img src=x onerror=alert(1)>")
    partner = factories.make_org('<b>Bold & "Co"</b>', OrgKind.BUSINESS)
    partnership(open_wave, evil, [(partner, ACTIVE, "<script>alert(2)</script>", "<i>x</i>")])
    pages = [
        text(client.get(url)) for url in ("/orgs/", f"/orgs/{evil.slug}", f"/orgs/{partner.slug}")
    ]
    for page in pages:
        assert "<img src=x" not in page and "<b>Bold" not in page and "<script>alert" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages[0]
    assert "&lt;b&gt;Bold &amp; &#34;Co&#34;&lt;/b&gt;" in pages[1]
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in pages[1]


def test_page_runs_the_same_queries_for_few_or_many_answers(client, riverton, open_wave):
    url = "/orgs/code-for-riverton"
    with count_queries() as small:
        client.get(url)
    for n in range(20):
        wave = factories.make_wave(
            slug=f"extra-{n}", status=WaveStatus.CLOSED, opens_on=date(2000 + n, 1, 1)
        )
        partners = [
            factories.make_org(f"Extra Partner {n}-{k}", OrgKind.NONPROFIT) for k in range(3)
        ]
        partnership(
            wave,
            riverton["riverton"],
            [(p, ACTIVE, "p", "h") for p in partners],
            interests=[(partners[0], partners[1], ""), (None, None, "note")],
        )
        partnership(wave, partners[2], [(riverton["riverton"], PAST, "x", "y")])
        involvement(
            wave,
            riverton["hub"],
            [riverton["riverton"]],
            choices=[(InvolvementTopic.EVENT, "cfa_summit", "")],
        )
    involvement(
        open_wave,
        riverton["riverton"],
        [riverton["hillside"]],
        choices=[(InvolvementTopic.ASSISTANCE, "data", "")],
    )
    db.session.expire_all()
    publish()  # as the services that change approved data do
    with count_queries() as large:
        page = text(client.get(url))
    assert "Extra Partner 19-2" in page and "Wave extra-0" in page
    assert len(large) == len(small)


def test_demo_data_shows_what_caltrans_cares_about(client, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    caltrans_priorities = (
        "Public participation in its open initiatives: work groups (trash monitoring), "
        "challenges (water quality) and open data on the state portal"
    )
    page = text(client.get("/orgs/code-for-sacramento"))
    assert '<a href="/orgs/caltrans">Caltrans</a> <span class="tag">Active</span>' in page
    assert caltrans_priorities in page
    assert "Joined Caltrans&#39; public-facing initiatives" in page
    caltrans = text(client.get("/orgs/caltrans"))
    assert 'Named as a partner by <a href="/orgs/code-for-sacramento">' in caltrans
    assert caltrans_priorities in caltrans
