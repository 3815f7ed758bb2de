"""While a new state's page is not built yet, visitors get the previous state's copy.

The publishing job builds the main pages of a state before it is public; any other
kept page is then answered with the copy kept for the state before, and built in the
background of the process, once (app/rebuilds.py). No visitor waits for a rebuild.
"""

import pytest

from app.models import OrgKind, RelationshipStatus
from app.rebuilds import wait_for_rebuilds
from tests import factories
from tests.helpers import publish
from tests.test_graph_api import partnership, small_network

ACTIVE = RelationshipStatus.ACTIVE


@pytest.fixture
def stale_pages(app):
    """Serve the previous state's pages while the new ones are built, as production does."""
    app.config["STALE_PAGES_WHILE_BUILDING"] = True
    yield
    wait_for_rebuilds()


def new_partner_of(wave, orgs: dict) -> None:
    """Approve a new brigade's answer naming Caltrans as a partner (a new public state)."""
    fresno = factories.make_org("Code for Fresno", OrgKind.BRIGADE, state="CA")
    partnership(wave, fresno, [(orgs["caltrans"], ACTIVE, "", "")])
    publish()


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_page_the_job_did_not_build_is_the_previous_copy_until_built(
    client, open_wave, stale_pages, language
):
    orgs = small_network(open_wave)
    headers = {"Accept-Language": language}
    before = client.get("/orgs/caltrans", headers=headers)
    assert "Code for Fresno" not in before.get_data(as_text=True)
    new_partner_of(open_wave, orgs)
    meanwhile = client.get("/orgs/caltrans", headers=headers)
    assert meanwhile.get_data() == before.get_data()  # answered at once, from the copy
    wait_for_rebuilds()
    after = client.get("/orgs/caltrans", headers=headers)
    assert "Code for Fresno" in after.get_data(as_text=True)
    assert f'<html lang="{language}"' in after.get_data(as_text=True)  # built in its language
    # A page the job built is the new state's at once.
    assert "Code for Fresno" in client.get("/orgs/", headers=headers).get_data(as_text=True)


def test_a_page_never_kept_before_is_built_for_its_visitor(client, open_wave, stale_pages):
    orgs = small_network(open_wave)
    new_partner_of(open_wave, orgs)
    page = client.get("/orgs/caltrans")
    assert "Code for Fresno" in page.get_data(as_text=True)  # no copy to give: built now


def test_without_stale_pages_a_change_shows_on_the_next_request(client, open_wave):
    orgs = small_network(open_wave)
    client.get("/orgs/caltrans")
    new_partner_of(open_wave, orgs)
    assert "Code for Fresno" in client.get("/orgs/caltrans").get_data(as_text=True)
