"""The themes of the 2022 demo answers, found in their words with a small keyword map.

Most of the 58 demo partnerships have no priorities text (the 2022 post lists them by
name only), so a partner's name is read too: "Mid-Ohio Food Bank" is about food. The map
is explicit and its order fixed, so every run gives each answer the same themes.
"""

import re

# theme slug -> words that, found in the priorities or the partner's name, mean it.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "open-data": ("open data", "data portal", "data more accessible", "data insight",
                  "data analytics", "data science", "data programs"),
    "public-services": ("services it offers", "neighborhood services", "public works",
                        "its offerings"),
    "civic-participation": ("public participation", "legislators", "participatory budgeting",
                            "neighborhood council", "commissioners"),
    "justice": ("death penalty", "legal aid", "lawyers", "justice"),
    "environment": ("water quality", "trash", "environment", "green up", "energy"),
    "digital-inclusion": ("in tech", "coding", "computer", "hackerspace", "techquity",
                          "tech4good", "dev/mission", "web development", "hack 4 good"),
    "education": ("education", "learn about", "service-learning", "universidad", "university"),
    "food": ("food", "hunger", "garden"),
    "health": ("health",),
    "economic-development": ("employment", "kentuckiana works", "impact hub", "social venture"),
    "transportation": ("caltrans", "transportation", "association of governments"),
    "immigration": ("immigration", "farmworkers", "work permits"),
}  # fmt: skip


def _pattern(words: tuple[str, ...]) -> re.Pattern:
    """Match any of `words` as whole words ("in tech" is not in "blockchain technology")."""
    return re.compile(r"\b(?:" + "|".join(re.escape(word) for word in words) + r")\b")


PATTERNS = {slug: _pattern(words) for slug, words in KEYWORDS.items()}


def demo_themes(priorities: str, partner: str) -> list[str]:
    """Return the slugs of the themes the keywords find in an answer, in the map's order."""
    text = f"{priorities} {partner}".casefold()
    return [slug for slug, pattern in PATTERNS.items() if pattern.search(text)]
