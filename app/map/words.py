"""What the map's scripts say, in the page's language (the page's data-words).

JavaScript has no gettext: the page carries each English message the scripts show with
its translation, and words() in map-text.js looks a message up by its English, keeping
the English when the page has no translation. %(name)s is for the script to fill. A
message with a count has its words for one and for many, and the script chooses by the
count. The map page is kept per language, so these are made once per language.
"""

from flask_babel import gettext, ngettext

from app.i18n import DEFAULT_LANGUAGE, N_, in_language

COUNT = "%(count)s"  # left in the words with a count, for the script to fill

MESSAGES = (
    # map-text.js: the summary, the changes since a wave, the API's refusals
    N_("%(first)s and %(last)s"),
    N_("No organization matches these filters. Choose Reset to see the whole network."),
    N_("%(shown)s in %(waves)s"),
    N_("%(shown)s, with the filters chosen."),
    N_("Changes since %(since)s, in %(compared)s: %(changes)s."),
    N_("each organization's latest answers"),
    N_("The map could not be loaded."),
    N_("The map shows the network without these filters:"),
    N_("The map still shows the last view. Change these filters:"),
    # map.js
    N_(
        "The map opens on its largest group, %(count)s of %(total)s organizations. "
        "“Show all” draws the rest."
    ),
    N_("Loading the rest of the map…"),
    N_("The rest of the map could not be loaded. Please try again."),
    N_("The map could not be loaded (error %(status)s). Please try again later."),
    N_("The map could not be loaded: the server did not answer."),
    N_("No organization on the map matches “%(text)s”."),
    N_("Type part of an organization's name first."),
    N_(
        "The map could not start: its drawing library is missing. "
        "The table view below shows the same data."
    ),
    # map-panel.js and map-panel-org.js: the side panel
    N_("Loading…"),
    N_("This organization or relationship is not on the public map (any more)."),
    N_("The details could not be loaded. Please try again."),
    N_("Organization"),
    N_("Relationship"),
    N_("What the partner cares about"),
    N_("Themes"),
    N_("How the relationship was built"),
    N_("Yes"),
    N_("No"),
    N_("Involvement with local civic tech groups"),
    N_("Has given a group assistance"),
    N_("Assistance given"),
    N_("Barriers met"),
    N_("Events attended"),
    N_("Wants a stronger relationship"),
    N_("Shares %(names)s"),
    N_("Also works with: %(kinds)s"),
    N_("Show %(count)s more"),
    N_("its partnership with %(name)s"),
    N_("Not on the map with the filters chosen."),
    N_("Organization page"),
    N_("Website:"),
    N_("Place in the network"),
    N_("Partners"),
    N_("Named as a partner by"),
    N_("Involvement with civic tech groups"),
    N_("Local groups it works with:"),
    N_("Data intermediaries that work with it"),
    N_("Wants to learn from"),
    N_("Others who want to learn from it"),
    N_("Who else works with partners like mine"),
    N_("No other brigade shares a partner or a kind of partner yet."),
    N_("%(source)s and %(target)s"),
    N_("%(source)s wants to learn from %(target)s"),
    N_("%(source)s works with %(target)s"),
    N_("Partnership"),
    N_("Learning interest"),
    N_("Data intermediary and local group"),
    N_("Named the partner"),
    N_("Partner"),
    N_("Wants to learn"),
    N_("To learn from"),
    N_("Data intermediary"),
    N_("Local group"),
    N_("What the answers say"),
    N_("Where this comes from"),
    N_("Reported by"),
    N_("%(organization)s, in %(wave)s"),
    N_("Approved on"),
    N_("The partner"),
    N_("What matters to it, in its own words"),
    N_("What matters to the partner, in its own words"),
    N_("About"),
    N_("Note"),
    N_("The answers say nothing more about this relationship."),
    # map-export.js: the link, the downloads and the PNG's caption
    N_("Civic tech partnership map"),
    N_("Filters: %(filters)s"),
    N_("No filters: the whole network."),
    N_("Data: %(credit)s"),
    N_("Downloaded the view as constellation-map.png, with its title, legend and credit."),
    N_("Downloaded the view as constellation-map.json."),
    N_("Copy the link below (Ctrl+C or ⌘C)."),
    N_("Link copied. It opens this view, with its filters and chosen organization."),
    # map-appearance.js: the legend of sizes and colours
    N_("Bigger shapes have more relationships."),
    N_("Bigger shapes lie more often on the shortest path between two others."),
    N_("Group %(number)s (%(count)s shown)"),
    N_("Smaller groups, or alone"),
    N_("Groups: organizations more tied to each other than to the rest"),
    N_("Other states, or not known"),
    N_("States with the most organizations shown"),
    # map-geo.js
    N_("The Geography view could not be loaded; the network is shown instead."),
)


def _counted(n: int) -> list[str]:
    """Return the messages with a count in their form for `n` (1: one; 2: many)."""
    return [
        ngettext("%(count)s brigade", "%(count)s brigades", n, count=COUNT),
        ngettext("%(count)s other organization", "%(count)s other organizations", n, count=COUNT),
        ngettext("%(count)s relationship", "%(count)s relationships", n, count=COUNT),
        ngettext("%(count)s partnership", "%(count)s partnerships", n, count=COUNT),
        ngettext("%(count)s learning interest", "%(count)s learning interests", n, count=COUNT),
        ngettext("%(count)s involvement link", "%(count)s involvement links", n, count=COUNT),
        ngettext(
            "%(count)s new relationship (drawn thick)",
            "%(count)s new relationships (drawn thick)",
            n,
            count=COUNT,
        ),
        # The same English for one and many; other languages may need a singular.
        ngettext("%(count)s continuing", "%(count)s continuing", n, count=COUNT),
        ngettext(
            "%(count)s ended (faded, dashed)", "%(count)s ended (faded, dashed)", n, count=COUNT
        ),
        ngettext(
            "%(count)s not confirmed (thin)", "%(count)s not confirmed (thin)", n, count=COUNT
        ),
        ngettext(
            "%(count)s organization that answered %(wave)s has not answered again.",
            "%(count)s organizations that answered %(wave)s have not answered again.",
            n,
            count=COUNT,
            wave="%(wave)s",
        ),
    ]


def map_words() -> dict[str, str | list[str]]:
    """Return the scripts' messages that the page's language words otherwise than English.

    Each is keyed by its English (a message with a count by its English for one) and
    gives its translation (for a count: [for one, for many]). An English page gets none.
    """
    words: dict[str, str | list[str]] = {}
    for english in MESSAGES:
        translated = gettext(english)
        if translated != english:
            words[english] = translated
    with in_language(DEFAULT_LANGUAGE):
        english_forms = list(zip(_counted(1), _counted(2), strict=True))
    here = zip(_counted(1), _counted(2), strict=True)
    for (one, many), forms in zip(english_forms, here, strict=True):
        if forms != (one, many):
            words[one] = list(forms)
    return words
