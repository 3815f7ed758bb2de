"""What a correction changed in a submission's themes, for its audit line."""

from app.models import Submission


def themes_by_partner(submission: Submission) -> dict[str, list[str]]:
    """Return the slugs of the themes each partner's answer names, by partner name."""
    return {
        answer.partner.name: [theme.slug for theme in answer.themes]
        for answer in submission.partnerships
    }


def theme_changes(before: dict[str, list[str]], after: dict[str, list[str]]) -> str:
    """Return 'themes: Partner: a, b → c; …' for each partner whose themes changed, or ''."""
    changed = [
        f"{name}: {', '.join(before.get(name, [])) or '—'} → {', '.join(slugs) or '—'}"
        for name, slugs in after.items()
        if sorted(slugs) != sorted(before.get(name, []))
    ]
    return f"themes: {'; '.join(changed)}" if changed else ""
