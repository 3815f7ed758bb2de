"""Wave invitations (a personal link per organization, wave and survey) and opt-outs

Revision ID: ba7c898babc0
Revises: 1c6734f581ca
Create Date: 2026-12-03 09:12:47.586697

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "ba7c898babc0"
down_revision = "1c6734f581ca"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "invitation_opt_out",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation_opt_out")),
        sa.UniqueConstraint("email", name=op.f("uq_invitation_opt_out_email")),
    )
    op.create_table(
        "wave_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wave_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column(
            "survey_kind",
            sa.Enum("partnership", "involvement", name="surveykind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "sent", "opened", "answered", name="invitationstatus", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("token_seed", sa.String(length=64), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("last_reminded_at", sa.DateTime(), nullable=True),
        sa.Column("submission_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_wave_invitation_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submission.id"],
            name=op.f("fk_wave_invitation_submission_id_submission"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["wave_id"], ["survey_wave.id"], name=op.f("fk_wave_invitation_wave_id_survey_wave")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wave_invitation")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_wave_invitation_token_digest")),
        sa.UniqueConstraint(
            "wave_id", "organization_id", "survey_kind", name=op.f("uq_wave_invitation_wave_id")
        ),
    )
    with op.batch_alter_table("wave_invitation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wave_invitation_email"), ["email"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_wave_invitation_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_wave_invitation_wave_id"), ["wave_id"], unique=False)


def downgrade():
    with op.batch_alter_table("wave_invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wave_invitation_wave_id"))
        batch_op.drop_index(batch_op.f("ix_wave_invitation_organization_id"))
        batch_op.drop_index(batch_op.f("ix_wave_invitation_email"))

    op.drop_table("wave_invitation")
    op.drop_table("invitation_opt_out")
