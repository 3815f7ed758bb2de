"""The published revision, and the layout job's claim on a revision

Public pages are kept for the revision the job last published (built once for every
worker and host); the claim keeps two processes from laying out one revision. Existing
databases start unpublished: the job publishes the current revision when it next runs.

Revision ID: 5e1f0c2a9b7d
Revises: c0800209962e
Create Date: 2026-12-08 09:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5e1f0c2a9b7d"
down_revision = "c0800209962e"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("network_revision", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("published", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("published_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("layout_claimed", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("layout_claimed_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("network_revision", schema=None) as batch_op:
        batch_op.drop_column("layout_claimed_at")
        batch_op.drop_column("layout_claimed")
        batch_op.drop_column("published_at")
        batch_op.drop_column("published")
