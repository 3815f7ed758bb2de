"""The public network's revision moves with every change to approved data, and only then."""

from app.network import current_revision
from tests.helpers import newest_submission
from tests.moderation_helpers import csrf_from, decide


def test_revision_follows_public_changes(client, auth, moderator, surveys, open_wave, runner):
    start = current_revision()
    surveys.partnership()
    submission = newest_submission()
    assert current_revision() == start  # a pending submission is not public
    auth.login()
    seen = submission.version
    decide(client, submission.id, "request_changes", seen, note="Add a city")
    assert current_revision() == start
    surveys.partnership(org_name="Code for Second")
    second = newest_submission()
    decide(client, second.id, "approve", second.version)
    assert current_revision() == start + 1
    decide(client, second.id, "unpublish", newest_submission().version)
    assert current_revision() == start + 2
    data = {"csrf_token": csrf_from(client, "/moderation/"), "decision": "approve",
            "selected": [f"{submission.id}:{seen + 1}"]}  # fmt: skip
    client.post("/moderation/bulk", data=data)
    assert current_revision() == start + 3
    runner.invoke(args=["seed-demo"])
    assert current_revision() == start + 4
    runner.invoke(args=["seed-demo"])
    assert current_revision() == start + 4  # nothing new loaded
