"""While a new state's page is not built yet, visitors get the previous state's copy.

The publishing job builds the main pages of a state before it is public; any other
kept page is then answered with the copy kept for the state before, and built in the
background of the process, once (app/rebuilds.py). No visitor waits for a rebuild.
"""

import time

import pytest
import redis

from app.cache import REDIS_PREFIX, FileStore, ProcessStore, RedisStore
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


@pytest.fixture(params=["process", "files", "redis"])
def store(request, tmp_path):
    """Each kind of document cache, empty (Redis: this process's database)."""
    if request.param == "process":
        return ProcessStore()
    if request.param == "files":
        return FileStore(tmp_path)
    redis_url = request.getfixturevalue("redis_url")
    connection = redis.Redis.from_url(redis_url)
    connection.delete(*connection.keys(f"{REDIS_PREFIX}*") or ["none"])
    return RedisStore(redis_url)


def test_one_process_takes_on_building_a_page_of_a_state(store):
    state = (3, 20261207)
    assert store.claim(state, "page", 60)
    assert not store.claim(state, "page", 60)  # another process, or a second request
    assert store.claim(state, "another page", 60)
    assert store.claim((4, 20261208), "page", 60)  # the next state's is its own


@pytest.mark.parametrize("kind", [ProcessStore, FileStore])
def test_a_claim_left_by_a_builder_that_went_away_is_taken_over(kind, tmp_path):
    store = kind(tmp_path) if kind is FileStore else kind()
    assert store.claim((3, 1), "page", 0.0)
    time.sleep(0.01)
    assert store.claim((3, 1), "page", 0.0)
