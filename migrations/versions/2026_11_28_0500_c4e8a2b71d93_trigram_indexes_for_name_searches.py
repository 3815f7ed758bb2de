"""trigram indexes for name searches, on PostgreSQL where pg_trgm is available

Suggestions and likely duplicates match a word anywhere in a name; a GIN trigram index
serves that LIKE. Where the extension cannot be created (not installed, or the role may
not create it), nothing is done and the searches scan the names as before.

Revision ID: c4e8a2b71d93
Revises: 9f0d06a303c0
Create Date: 2026-11-28 05:00:00

"""

import sqlalchemy as sa
from alembic import op

from app.trigrams import TRIGRAM_INDEXES

# revision identifiers, used by Alembic.
revision = "c4e8a2b71d93"
down_revision = "9f0d06a303c0"
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    try:
        with bind.begin_nested():
            # In one schema for the whole database (an extension exists once per
            # database), whatever schema this migration works in.
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public")
    except sa.exc.DBAPIError:
        return  # no pg_trgm here: the searches scan the names
    schema = bind.scalar(
        sa.text(
            "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
        )
    )
    for name, (table, column) in TRIGRAM_INDEXES.items():
        op.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin ({column} {schema}.gin_trgm_ops)"
        )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
