"""Open data: the approved network as CSV, JSON and GraphML files."""
