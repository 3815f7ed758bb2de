"""`flask users ...`: account management from the command line."""

from flask.cli import AppGroup

users_command = AppGroup("users", help="Manage moderator and admin accounts.")
