"""A draft wave is nowhere public; open and closed waves are everywhere a wave is shown.

The one rule is app/waves/rules.py. This walks every public page, report, download and
filter with one wave of each status and finds them consistent.
"""

from datetime import date, timedelta

import pytest

from app.models import OrgKind, WaveStatus
from tests import factories
from tests.test_public_visibility import public_urls

# Distinctive slugs and names, so that finding one in a page means the wave is shown.
WAVES = {
    WaveStatus.CLOSED: ("closedwaveslug", "Closedwave Name"),
    WaveStatus.OPEN: ("openwaveslug", "Openwave Name"),
    WaveStatus.DRAFT: ("draftwaveslug", "Draftwave Name"),
}
DRAFT_SLUG, DRAFT_NAME = WAVES[WaveStatus.DRAFT]
FILTERED = [
    *(
        f"{page}?{name}={{}}"
        for page in ("/map", "/map/table", "/api/graph")
        for name in ("wave", "since")
    ),
    "/waves/compare?from={}&to={}",
]


@pytest.fixture
def three_waves(app):
    """Store a closed, an open and a draft wave; the first two hold approved answers."""
    today = date.today()
    for number, (status, (slug, name)) in enumerate(WAVES.items()):
        wave = factories.make_wave(
            slug=slug, status=status, opens_on=today - timedelta(days=300 - 100 * number)
        )
        wave.name = name
        if status is not WaveStatus.DRAFT:
            brigade = factories.make_org(f"Code for Place {number}")
            partner = factories.make_org(f"City of Place {number}", OrgKind.GOVERNMENT)
            factories.make_partnership(wave, brigade, partner)
    return app


def test_no_public_page_names_a_draft_wave(app, client, three_waves):
    slugs = [slug for slug, _name in WAVES.values()]
    urls = public_urls(app, {"slug": ["code-for-place-0"], "edge_id": ["p1"], "wave_slug": []})
    urls += [url.format(slug, slug) for url in FILTERED for slug in slugs]
    for url in urls:
        for language in ("en", "es"):
            response = client.get(url, headers={"Accept-Language": language})
            assert response.status_code < 500, url
            page = response.get_data(as_text=True)
            assert DRAFT_NAME not in page, f"{url} ({language}) names the draft wave"
            if DRAFT_SLUG not in url:  # a page may repeat its own address (language links)
                assert DRAFT_SLUG not in page, f"{url} links to the draft wave"


@pytest.mark.parametrize(
    "path",
    [
        "/waves/{}",
        "/waves/{}/insights",
        "/downloads/waves/{}/partnership.csv",
        "/downloads/waves/{}/involvement.csv",
    ],
)
@pytest.mark.parametrize("status", list(WAVES))
def test_a_wave_has_pages_exactly_when_it_is_public(client, three_waves, path, status):
    slug, _name = WAVES[status]
    expected = 200 if status is not WaveStatus.DRAFT else 404
    assert client.get(path.format(slug)).status_code == expected


@pytest.mark.parametrize("url", ["/waves/", "/api/graph", "/downloads/", "/map", "/map/table"])
def test_every_list_of_waves_shows_the_open_and_the_closed_one(client, three_waves, url):
    page = client.get(url).get_data(as_text=True)
    for status in (WaveStatus.OPEN, WaveStatus.CLOSED):
        assert WAVES[status][1] in page, f"{url} leaves out the {status.value} wave"
    assert DRAFT_NAME not in page


def test_compare_offers_public_waves_and_refuses_a_draft(client, three_waves):
    closed, opened = WAVES[WaveStatus.CLOSED][0], WAVES[WaveStatus.OPEN][0]
    assert client.get(f"/waves/compare?from={closed}&to={opened}").status_code == 200
    response = client.get(f"/waves/compare?from={closed}&to={DRAFT_SLUG}")
    assert response.status_code == 400
    assert DRAFT_NAME not in response.get_data(as_text=True)
