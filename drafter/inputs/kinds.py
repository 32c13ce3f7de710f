"""Words each kind of jurisdiction uses by default; a profile can override every one."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .places import us_states


@dataclass(frozen=True)
class KindDefaults:
    legal_name: str             # "{name}" is the profile's name
    word: str                   # replaces [County/City/State] in the model rules
    governing_body: str
    member_title: str
    presiding_officers: tuple[str, ...]
    executive: str | None       # signs or vetoes what the governing body passes
    clerk: str
    police: str | None
    sheriff: str | None
    code_name: str
    instrument: str             # "ordinance" for local law, "Act" for a state's law (INSTRUMENTS)
    state_level: bool = False   # a state, commonwealth or district: no separate "state"
    # The adoption record's lines: the readings a law gets, and a publication step where the
    # state's form requires one (jurisdictions/forms); blanks for the clerk by default.
    readings: tuple[str, ...] = ("First reading", "Second reading")
    publication: str | None = None
    # The code's units, from the largest named to the one a law adds, and how a law says it
    # adds one; a chapter alone when nothing is known (never a guessed Title).
    code_units: tuple[str, ...] = ("Chapter",)
    code_verb: str = "added to"


KINDS: dict[str, KindDefaults] = {
    "city": KindDefaults(
        "City of {name}", "City", "City Council", "Councilmember",
        ("President of the City Council",), "Mayor", "City Clerk",
        "{name} Police Department", None, "{name} Municipal Code", "ordinance"),
    "county": KindDefaults(
        "{name} County", "County", "Board of County Commissioners", "Commissioner",
        ("Chair of the Board of County Commissioners",), None, "County Clerk",
        None, "{name} County Sheriff’s Office", "{name} County Code", "ordinance"),
    "town": KindDefaults(
        "Town of {name}", "Town", "Town Council", "Councilmember",
        ("President of the Town Council",), "Mayor", "Town Clerk",
        "{name} Police Department", None, "{name} Town Code", "ordinance"),
    "village": KindDefaults(
        "Village of {name}", "Village", "Board of Trustees", "Trustee",
        ("Village President",), None, "Village Clerk",
        "{name} Police Department", None, "{name} Village Code", "ordinance"),
    "township": KindDefaults(
        "{name} Township", "Township", "Board of Trustees", "Trustee",
        ("Township Supervisor",), None, "Township Clerk",
        "{name} Township Police Department", None, "{name} Township Code", "ordinance"),
    "borough": KindDefaults(
        "Borough of {name}", "Borough", "Borough Council", "Councilmember",
        ("President of the Borough Council",), "Mayor", "Borough Clerk",
        "{name} Police Department", None, "{name} Borough Code", "ordinance"),
    "parish": KindDefaults(
        "{name} Parish", "Parish", "Parish Council", "Councilmember",
        ("Chair of the Parish Council",), "Parish President", "Clerk of the Parish Council",
        None, "{name} Parish Sheriff’s Office", "{name} Parish Code of Ordinances", "ordinance"),
    "city-and-county": KindDefaults(
        "City and County of {name}", "City and County", "Board of Supervisors", "Supervisor",
        ("President of the Board of Supervisors",), "Mayor", "Clerk of the Board of Supervisors",
        "{name} Police Department", "{name} Sheriff’s Office", "{name} Municipal Code",
        "ordinance"),
    "state": KindDefaults(
        "State of {name}", "State", "Legislature", "Legislator",
        ("President of the Senate", "Speaker of the House of Representatives"), "Governor",
        "Secretary of State", None, None, "{name} Statutes", "Act", state_level=True),
    "commonwealth": KindDefaults(
        "Commonwealth of {name}", "Commonwealth", "General Assembly", "Legislator",
        ("President of the Senate", "Speaker of the House of Representatives"), "Governor",
        "Secretary of the Commonwealth", None, None, "{name} Statutes", "Act",
        state_level=True),
    "district": KindDefaults(
        "District of {name}", "District", "Council", "Councilmember",
        ("Chair of the Council",), "Mayor", "Secretary to the Council",
        None, None, "District of {name} Code", "Act", state_level=True),
}

@dataclass(frozen=True)
class Instrument:
    """What a governing body adopts: the word in a sentence, in a title, with its article."""
    title: str                  # "Local Law": in a short title ("... Community Trust Local Law")
    with_article: str           # "a local law"
    is_law: bool = True         # False: the body acts by resolution only; no law can be drafted


# Every instrument a profile or a state's form may name, by the word used in a sentence.
INSTRUMENTS: dict[str, Instrument] = {
    "ordinance": Instrument("Ordinance", "an ordinance"),
    "Act": Instrument("Act", "an Act"),
    "by-law": Instrument("By-law", "a by-law"),
    "local law": Instrument("Local Law", "a local law"),
    "resolution": Instrument("Resolution", "a resolution", is_law=False),
}


# Legal names that read "the City of X" rather than "X County".
# Consolidated governments read the same way: "the Metropolitan Government of Nashville and
# Davidson County", "the City and Borough of Juneau", "the Unified Government of Wyandotte
# County and Kansas City, Kansas", "the Municipality of Anchorage".
# A legal name made of government words and "of" ("City of", "Charter Township of",
# "Unified Government of") takes "the" inside a sentence; "Juniper County" does not.
_GOVERNMENT_WORDS = ("City|Town|Village|Borough|State|Commonwealth|District|County|Parish|"
                     "Township|Municipality|Charter|Metropolitan|Unified|Consolidated|"
                     "Government|Corporation|Mayor|Council|and")
ARTICLE_NAME = re.compile(rf"^(?:(?:{_GOVERNMENT_WORDS}) )+of |^Consolidated ")


def takes_article(legal_name: str) -> bool:
    """Whether a legal name reads with "the" inside a sentence: "the Charter Township of
    Meridian", but "Juniper County"."""
    return bool(ARTICLE_NAME.match(legal_name))

US_STATES = us_states()   # from the `us` package: {"OR": "Oregon", ...}

STATE_CODES = {name: code for code, name in US_STATES.items()}   # "Illinois" -> "IL"


def normalise_kind(value):
    """'City', ' City and County ' -> 'city', 'city-and-county': how people write a kind."""
    return "-".join(value.strip().lower().split()) if isinstance(value, str) else value


def normalise_state(value: str) -> str | None:
    """The full state name for a name or two-letter code, or None when unknown."""
    text = value.strip()
    if text.upper() in US_STATES:
        return US_STATES[text.upper()]
    by_name = {name.lower(): name for name in US_STATES.values()}
    return by_name.get(text.lower())
