"""`/waves/compare`: what changed between two waves, from approved answers only."""

from app.models import InvolvementLevel as Level
from app.models import OrgKind, SubmissionStatus, WaveStatus
from app.waves.compare import compare_waves
from tests import factories
from tests.wave_builders import involvement, partnerships

GOV, NONPROFIT = OrgKind.GOVERNMENT, OrgKind.NONPROFIT


def two_waves():
    """Store a closed 2022 wave and the open current wave with known answers."""
    current = factories.make_wave()
    old = factories.make_wave(slug="old", status=WaveStatus.CLOSED,
                              opens_on=current.opens_on.replace(year=2022))  # fmt: skip
    involvement(old, "Data A", Level.SOME_CONTACT)
    involvement(old, "Data B", Level.EXTENSIVE)
    involvement(old, "Data C", Level.NONE)
    involvement(old, "Data Gone", Level.LEADS)
    involvement(current, "Data A", Level.EXTENSIVE)
    involvement(current, "Data B", Level.EXTENSIVE)
    involvement(current, "Data C", Level.SOME_CONTACT)
    involvement(current, "Data New", Level.LEADS)
    involvement(current, "Data Gone", Level.NONE, status=SubmissionStatus.PENDING)
    partnerships(old, "Code for X", [("City X", GOV), ("Library X", GOV)])
    partnerships(old, "Code for Quiet", [("Quiet Partner", NONPROFIT)])
    partnerships(current, "Code for X", [("City X", GOV), ("Food Bank X", NONPROFIT)])
    partnerships(current, "Code for Quiet", [("HIDDENMARK", NONPROFIT)],
                 status=SubmissionStatus.REJECTED)  # fmt: skip
    return old, current


def test_added_continued_and_ended_relationships(app):
    old, current = two_waves()
    result = compare_waves(old, current)
    assert result.added == [("Code for X", "Food Bank X")]
    assert result.continued == [("Code for X", "City X")]
    # Code for Quiet did not answer again: its partnership is not confirmed, not ended.
    assert result.ended == [("Code for X", "Library X")]
    assert result.unconfirmed == [("Code for Quiet", "Quiet Partner")]
    assert result.new_organizations == ["Data New"]
    assert result.did_not_answer == ["Code for Quiet", "Data Gone"]


def test_level_transition_table(app):
    old, current = two_waves()
    result = compare_waves(old, current)
    assert result.transitions[Level.SOME_CONTACT][Level.EXTENSIVE] == 1
    assert result.transitions[Level.EXTENSIVE][Level.EXTENSIVE] == 1
    assert result.transitions[Level.NONE][Level.SOME_CONTACT] == 1
    assert sum(n for row in result.transitions.values() for n in row.values()) == 3
    assert result.moved == [
        ("Data A", Level.SOME_CONTACT, Level.EXTENSIVE),
        ("Data C", Level.NONE, Level.SOME_CONTACT),
    ]


def test_compare_page(app, client):
    two_waves()
    response = client.get("/waves/compare?from=old&to=current")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert (
        '<th scope="row">Data A</th><td>Some contact, but not an active participant</td>'
        "<td>Extensive involvement with a local group</td>"
    ) in page
    assert "<td>Code for X</td><td>Food Bank X</td>" in page
    assert "Added (1)" in page and "Ended (1)" in page and "Not confirmed (1)" in page
    assert "HIDDENMARK" not in page
    assert '<select id="from" name="from">' in page and '<option value="old" selected>' in page


def test_unknown_or_missing_slugs_get_a_message(app, client):
    two_waves()
    response = client.get("/waves/compare?from=nope&to=current")
    assert response.status_code == 400
    assert "does not exist" in response.get_data(as_text=True)
    assert client.get("/waves/compare?to=current").status_code == 400
    backwards = client.get("/waves/compare?from=current&to=old")
    assert "the earlier wave under" in backwards.get_data(as_text=True)
    assert backwards.status_code == 400
    same = client.get("/waves/compare?from=old&to=old")
    assert same.status_code == 400 and "two different waves" in same.get_data(as_text=True)
    assert "compared with itself" in same.get_data(as_text=True)
    blank = client.get("/waves/compare")
    assert blank.status_code == 200 and "Wave old → Wave current" in blank.get_data(as_text=True)
