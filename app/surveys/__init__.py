"""The public surveys: partnership and civic tech involvement."""
