"""Accounts for moderators and admins: sign-in, roles and permissions."""
