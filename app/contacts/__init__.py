"""Who speaks for an organization: its contacts, and erasing an address on request."""
