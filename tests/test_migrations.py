"""The migrations build the schema the models describe, on SQLite and PostgreSQL."""

import flask_migrate
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.extensions import db
from app.trigrams import TRIGRAM_INDEXES, include_object


def schema_differences() -> list:
    """Return what autogenerate would change to make the database match the models."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "render_as_batch": True, "include_object": include_object},
        )
        return compare_metadata(context, db.metadata)


def test_models_and_migrations_agree(app):
    assert schema_differences() == []


def test_downgrade_to_empty_and_upgrade_to_head(app):
    flask_migrate.downgrade(revision="base")
    assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
    flask_migrate.upgrade()
    assert schema_differences() == []


def test_name_searches_use_trigram_indexes_on_postgresql(app):
    if db.engine.dialect.name != "postgresql":
        return  # SQLite has none; the searches scan the names
    available = db.session.scalar(
        sa.text("SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_trgm'")
    )
    indexes = {
        index["name"]
        for table in ("organization", "organization_alias")
        for index in sa.inspect(db.engine).get_indexes(table)
    }
    assert (TRIGRAM_INDEXES.keys() <= indexes) == bool(available)
