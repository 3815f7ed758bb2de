"""throttle events shared by every app server

Revision ID: 8aae0ad3c3ed
Revises: a91c3d5e7f20
Create Date: 2026-11-28 01:06:47.811548

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "8aae0ad3c3ed"
down_revision = "a91c3d5e7f20"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "throttle_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_throttle_event")),
    )
    with op.batch_alter_table("throttle_event", schema=None) as batch_op:
        batch_op.create_index("ix_throttle_event_key_at", ["key", "at"], unique=False)


def downgrade():
    with op.batch_alter_table("throttle_event", schema=None) as batch_op:
        batch_op.drop_index("ix_throttle_event_key_at")
    op.drop_table("throttle_event")
