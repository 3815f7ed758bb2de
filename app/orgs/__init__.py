"""Organizations: lookup by name, creation from survey answers, public listings."""
