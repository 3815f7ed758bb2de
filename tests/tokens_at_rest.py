"""No private link's token is ever kept in clear: checked before every test's tables are emptied.

Every token the site makes for a private link (a status page, a partner's page, an
invitation, an account's first password) is derived by app.tokens.derive; this plugin
notes each one the run derives, and `assert_no_token_at_rest` reads every text and JSON
column of every table for them. conftest.empty_all_tables calls it, so every test of the
suite, the browser tests included, ends with the check. Loaded as a pytest plugin by
tests/conftest.py.
"""

import pytest
import sqlalchemy as sa

from app import tokens
from app.extensions import db

ISSUED: set[str] = set()  # tokens derived since the last check


@pytest.fixture(scope="session", autouse=True)
def note_every_token():
    """Note each token the site derives during the run (the site's behaviour is unchanged)."""
    derive = tokens.derive

    def noting(seed, key, purpose=tokens.PURPOSE):
        """Derive the token as the site does, and note it."""
        token = derive(seed, key, purpose)
        ISSUED.add(token)
        return token

    tokens.derive = noting
    yield
    tokens.derive = derive


def tokens_at_rest(issued: set[str]) -> list[tuple[str, str]]:
    """Return (table, column) wherever a text or JSON column holds one of `issued`."""
    found = []
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, sa.String | sa.JSON)]
            for row in connection.execute(sa.select(*columns)) if columns else []:
                for column, value in zip(columns, row, strict=True):
                    text = str(value) if value is not None else ""
                    found += [(table.name, column.name) for token in issued if token in text]
    return found


def assert_no_token_at_rest() -> None:
    """Fail if any token derived since the last check is kept in clear; then forget them."""
    issued = set(ISSUED)
    ISSUED.clear()
    if issued:
        found = tokens_at_rest(issued)
        assert found == [], f"a private link's token is kept in clear in {sorted(set(found))}"
