"""status tokens stored as digests

The plain status token is replaced by its SHA-256 digest (links already sent keep
working: they are looked up by digest) and a seed from which new tokens are derived
with SECRET_KEY. Migrated rows have no seed: their links work, but later mail cannot
repeat them (it points to the link the submitter was given).

Revision ID: a91c3d5e7f20
Revises: e6786243f3ef
Create Date: 2026-11-28 01:00:00

"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "a91c3d5e7f20"
down_revision = "e6786243f3ef"
branch_labels = None
depends_on = None

submission = sa.table(
    "submission",
    sa.column("id", sa.Integer),
    sa.column("token", sa.String),
    sa.column("token_digest", sa.String),
)


def upgrade():
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.add_column(sa.Column("token_digest", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("token_seed", sa.String(length=64), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.select(submission.c.id, submission.c.token)).all()
    for row in rows:
        connection.execute(
            submission.update()
            .where(submission.c.id == row.id)
            .values(token_digest=hashlib.sha256(row.token.encode()).hexdigest())
        )
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.alter_column("token_digest", existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_constraint("uq_submission_token", type_="unique")
        batch_op.drop_column("token")
        batch_op.create_unique_constraint(
            batch_op.f("uq_submission_token_digest"), ["token_digest"]
        )


def downgrade():
    # The plain tokens cannot be recovered from their digests: links sent before the
    # upgrade stop working after a downgrade, and each row gets a new random token.
    import secrets

    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.add_column(sa.Column("token", sa.String(length=64), nullable=True))
    connection = op.get_bind()
    for (row_id,) in connection.execute(sa.select(submission.c.id)).all():
        connection.execute(
            submission.update()
            .where(submission.c.id == row_id)
            .values(token=secrets.token_urlsafe(32))
        )
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.alter_column("token", existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_constraint("uq_submission_token_digest", type_="unique")
        batch_op.drop_column("token_seed")
        batch_op.drop_column("token_digest")
        batch_op.create_unique_constraint("uq_submission_token", ["token"])
