"""Many people sending the survey at once: every submission is stored."""

from concurrent.futures import ThreadPoolExecutor

from app.models import Organization, Submission
from tests import factories
from tests.conftest import SurveyClient
from tests.helpers import count

SENDERS = 12


def test_concurrent_submissions_all_succeed(app, open_wave):
    factories.make_org("Shared Partner Library")

    def send(number: int) -> int:
        client = SurveyClient(app.test_client())
        response = client.partnership(
            org_name=f"Code for Town {number}",
            **{"partners-0-name": "Shared Partner Library", "partners-1-name": f"Partner {number}",
               "partners-1-status": "active"},
        )  # fmt: skip
        return response.status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(send, range(SENDERS)))
    assert statuses == [303] * SENDERS
    assert count(Submission) == SENDERS
    assert count(Organization) == 1 + 2 * SENDERS


def test_concurrent_submissions_naming_the_same_new_organization(app, open_wave):
    def send(number: int) -> int:
        client = SurveyClient(app.test_client())
        response = client.partnership(
            org_name=f"Code for Village {number}",
            **{"partners-0-name": "Brand New Makerspace", "partners-0-status": "active"},
        )
        return response.status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(send, range(SENDERS)))
    assert statuses == [303] * SENDERS
    assert count(Submission) == SENDERS
    names = [org.name for org in Organization.query.all()]
    assert names.count("Brand New Makerspace") == 1  # one organization, named by every answer
