"""The partnership survey: valid submissions are stored whole, bad ones store nothing."""

from html.parser import HTMLParser

import pytest

from app.extensions import db
from app.models import (
    LearningInterest,
    Organization,
    OrgKind,
    OrgStatus,
    PartnershipAnswer,
    RelationshipStatus,
    Submission,
    SubmissionStatus,
    SurveyKind,
)
from app.themes.catalogue import ensure_seeded_themes
from tests import factories
from tests.helpers import count, count_queries, newest_submission


def test_form_shows_four_questions_and_wave(client, open_wave):
    page = client.get("/surveys/partnership").get_data(as_text=True)
    assert open_wave.name in page
    assert 'name="partners-0-name"' in page
    # The four questions as Code for America asked them in 2022, numbered as it did.
    for question in (
        "1. What partner relationships are most important to you?",
        "2. What priorities are most important to those partners?",
        "3. What are the most important things you have done to build a relationship "
        "with a partner?",
        "4. What brigade partnerships are you interested in learning more about?",
    ):
        assert question in page
    assert 'name="csrf_token"' in page


def test_valid_submission_is_stored_with_every_row(surveys, open_wave):
    response = surveys.partnership(
        **{
            "partners-1-name": "Testville Food Bank",
            "partners-1-kind": "nonprofit",
            "partners-1-status": "prospective",
            "partners-1-priorities": "Volunteer drivers",
            "partners-1-how_built": "",
        }
    )
    assert response.status_code == 303
    submission = newest_submission()
    assert response.headers["Location"].endswith(f"/status/{submission.token}")
    assert submission.status is SubmissionStatus.PENDING
    assert submission.survey_kind is SurveyKind.PARTNERSHIP
    assert submission.wave_id == open_wave.id
    assert (submission.contact_name, submission.contact_email) == (
        "Riley Organizer",
        "riley@example.org",
    )
    org = submission.organization
    assert (org.name, org.kind, org.city, org.state) == (
        "Code for Testville",
        OrgKind.BRIGADE,
        "Testville",
        "OH",
    )
    assert org.status is OrgStatus.PENDING
    rows = [
        (p.partner.name, p.partner.kind, p.status, p.priorities) for p in submission.partnerships
    ]
    assert rows == [
        ("Testville Public Library", OrgKind.GOVERNMENT, RelationshipStatus.ACTIVE,
         "Digital literacy classes"),
        ("Testville Food Bank", OrgKind.NONPROFIT, RelationshipStatus.PROSPECTIVE,
         "Volunteer drivers"),
    ]  # fmt: skip
    assert len(submission.token) >= 40


def test_a_new_organization_keeps_its_website(surveys, open_wave, client):
    surveys.partnership(org_website="https://testville.example.org/civic")
    submission = newest_submission()
    assert submission.organization.website == "https://testville.example.org/civic"
    status_page = client.get(f"/status/{submission.token}").get_data(as_text=True)
    assert "https://testville.example.org/civic" in status_page


def test_known_organizations_are_matched_not_duplicated(surveys, open_wave):
    known = factories.make_org("Code for Testville", city="Testville", state="OH")
    library = factories.make_org("Testville Public Library", OrgKind.GOVERNMENT)
    surveys.partnership(
        org_name="code for  TESTVILLE", **{"partners-0-name": "testville public library."}
    )
    submission = newest_submission()
    assert submission.organization_id == known.id
    assert submission.partnerships[0].partner_id == library.id
    assert count(Organization) == 2


def test_learning_interests_point_at_partnerships_organizations_or_text(surveys, open_wave):
    wave_2022 = factories.make_wave(slug="2022", status=factories.WaveStatus.CLOSED)
    sacramento = factories.make_org("Code for Sacramento")
    caltrans = factories.make_org("Caltrans", OrgKind.GOVERNMENT)
    factories.make_partnership(wave_2022, sacramento, caltrans)
    fresno = factories.make_org("Code for Fresno")
    factories.make_partnership(wave_2022, fresno, caltrans)  # public: named in approved answers
    factories.make_org("Code for Nowhere")  # approved, but no public answer names it: not public
    surveys.partnership(
        **{
            "interests-0": "Code for Sacramento — Caltrans",
            "interests-1": "Code for Fresno",
            "interests-2": "Fresno County courthouse",
            "interests-3": "Code for Nowhere",
            "interest_note": "Recruiting volunteers",
        }
    )
    interests = newest_submission().learning_interests
    assert [(i.organization_id, i.partner_id, i.note) for i in interests] == [
        (sacramento.id, caltrans.id, ""),
        (fresno.id, None, ""),
        (None, None, "Fresno County courthouse"),
        (None, None, "Code for Nowhere"),
        (None, None, "Recruiting volunteers"),
    ]


