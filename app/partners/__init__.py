"""A partner's say: it confirms, corrects or declines a relationship others reported."""
