"""Small helpers shared by the tests."""

from contextlib import contextmanager

import sqlalchemy as sa

from app.extensions import db
from app.models import Submission
from app.network import bump_revision


def count(model) -> int:
    """Count the rows of `model`'s table."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def newest_submission() -> Submission:
    """Return the newest submission, fresh from the database."""
    db.session.expire_all()
    return db.session.scalars(sa.select(Submission).order_by(Submission.id.desc())).first()


@contextmanager
def count_queries():
    """Collect the SQL statements run inside the block (for fixed-query-count tests)."""
    statements = []

    def before(conn, cursor, statement, *args):
        """Note one statement."""
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", before)


def publish() -> None:
    """Bump the network revision, as every service that changes approved data does.

    Tests that write answers as rows call this, so that the pages cached for the last
    revision are not served again.
    """
    bump_revision()
    db.session.commit()


def stored_text_holding(needles: list[str], skip: tuple[str, ...] = ()) -> list[tuple]:
    """Return (table, column, needle) wherever a text or JSON column of any table holds a needle.

    Reads every table the database has, row by row, case-insensitively; `skip` names
    tables left out (accounts, say, which are not contacts).
    """
    needles = [needle.lower() for needle in needles if needle]
    found = []
    with db.engine.connect() as connection:
        metadata = sa.MetaData()
        metadata.reflect(connection)
        for table in metadata.sorted_tables:
            if table.name in skip:
                continue
            texts = (sa.String, sa.Text, sa.JSON)
            columns = [c for c in table.columns if isinstance(c.type, texts)]
            if not columns:
                continue
            for row in connection.execute(sa.select(*columns)):
                for column, value in zip(columns, row, strict=True):
                    text = str(value).lower() if value is not None else ""
                    found += [(table.name, column.name, n) for n in needles if n in text]
    return found
