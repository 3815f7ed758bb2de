"""English and Spanish: who gets which language, and a catalogue that lacks nothing."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
SPANISH = ROOT / "app" / "translations" / "es" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def html_language(response) -> str:
    """Return the lang attribute of a page's <html>."""
    match = re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True))
    assert match, "the page has no <html lang>"
    return match.group(1)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("es", "es"),
        ("es-PR,es;q=0.9,en;q=0.8", "es"),
        ("en-US,en;q=0.9", "en"),
        ("fr-FR,de;q=0.8", "en"),  # a language we do not have: English, without an error
        ("", "en"),
        ("not a header;;q=x", "en"),
    ],
)
def test_the_browser_language_chooses_the_page_language(client, open_wave, accept, expected):
    for url in ("/", "/surveys/partnership", "/map"):
        response = client.get(url, headers={"Accept-Language": accept})
        assert response.status_code == 200
        assert html_language(response) == expected


def test_spanish_pages_are_in_spanish(client, open_wave):
    page = client.get("/surveys/partnership", headers={"Accept-Language": "es"})
    text = page.get_data(as_text=True)
    assert "1. ¿Qué relaciones con socios son las más importantes para usted?" in text
    assert "Encuesta de alianzas" in text
    assert "What partner relationships" not in text


def test_the_switch_remembers_a_choice_over_the_browser_language(client, open_wave):
    response = client.get("/language/es?next=/map?kind=brigade")
    assert response.status_code == 303
    assert response.headers["Location"] == "/map?kind=brigade"
    cookie = client.get_cookie("lang")
    assert cookie is not None and cookie.value == "es" and cookie.http_only
    assert html_language(client.get("/", headers={"Accept-Language": "en"})) == "es"
    client.get("/language/en?next=/")
    assert html_language(client.get("/", headers={"Accept-Language": "es"})) == "en"


@pytest.mark.parametrize("code", ["fr", "xx", "ES", "en-US", "e" * 200])
def test_an_unknown_language_code_falls_back_to_english(client, open_wave, code):
    response = client.get(f"/language/{code}?next=/")
    assert response.status_code == 303
    assert client.get_cookie("lang").value == "en"
    assert html_language(client.get("/", headers={"Accept-Language": "es"})) == "en"


@pytest.mark.parametrize("forged", ["xx", "es;", "", "<script>", "en es"])
def test_a_forged_language_cookie_is_ignored(client, open_wave, forged):
    client.set_cookie("lang", forged)
    response = client.get("/", headers={"Accept-Language": "es"})
    assert response.status_code == 200
    assert html_language(response) == "es"  # the browser's language, as if no cookie


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example", "/\\evil", ""])
def test_the_switch_only_goes_back_to_this_site(client, target):
    response = client.get("/language/es", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_the_switch_on_every_page_links_to_the_other_language(client, open_wave):
    page = client.get("/orgs/?kind=government", headers={"Accept-Language": "en"}).text
    assert 'href="/language/es?next=/orgs/?kind%3Dgovernment"' in page
    assert '<span aria-current="true" lang="en">English</span>' in page


def test_kept_pages_are_kept_once_per_language(client, open_wave):
    # Served twice each, so that the second answer comes from the page cache.
    for _ in range(2):
        assert html_language(client.get("/", headers={"Accept-Language": "es"})) == "es"
        assert html_language(client.get("/", headers={"Accept-Language": "en"})) == "en"
    spanish = client.get("/", headers={"Accept-Language": "es"})
    english = client.get("/", headers={"Accept-Language": "en"})
    assert spanish.headers["ETag"] != english.headers["ETag"]
    assert "Accept-Language" in english.headers["Vary"]


def used_messages() -> dict[str, set[str]]:
    """Return every message the templates and Python code mark, with its placeholders."""
    found = {}
    for _, _, message, _, _ in extract_from_dir(
        ROOT / "app",
        method_map=[("**.py", "python"), ("templates/**.html", "jinja2")],
        options_map={"templates/**.html": {"trimmed": "true"}},
        keywords={
            "_": None,
            "gettext": None,
            "ngettext": (1, 2),
            "_l": None,
            "N_": None,
            "lazy_gettext": None,
        },  # fmt: skip
    ):
        ids = message if isinstance(message, tuple) else (message,)
        found[ids[0]] = set(PLACEHOLDER.findall(" ".join(ids)))
    return found


def test_the_spanish_catalogue_has_every_message_with_the_same_placeholders():
    with SPANISH.open("rb") as file:
        catalogue = read_po(file)
    missing, unfinished, mismatched = [], [], []
    for msgid, placeholders in used_messages().items():
        entry = catalogue.get(msgid)
        if entry is None:
            missing.append(msgid)
            continue
        translations = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if entry.fuzzy or not all(translations):
            unfinished.append(msgid)
        elif any(set(PLACEHOLDER.findall(t)) != placeholders for t in translations):
            mismatched.append(msgid)
    assert missing == [], "run `make translations` and translate these"
    assert unfinished == [], "translate these (or remove their fuzzy mark)"
    assert mismatched == [], "these Spanish messages lack or add a %(placeholder)s"


def test_open_data_files_are_the_same_file_in_every_language(client, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    for path in ("/downloads/organizations.csv", "/downloads/graph.json"):
        english = client.get(path, headers={"Accept-Language": "en"}).get_data()
        spanish = client.get(path, headers={"Accept-Language": "es"}).get_data()
        assert english == spanish
        assert b"Civic tech group (brigade)" in english


def test_the_map_data_speaks_the_visitor_language_with_its_own_tags(client, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    english = client.get("/api/graph", headers={"Accept-Language": "en"})
    spanish = client.get("/api/graph", headers={"Accept-Language": "es"})
    assert b"Civic tech group (brigade)" in english.get_data()
    assert "Grupo de tecnología cívica (brigada)" in spanish.get_data(as_text=True)
    assert english.headers["ETag"] != spanish.headers["ETag"]
    again = client.get(
        "/api/graph", headers={"Accept-Language": "es", "If-None-Match": spanish.headers["ETag"]}
    )
    assert again.status_code == 304
    other = client.get(
        "/api/graph", headers={"Accept-Language": "en", "If-None-Match": spanish.headers["ETag"]}
    )
    assert other.status_code == 200
