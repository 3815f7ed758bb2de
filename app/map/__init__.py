"""The public network map page: the approved network drawn with Cytoscape.js."""
