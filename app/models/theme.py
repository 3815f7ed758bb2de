"""Themes: the short list of what matters to partners, ticked beside question 2's free text."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model, db

# Which themes a partnership answer names. Rows go with the answer; a theme is never
# deleted (retired instead), so old answers keep theirs.
partnership_answer_theme = sa.Table(
    "partnership_answer_theme",
    db.metadata,
    sa.Column(
        "answer_id",
        sa.ForeignKey("partnership_answer.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("theme_id", sa.ForeignKey("theme.id"), primary_key=True, index=True),
)


class Theme(Model):
    """One theme a partner may care about; admins add, rename and retire them."""

    __tablename__ = "theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    # English, as written; a seeded theme's label is translated through the catalogue.
    label: Mapped[str] = mapped_column(sa.String(80))
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
