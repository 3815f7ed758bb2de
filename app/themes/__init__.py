"""Themes of question 2: the list (catalogue), its admin changes (services), their pages."""
