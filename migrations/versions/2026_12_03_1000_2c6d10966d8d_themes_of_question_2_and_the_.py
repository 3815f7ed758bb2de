"""Themes of question 2 and the partnership answers that tick them

Revision ID: 2c6d10966d8d
Revises: ba7c898babc0
Create Date: 2026-12-03 10:00:15.865172

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "2c6d10966d8d"
down_revision = "ba7c898babc0"
branch_labels = None
depends_on = None

# The themes the site starts with, as app/themes/catalogue.py's SEEDED listed them when
# this migration was written (a migration is a snapshot: it does not import the app).
# Admins change the list afterwards at /admin/themes; seed-demo adds any that are missing.
SEEDED = [
    ("open-data", "Open data"),
    ("public-services", "Public services"),
    ("civic-participation", "Civic participation"),
    ("justice", "Justice and legal aid"),
    ("environment", "Environment"),
    ("digital-inclusion", "Digital inclusion and tech skills"),
    ("education", "Education"),
    ("food", "Food"),
    ("health", "Health"),
    ("economic-development", "Jobs and economic development"),
    ("transportation", "Transportation"),
    ("housing", "Housing"),
    ("immigration", "Immigration"),
]


def upgrade():
    theme = op.create_table(
        "theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_theme")),
        sa.UniqueConstraint("slug", name=op.f("uq_theme_slug")),
    )
    op.create_table(
        "partnership_answer_theme",
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["partnership_answer.id"],
            name=op.f("fk_partnership_answer_theme_answer_id_partnership_answer"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"], ["theme.id"], name=op.f("fk_partnership_answer_theme_theme_id_theme")
        ),
        sa.PrimaryKeyConstraint("answer_id", "theme_id", name=op.f("pk_partnership_answer_theme")),
    )
    op.create_index(
        op.f("ix_partnership_answer_theme_theme_id"),
        "partnership_answer_theme",
        ["theme_id"],
        unique=False,
    )
    op.bulk_insert(
        theme,
        [
            {"slug": slug, "label": label, "position": position, "active": True}
            for position, (slug, label) in enumerate(SEEDED)
        ],
    )


def downgrade():
    op.drop_index(
        op.f("ix_partnership_answer_theme_theme_id"), table_name="partnership_answer_theme"
    )
    op.drop_table("partnership_answer_theme")
    op.drop_table("theme")
