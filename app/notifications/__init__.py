"""Email to submitters and moderators, through SMTP or the outbox."""
