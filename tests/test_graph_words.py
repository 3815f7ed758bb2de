"""/api/graph in each language: written from one template, the very bytes built for the language.

The document is built once with its words (kinds' and themes' labels) left as holes and
written in each language from that template (app/graph/document.Template). It must be,
byte for byte, the document built in that language, and where it cannot be (a label
equal to other text in the compact form's table, text that holds a NUL) it is built so.
"""

import pytest
from werkzeug.datastructures import MultiDict

from app.extensions import db
from app.graph.cache import view_at
from app.graph.document import Template, compact, elements, in_language_of
from app.graph.filters import parse_filters
from app.i18n import LANGUAGES, in_language
from app.models import OrgKind
from app.network import network_state
from app.themes.catalogue import ensure_seeded_themes, themes_by_slug
from tests import factories
from tests.helpers import publish


def themed_network(wave, *, partner_city: str | None = None, partner_name="City Hall") -> None:
    """Store two approved partnerships with themes, the partner a government of `partner_city`."""
    ensure_seeded_themes()
    brigade = factories.make_org("Code for Oldtown", city="Oldtown", state="OH")
    partner = factories.make_org(partner_name, OrgKind.GOVERNMENT, city=partner_city, state="OH")
    tenants = factories.make_org("Oldtown Tenants", OrgKind.NONPROFIT, state="OH")
    for other, slugs in ((partner, ["housing", "justice"]), (tenants, ["food"])):
        submission = factories.make_partnership(wave, brigade, other)
        submission.partnerships[0].themes = themes_by_slug(slugs)
    db.session.commit()
    publish()


def both_ways(app, language: str, compact_form: bool) -> tuple[bytes | None, bytes]:
    """Return the whole network's document in `language` from its template, and built in it."""
    # In that language whatever a request before chose (the tests share one app context).
    with app.test_request_context("/api/graph"), in_language(language):
        filters, _ = parse_filters(MultiDict())
        view, positions = view_at(filters)
        document = elements(view, positions, network_state().revision)
        template = Template(compact(document) if compact_form else document)
        return template.in_language(), in_language_of(document, compact_form)


@pytest.mark.parametrize("compact_form", [False, True])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_template_writes_the_document_built_in_each_language(
    app, open_wave, language, compact_form
):
    themed_network(open_wave)
    from_template, built = both_ways(app, language, compact_form)
    assert from_template == built
    assert b'"housing":' in built  # its themes, and its kinds, are in it


def test_a_label_equal_to_other_text_is_built_in_that_language(app, client, open_wave):
    # "Gobierno" is the government kind's label in Spanish: the compact form's table
    # writes it once, for the kind and for the city alike.
    themed_network(open_wave, partner_city="Gobierno")
    assert both_ways(app, "es", True)[0] is None
    assert both_ways(app, "en", True)[0] is not None
    spanish = client.get("/api/graph?format=compact", headers={"Accept-Language": "es"})
    strings = spanish.get_json()["strings"]
    assert strings.count("Gobierno") == 1
    assert spanish.get_data() == both_ways(app, "es", True)[1]


def test_text_holding_a_nul_is_built_in_each_language(app, client, open_wave):
    if db.engine.dialect.name == "postgresql":
        pytest.skip("PostgreSQL cannot store a NUL in text, so no document can hold one there")
    themed_network(open_wave, partner_name="City\x00Hall")
    assert both_ways(app, "en", False)[0] is None
    for language in LANGUAGES:
        answer = client.get("/api/graph", headers={"Accept-Language": language})
        assert answer.get_data() == both_ways(app, language, False)[1]
        nodes = answer.get_json()["elements"]["nodes"]
        assert "City\x00Hall" in {node["data"]["label"] for node in nodes}
