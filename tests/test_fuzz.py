"""Hostile and random input finds no 500: public pages, their arguments, and the survey forms.

Hypothesis draws URL parts, arguments and form values from all of Unicode (control
characters, NUL, very long text, digits of other scripts, huge numbers) over every
public GET route and both survey forms, on whichever database the suite runs on.
"""

import os
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cache import EXTENSION_KEY as DOCUMENT_CACHE
from app.extensions import db
from app.models import OrgKind, Submission
from tests import factories
from tests.conftest import SurveyClient
from tests.routes import PUBLIC, access_of

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "120"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same inputs on every run, so CI is repeatable
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Any character a client can send in a URL or a form (surrogates cannot be encoded).
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
HOSTILE = st.sampled_from([
    "\x00", "a\x00b", "\x1b[31m", "%00", "%", "_", "\\", "'", '"', "<script>alert(1)</script>",
    "=HYPERLINK(\"x\")", "2147483648", "99999999999999999999", "-1", "0", "²", "١٢", "1e309",
    "NaN", "../../etc/passwd", "a" * 5000, "ﬀ", "İ", "\u202e", "\r\nSet-Cookie: x=1",
])  # fmt: skip
VALUE = HOSTILE | ANY_TEXT | st.integers(-(10**30), 10**30).map(str)
ARGUMENT_NAMES = ["wave", "since", "kind", "state", "status", "org", "q", "page", "sort", "dir",
                  "osort", "odir", "embed", "before", "after", "start_from", "x"]  # fmt: skip


@pytest.fixture
def small_world(app, open_wave):
    """A wave and a few public organizations, so routes have something to find."""
    brigade = factories.make_org("Code for Fuzz", state="OH")
    partner = factories.make_org("Fuzz Library", OrgKind.GOVERNMENT)
    factories.make_partnership(open_wave, brigade, partner)
    db.session.commit()
    return app


def public_rules(app) -> list:
    """Return every public route answering GET, except static files."""
    return [
        rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods
        and access_of(rule.endpoint) == PUBLIC
        and rule.endpoint != "static"
    ]


def fill(rule, values: list[str]) -> str:
    """Fill a rule's arguments with drawn values, escaped as a client would send them."""
    path = rule.rule
    for argument, value in zip(sorted(rule.arguments), values, strict=False):
        for converter in ("id:", "path:", ""):
            path = path.replace(f"<{converter}{argument}>", quote(value, safe="") or "x")
    return path


@FUZZ
@given(data=st.data())
def test_public_pages_never_answer_500(small_world, client, data):
    rules = public_rules(small_world)
    rule = data.draw(st.sampled_from(rules), label="route")
    values = data.draw(st.lists(VALUE, min_size=len(rule.arguments), max_size=3), label="parts")
    arguments = data.draw(
        st.lists(st.tuples(st.sampled_from(ARGUMENT_NAMES) | ANY_TEXT, VALUE), max_size=4),
        label="arguments",
    )
    response = client.get(fill(rule, values), query_string=arguments)
    assert response.status_code < 500, (rule.rule, response.status_code)
    db.session.rollback()


PARTNERSHIP_FIELDS = list(factories.partnership_form()) + [
    "partners-0-city", "partners-0-state", "partners-0-continuity", "partners-1-name",
    "partners-25-name", "interests-9", "list_action", "seen_version", "org_website",
]  # fmt: skip
INVOLVEMENT_FIELDS = list(factories.involvement_form()) + ["local_groups-10", "list_action"]
SURVEYS = {
    "partnership": (factories.partnership_form(), PARTNERSHIP_FIELDS),
    "involvement": (factories.involvement_form(), INVOLVEMENT_FIELDS),
}


@pytest.mark.parametrize("survey", ["partnership", "involvement"])
@FUZZ
@given(data=st.data())
def test_survey_forms_never_answer_500_and_store_only_clean_answers(
    app, open_wave, client, survey, data
):
    app.extensions.pop(DOCUMENT_CACHE, None)
    valid, fields = SURVEYS[survey]
    changes = data.draw(
        st.dictionaries(st.sampled_from(fields), VALUE, max_size=4), label="changes"
    )
    before = db.session.query(Submission).count()
    response = SurveyClient(client).post(f"/surveys/{survey}", {**valid, **changes})
    assert response.status_code < 500
    db.session.rollback()
    stored = db.session.query(Submission).count() - before
    assert stored == (1 if response.status_code == 303 else 0)
    if stored:
        row = db.session.query(Submission).order_by(Submission.id.desc()).first()
        assert "\x00" not in (row.contact_name or "") + (row.contact_email or "")
