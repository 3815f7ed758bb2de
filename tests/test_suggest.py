"""Name suggestions come from /api/suggest as one types; the survey pages carry no name lists."""

import pytest

from app.models import OrgKind, OrgStatus
from tests import factories
from tests.helpers import count_queries

PAGE_LIMIT = 60 * 1024


@pytest.fixture
def named(app, open_wave):
    """Store public brigades and partners, and organizations that must not be suggested."""
    old = factories.make_wave(slug="2022", status=factories.WaveStatus.CLOSED)
    sacramento = factories.make_org("Code for Sacramento")
    factories.make_partnership(old, sacramento, factories.make_org("Caltrans", OrgKind.GOVERNMENT))
    library = factories.make_org("Sacramento Library", OrgKind.GOVERNMENT)
    factories.make_partnership(old, factories.make_org("Open Sacramento"), library)
    factories.make_org("Sacramento Secret Partner", status=OrgStatus.PENDING)
    factories.make_org("Sacramento Unnamed")  # reviewed, but no public answer names it
    return old


def suggested(client, text: str, kind: str = "organizations"):
    response = client.get("/api/suggest", query_string={"q": text, "for": kind})
    assert response.status_code == 200
    return response.get_json()


def test_public_names_only_those_starting_with_the_text_first(client, named):
    assert suggested(client, "sacr") == ["Sacramento Library", "Code for Sacramento",
                                         "Open Sacramento"]  # fmt: skip
    assert suggested(client, "SACRAMENTO LIB") == ["Sacramento Library"]
    assert suggested(client, "s") == []  # too short to say anything


def test_brigades_and_partnerships(client, named):
    assert suggested(client, "sacr", "brigades") == ["Code for Sacramento", "Open Sacramento"]
    assert suggested(client, "code for", "partnerships") == [
        "Code for Sacramento — Caltrans", "Code for Sacramento",
    ]  # fmt: skip


def test_bad_arguments_and_too_many_requests(client, named):
    assert client.get("/api/suggest?q=sac&for=everything").status_code == 400
    for _ in range(120):
        client.get("/api/suggest?q=sa")
    refused = client.get("/api/suggest?q=sa")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "60"


def test_at_most_ten_and_the_same_queries_at_any_size(client, open_wave):
    counts = []
    for size in (3, 40):
        for number in range(size):
            factories.make_partnership(
                open_wave, factories.make_org(f"Code for Town {size} {number}"),
                factories.make_org(f"Town Partner {size} {number}", OrgKind.NONPROFIT),
            )  # fmt: skip
        with count_queries() as statements:
            names = suggested(client, f"code for town {size}", "partnerships")
        counts.append(len(statements))
        assert len(names) == min(10, 2 * size)
    assert counts[0] == counts[1]


def test_survey_pages_carry_no_list_of_names_and_stay_small(client, named):
    for number in range(300):
        factories.make_partnership(named, factories.make_org(f"Code for Place {number:03d}"),
                                   factories.make_org(f"Place Partner {number:03d}"))  # fmt: skip
    for url in ("/surveys/partnership", "/surveys/involvement"):
        page = client.get(url).get_data(as_text=True)
        assert len(page.encode()) < PAGE_LIMIT
        assert "Code for Place" not in page and "Caltrans" not in page
        assert 'data-suggest-url="/api/suggest"' in page
