"""`make screenshots` (tools/screenshots.py) makes every picture the docs show, of pages that exist.

Taking the pictures needs Chromium and a minute; what can drift without it is checked here:
the list of pictures against the README and docs/, and each picture's page on the demo data.
"""

import re

from tools.screenshots import DOCS, ROOT, SHOTS

PICTURE = re.compile(r"docs/([\w-]+\.png)")


def pictures_the_docs_show() -> set[str]:
    """Return the names of the docs/ pictures that README.md and docs/*.md show."""
    texts = [ROOT / "README.md", *DOCS.glob("*.md")]
    return {name for path in texts for name in PICTURE.findall(path.read_text())}


def test_every_picture_the_docs_show_is_made_and_every_one_made_is_shown():
    assert {shot.name for shot in SHOTS} == pictures_the_docs_show()


def test_every_picture_is_committed():
    assert {shot.name for shot in SHOTS} <= {path.name for path in DOCS.glob("*.png")}


def test_every_pictured_page_answers_on_the_demo_data(runner, client):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    for shot in SHOTS:
        client.set_cookie("lang", shot.language)
        response = client.get(shot.address)
        assert response.status_code == 200, shot
    chosen = [shot.chosen for shot in SHOTS if shot.chosen]
    assert client.get(f"/api/orgs/{chosen[0]}").status_code == 200
