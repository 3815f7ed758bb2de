"""Wave invitations: personal links to a survey, reminders and opt-outs."""
