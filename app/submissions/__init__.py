"""Submissions: the answers a survey form sends, beneath every page that shows or judges them.

How answers are stored (services), the review's states and moves (workflow), versions, and
the hooks features register instead of being imported from here (hooks).
"""