def test_only_organizations_named_in_approved_answers_are_suggested(client, open_wave):
    visible = factories.make_org("Visible Approved Brigade")
    library = factories.make_org("Visible Library", OrgKind.GOVERNMENT)
    factories.make_partnership(open_wave, visible, library)
    pending = factories.make_org("Secret Pending Brigade", status=OrgStatus.PENDING)
    factories.make_partnership(open_wave, pending, library, status=SubmissionStatus.PENDING)
    withdrawn = factories.make_org("Withdrawn Brigade")
    factories.make_partnership(open_wave, withdrawn, library, status=SubmissionStatus.UNPUBLISHED)
    factories.make_org("Unnamed Approved Org")
    names = set()
    for text in ("visible", "secret", "withdrawn", "unnamed"):
        names.update(client.get("/api/suggest", query_string={"q": text}).get_json())
    assert names == {"Visible Approved Brigade", "Visible Library"}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"org_name": ""}, "Name your organization."),
        ({"org_name": "X"}, "Use between 2 and 200 characters."),
        ({"org_name": "A" * 201}, "Use between 2 and 200 characters."),
        ({"org_state": ""}, "choose its state"),
        ({"org_kind": ""}, "Choose what kind of organization this is."),
        ({"org_kind": "spaceship"}, "Not a valid choice"),
        ({"org_state": "ZZ"}, "Not a valid choice"),
        ({"org_website": "not a url"}, "Enter a full web address"),
        ({"contact_name": "  "}, "Tell us who to contact."),
        ({"contact_email": ""}, "Give an email address"),
        ({"contact_email": "not-an-email"}, "Enter an email address like name@example.org."),
        ({"partners-0-name": ""}, "Name the partner."),
        ({"partners-0-status": "sometimes"}, "Not a valid choice"),
        (
            {"partners-0-status": None},
            "Say whether the relationship is active, past or prospective",
        ),
        ({"partners-0-priorities": "p" * 2001}, "Keep this under 2000 characters."),
        ({"partners-0-how_built": "h" * 2001}, "Keep this under 2000 characters."),
        ({"partners-0-name": "Code for Testville"}, "This is your own organization"),
        ({"partners-1-name": "Testville Public Library"}, "already listed above"),
        ({"interests-0": "n" * 201}, "Keep each name under 200 characters."),
        ({"interest_note": "n" * 2001}, "Keep this under 2000 characters."),
    ],
)
def test_bad_input_is_refused_with_a_message(surveys, open_wave, overrides, message):
    response = surveys.partnership(**overrides)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(Submission) == 0
    assert count(Organization) == 0


def test_refused_form_keeps_what_was_typed(surveys, open_wave):
    response = surveys.partnership(
        contact_email="bad", **{"partners-0-priorities": "Keep me <b>here</b>"}
    )
    page = response.get_data(as_text=True)
    assert 'value="Code for Testville"' in page
    assert "Keep me &lt;b&gt;here&lt;/b&gt;" in page
    assert 'aria-invalid="true"' in page
    assert "<title>Error: Partnership survey" in page
    assert '<a href="#contact_email">Your email: Enter an email address' in page


def test_known_organization_needs_no_kind_or_state(surveys, open_wave):
    factories.make_org("Code for Testville", state="OH")
    response = surveys.partnership(org_kind="", org_state="", org_city="")
    assert response.status_code == 303


