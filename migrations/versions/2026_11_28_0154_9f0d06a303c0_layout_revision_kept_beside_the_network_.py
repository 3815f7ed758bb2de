"""layout revision kept beside the network revision

Existing stored positions count as the layout of the revision they name, so a site
that upgrades keeps its map; the next change lays it out in the background.

Revision ID: 9f0d06a303c0
Revises: 8aae0ad3c3ed
Create Date: 2026-11-28 01:54:51.457135

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9f0d06a303c0"
down_revision = "8aae0ad3c3ed"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("network_revision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("laid_out", sa.Integer(), server_default="0", nullable=False))
    op.execute(
        "UPDATE network_revision SET laid_out = "
        "(SELECT COALESCE(MIN(revision), 0) FROM node_position)"
    )


def downgrade():
    with op.batch_alter_table("network_revision", schema=None) as batch_op:
        batch_op.drop_column("laid_out")
