"""Forms of local government: how a kind of jurisdiction legislates in one state.

The data lives in jurisdictions/forms/local-governments.yaml, each entry with its source
and which of its fields were checked against it; this module only reads and validates it.
A profile's own words always win over an entry, and an entry's over the kind's generic
default (drafter.inputs.kinds).
"""
from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .. import paths
from ..errors import ClauseError
from .jurisdiction import check_section_number
from .kinds import INSTRUMENTS, KINDS, STATE_CODES, US_STATES
from .validation import PublicSource, validate
from .yamlfile import load_yaml_file

class LocalForm(BaseModel):
    model_config = ConfigDict(extra="forbid")

    state: str
    kind: Literal[tuple(KINDS)]  # type: ignore[valid-type]
    legal_name: str | None = None
    article: bool | None = None         # true: "the Fairbanks North Star Borough" in a sentence
    word: str | None = None             # replaces [County/City/State]
    governing_body: str | None = None
    member_title: str | None = None
    presiding_officers: list[str] | None = Field(default=None, min_length=1)
    executive: str | None = None        # "none": this form has no executive
    executive_board: bool | None = None  # the executive is a board: no first-person order
    clerk: str | None = None
    police: str | None = None
    sheriff: str | None = None
    code_name: str | None = None
    # What the governing body adopts, the usual first; ["resolution"]: it has no ordinance power.
    instruments: list[Literal[tuple(INSTRUMENTS)]] | None = Field(  # type: ignore[valid-type]
        default=None, min_length=1)
    instruments_note: str | None = None  # why, in a sentence, for the message refusing another
    # Formulas may name {name}, {legal_name}, {the_legal_name} and {governing_body}.
    enacting_formula: str | None = None
    resolving_formula: str | None = None
    takes_effect: str | None = None
    # The adoption record: each reading a law gets, and a publication step, in order.
    readings: list[str] | None = Field(default=None, min_length=1)
    publication: str | None = None
    code_units: list[str] | None = Field(default=None, min_length=1)   # [Title, Chapter]
    code_verb: str | None = None             # "added to", "created in"
    section_number: str | None = None        # "{title}.{chapter}.{n10}"
    section_sign: str | None = None          # "§"
    manager: str | None = None               # the appointed manager the body directs
    executive_elected: bool | None = None    # the executive is elected on their own
    executive_orders: bool | None = None     # false: the executive issues no executive orders
    executive_veto: bool | None = None       # the executive approves or vetoes, even presiding
    jail: Literal["sheriff", "county", "regional", "state"] | None = None   # who runs it
    checked: list[str] = Field(default_factory=list)   # the fields compared with the source
    verified: bool
    source: PublicSource

    @field_validator("section_number")
    @classmethod
    def _section_number(cls, value: str | None) -> str | None:
        return check_section_number(value) if value is not None else None

    @model_validator(mode="after")
    def _consistent(self) -> "LocalForm":
        if self.state not in US_STATES:
            raise ValueError(f"{self.state!r} is not a two-letter state code")
        unknown = [f for f in self.checked if f not in self.word_fields() or getattr(self, f) is None]
        if unknown:
            raise ValueError(f"checked names fields this entry does not give: {unknown}")
        if self.verified != bool(self.checked):
            raise ValueError("verified is true exactly when some fields were checked")
        return self

    @classmethod
    def word_fields(cls) -> tuple[str, ...]:
        """The words an entry may give: every field but where it applies and its sourcing."""
        return tuple(f for f in cls.model_fields
                     if f not in ("state", "kind", "checked", "verified", "source"))

    def words(self) -> dict:
        """The fields this entry gives, as the kind's defaults would hold them."""
        given = {f: getattr(self, f) for f in self.word_fields() if getattr(self, f) is not None}
        for listed in ("presiding_officers", "instruments", "readings", "code_units"):
            if listed in given:
                given[listed] = tuple(given[listed])
        return given

    def unchecked(self) -> list[str]:
        """The words given that no source confirmed: not the note explaining a refusal (the
        entry's own prose) nor what residents call a place (no clerk certifies that)."""
        return [f for f in self.words()
                if f not in self.checked and f not in ("instruments_note", "community")]


class LocalPlace(LocalForm):
    """One government whose form is its own (a consolidated city-county, for one): found by
    any of its names, it takes the place of its state's entry for the kind."""

    names: list[str] = Field(min_length=1)   # what a person types: Nashville, Davidson
    community: str | None = None             # what residents call it: "residents of Nashville"

    @classmethod
    def word_fields(cls) -> tuple[str, ...]:
        return tuple(f for f in super().word_fields() if f != "names")


class FormsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    checked_on: dt.date
    forms: list[LocalForm]
    places: list[LocalPlace] = Field(default_factory=list)


@cache
def _data_file(name: str, model: type[BaseModel]):
    """One file of jurisdictions/forms/, read and checked once per process."""
    path = paths.jurisdictions_dir() / "forms" / name
    data, lines = load_yaml_file(path)
    return validate(model, data, lines=lines, source=str(path), error=ClauseError)


def _forms_file() -> FormsFile:
    return _data_file("local-governments.yaml", FormsFile)


@cache
def local_forms() -> dict[tuple[str, str], LocalForm]:
    """Every state entry by (state code, kind), read once per process."""
    return {(form.state, form.kind): form for form in _forms_file().forms}


@cache
def local_places() -> dict[tuple[str, str, str], LocalPlace]:
    """Every place entry by (state code, kind, any of its names in lower case)."""
    return {(place.state, place.kind, name.casefold()): place
            for place in _forms_file().places for name in place.names}


def local_form(state: str | None, kind: str, name: str = "") -> LocalForm | None:
    """The entry for a place by its name, else for its state (full name, as profiles hold
    it) and kind, if there is one."""
    code = STATE_CODES.get(state or "")
    place = local_places().get((code, kind, name.strip().casefold()))
    return place or local_forms().get((code, kind))


class SheriffRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    elected: bool
    none: bool = False        # no county sheriff at all
    verified: bool
    source: str


class SheriffsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    checked_on: dt.date
    default: SheriffRule
    states: dict[str, SheriffRule]


def sheriff_rules() -> SheriffsFile:
    return _data_file("sheriffs.yaml", SheriffsFile)


class JailRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    jail: Literal["sheriff", "county", "regional", "state"]
    verified: bool
    source: str


class JailsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    checked_on: dt.date
    states: dict[str, JailRule]


def jail_rules() -> JailsFile:
    return _data_file("jails.yaml", JailsFile)


def jail_rule(state: str | None) -> JailRule | None:
    """Who runs the jails of a state (full name) where it is not the county, if known."""
    return jail_rules().states.get(STATE_CODES.get(state or ""))


def sheriff_rule(state: str | None) -> SheriffRule:
    """Whether the sheriff of a county in this state (full name) is separately elected."""
    rules = sheriff_rules()
    return rules.states.get(STATE_CODES.get(state or ""), rules.default)
