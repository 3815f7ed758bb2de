"""Trigram indexes on PostgreSQL, for the name searches (suggestions, likely duplicates).

Both match a typed word anywhere in a name (`name_key LIKE '% word%'`), which a b-tree
index cannot serve. PostgreSQL's pg_trgm extension can: a GIN index over trigrams answers
such a LIKE without reading every organization. A migration creates the extension and the
indexes where the server allows it; elsewhere (SQLite, or a server without pg_trgm) the
same queries scan the names, which stays quick at tens of thousands of organizations.

The indexes are not in the models, since SQLite has no such thing: migrations that
compare the models with the database leave them be (`include_object`).
"""

# index name -> (table, column)
TRIGRAM_INDEXES = {
    "ix_organization_name_key_trgm": ("organization", "name_key"),
    "ix_organization_alias_name_key_trgm": ("organization_alias", "name_key"),
}


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Tell Alembic's comparison to leave out the trigram indexes the models do not describe."""
    return not (type_ == "index" and reflected and compare_to is None and name in TRIGRAM_INDEXES)
