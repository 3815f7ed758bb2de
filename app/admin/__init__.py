"""Administration: user accounts (and, later, survey waves)."""
