"""The language a submission's form was in, and an index to find an address's submissions

Revision ID: 1c6734f581ca
Revises: 63deb12df449
Create Date: 2026-12-03 08:38:37.517446

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "1c6734f581ca"
down_revision = "63deb12df449"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=8), server_default="en", nullable=False)
        )
        batch_op.create_index("ix_submission_contact_email", ["contact_email"], unique=False)
    # Addresses are kept in lower case from now on, so that an index finds them.
    op.execute("UPDATE submission SET contact_email = lower(contact_email)")


def downgrade():
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.drop_index("ix_submission_contact_email")
        batch_op.drop_column("language")