def test_blank_partner_rows_are_ignored_but_one_partner_is_required(surveys, open_wave):
    ok = surveys.partnership(**{"partners-1-name": "", "partners-1-priorities": ""})
    assert ok.status_code == 303
    assert len(newest_submission().partnerships) == 1
    refused = surveys.partnership(
        **{"partners-0-name": "", "partners-0-priorities": "", "partners-0-how_built": ""}
    )
    assert refused.status_code == 422
    assert "Name the partner." in refused.get_data(as_text=True)


def test_more_than_25_partners_is_refused(surveys, open_wave):
    partners = {f"partners-{i}-name": f"Partner number {i}" for i in range(26)}
    partners |= {f"partners-{i}-status": "active" for i in range(26)}
    response = surveys.partnership(**partners)
    assert response.status_code == 422
    assert "List at most 25" in response.get_data(as_text=True)
    assert count(Submission) == 0


def test_25_partners_are_accepted(surveys, open_wave):
    partners = {f"partners-{i}-name": f"Partner number {i}" for i in range(25)}
    partners |= {f"partners-{i}-status": "past" for i in range(25)}
    assert surveys.partnership(**partners).status_code == 303
    assert count(PartnershipAnswer) == 25


def test_add_and_remove_partner_without_javascript(surveys, open_wave):
    added = surveys.partnership(list_action="add:partners")
    page = added.get_data(as_text=True)
    assert added.status_code == 200
    assert 'name="partners-1-name"' in page
    assert "Some answers need another look" not in page
    removed = surveys.partnership(
        list_action="remove:partners:0", **{"partners-1-name": "Second Partner"}
    )
    page = removed.get_data(as_text=True)
    assert 'value="Second Partner"' in page
    assert 'value="Testville Public Library"' not in page
    assert count(Submission) == 0


class RowFields(HTMLParser):
    """Read what one survey row's fields hold as the page is drawn: value, ticks, choice."""

    def __init__(self, prefix: str):
        super().__init__()
        self.prefix, self.fields = prefix, {}
        self.textarea = self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name") or ""
        if tag == "option" and self.select and "selected" in attrs:
            self.fields[self.select] = attrs.get("value")
        if not name.startswith(self.prefix):
            return
        if tag == "textarea":
            self.textarea, self.fields[name] = name, ""
        elif tag == "select":
            self.select, self.fields[name] = name, ""
        elif tag == "input" and attrs.get("type") in ("checkbox", "radio"):
            if "checked" in attrs:  # an unticked box is not listed
                self.fields.setdefault(name, []).append(attrs["value"])
        elif tag == "input":
            self.fields[name] = attrs.get("value", "")

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data.strip()

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None


def row_fields(page: str, prefix: str) -> dict:
    """Return the fields of the row whose names start with `prefix`, as the page holds them."""
    parser = RowFields(prefix)
    parser.feed(page)
    return parser.fields


def test_a_partner_added_without_javascript_starts_empty_in_every_field(surveys, open_wave):
    ensure_seeded_themes()  # the themes of question 2, as the migration gave them
    db.session.commit()
    first = {
        "partners-0-city": "Testville",
        "partners-0-state": "OH",
        "partners-0-status": "past",
        "partners-0-continuity": "new",
        "partners-0-themes": ["housing", "justice"],
        "partners-0-email": "library@example.org",
        "partners-0-private": "y",
        "partners-0-text_private": "y",
    }
    page = surveys.partnership(list_action="add:partners", **first).get_data(as_text=True)
    # The parser sees what a row holds: the first keeps everything it was sent.
    assert row_fields(page, "partners-0-") == {
        "partners-0-name": "Testville Public Library",
        "partners-0-kind": "government",
        "partners-0-city": "Testville",
        "partners-0-state": "OH",
        "partners-0-status": ["past"],
        "partners-0-continuity": "new",
        "partners-0-priorities": "Digital literacy classes",
        "partners-0-themes": ["justice", "housing"],
        "partners-0-how_built": "Volunteered at their open house",
        "partners-0-email": "library@example.org",
        "partners-0-private": ["y"],
        "partners-0-text_private": ["y"],
    }
    assert row_fields(page, "partners-1-") == {
        "partners-1-name": "",
        "partners-1-kind": "",
        "partners-1-city": "",
        "partners-1-state": "",
        "partners-1-status": ["active"],  # the first choice, as in the first row of a blank form
        "partners-1-continuity": "",
        "partners-1-priorities": "",
        "partners-1-how_built": "",
        "partners-1-email": "",
    }


