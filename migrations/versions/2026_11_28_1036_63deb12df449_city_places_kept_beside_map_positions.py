"""city places kept beside map positions

Filled by the background layout job; the next change to public data (or
`flask --app wsgi lay-out`) places every organization whose city is known.

Revision ID: 63deb12df449
Revises: 52e03e15e670
Create Date: 2026-11-28 10:36:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "63deb12df449"
down_revision = "52e03e15e670"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("node_position", schema=None) as batch_op:
        batch_op.add_column(sa.Column("latitude", sa.Double(), nullable=True))
        batch_op.add_column(sa.Column("longitude", sa.Double(), nullable=True))
    op.execute("UPDATE network_revision SET laid_out = 0")  # have the job fill them in


def downgrade():
    with op.batch_alter_table("node_position", schema=None) as batch_op:
        batch_op.drop_column("longitude")
        batch_op.drop_column("latitude")
