"""The public JSON API the map reads: the network, organizations and relationships."""