def test_markup_is_stored_as_typed_and_shown_escaped(surveys, open_wave, client):
    script = "<script>alert(1)</script>"
    surveys.partnership(
        **{"partners-0-name": "<img src=x onerror=alert(1)>", "partners-0-priorities": script}
    )
    submission = newest_submission()
    assert submission.partnerships[0].partner.name == "<img src=x onerror=alert(1)>"
    assert submission.partnerships[0].priorities == script
    page = client.get(f"/status/{submission.token}").get_data(as_text=True)
    assert "<img src=x" not in page and "<script>alert" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_missing_csrf_token_gets_the_form_back_and_stores_nothing(client, open_wave):
    response = client.post("/surveys/partnership", data=factories.partnership_form())
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "This form has expired" in page and "Traceback" not in page
    assert 'value="Code for Testville"' in page
    assert count(Submission) == 0


def test_wrong_csrf_token_is_refused(client, open_wave):
    data = factories.partnership_form(csrf_token="forged")
    assert client.post("/surveys/partnership", data=data).status_code == 422
    assert count(LearningInterest) == count(Submission) == 0


def test_a_new_partner_takes_the_place_given_for_it_or_none(surveys, open_wave):
    # Code for Puerto Rico names Code for Miami: Miami is not filed under PR.
    surveys.partnership(
        org_name="Code for Puerto Rico",
        org_state="PR",
        **{
            "partners-0-name": "Code for Miami",
            "partners-0-kind": "brigade",
            "partners-1-name": "Universidad de Puerto Rico",
            "partners-1-kind": "university",
            "partners-1-status": "active",
            "partners-1-city": "San Juan",
            "partners-1-state": "PR",
        },
    )
    partners = {p.partner.name: p.partner for p in newest_submission().partnerships}
    assert (partners["Code for Miami"].city, partners["Code for Miami"].state) == (None, None)
    upr = partners["Universidad de Puerto Rico"]
    assert (upr.city, upr.state) == ("San Juan", "PR")


def test_a_known_partner_keeps_its_own_place(surveys, open_wave):
    library = factories.make_org("Testville Public Library", OrgKind.GOVERNMENT, state="OH")
    surveys.partnership(**{"partners-0-state": "TX", "partners-0-city": "Austin"})
    partner = newest_submission().partnerships[0].partner
    assert partner.id == library.id and (partner.city, partner.state) == (None, "OH")


def test_a_partner_state_must_be_a_known_state(surveys, open_wave):
    response = surveys.partnership(**{"partners-0-state": "ZZ"})
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)


def test_a_post_costs_the_same_queries_whatever_the_size_of_the_network(surveys, open_wave):
    old = factories.make_wave(slug="2022", status=factories.WaveStatus.CLOSED)
    counts = []
    for size in (2, 40):
        for number in range(size):
            brigade = factories.make_org(f"Code for Town {size}-{number}")
            partner = factories.make_org(f"Town Library {size}-{number}", OrgKind.GOVERNMENT)
            factories.make_partnership(old, brigade, partner)
        form = factories.partnership_form(**{
            "org_name": f"Code for Sizes {size}",
            "partners-0-name": f"A New Partner {size}",
            "interests-0": f"Code for Town {size}-0 — Town Library {size}-0",
            "interests-1": f"Code for Town {size}-1",
            "interests-2": "Something nobody runs",
        })  # fmt: skip
        token = surveys.csrf_token("/surveys/partnership")
        with count_queries() as statements:
            response = surveys.client.post(
                "/surveys/partnership", data={"csrf_token": token, **form}
            )
        assert response.status_code == 303
        counts.append(len(statements))
        interests = newest_submission().learning_interests
        assert [(i.organization is not None, i.partner is not None) for i in interests] == [
            (True, True), (True, False), (False, False),
        ]  # fmt: skip
    assert counts[0] == counts[1]
