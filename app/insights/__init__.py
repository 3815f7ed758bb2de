"""Network insight: who the hubs and brokers are, which groups exist, wave after wave."""
