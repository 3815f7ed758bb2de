"""Moderation: the review queue, decisions, organization merges and the audit log."""
