"""network figures kept per wave

The background job fills the table after the next change to public data, or at once
with `flask --app wsgi lay-out`.

Revision ID: 52e03e15e670
Revises: c4e8a2b71d93
Create Date: 2026-11-28 10:05:59.640921

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "52e03e15e670"
down_revision = "c4e8a2b71d93"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "network_insight",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wave_id", sa.Integer(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("organizations", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["wave_id"],
            ["survey_wave.id"],
            name=op.f("fk_network_insight_wave_id_survey_wave"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_insight")),
        sa.UniqueConstraint("wave_id", name=op.f("uq_network_insight_wave_id")),
    )
    # An existing site has no figures yet: mark its layout as behind, so the background
    # job runs (and computes them) on the next visit to the map.
    op.execute("UPDATE network_revision SET laid_out = 0")


def downgrade():
    op.drop_table("network_insight")
