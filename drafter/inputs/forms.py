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

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .. import paths
from ..errors import ClauseError
from .kinds import KINDS, STATE_CODES, US_STATES
from .validation import validate
from .yamlfile import load_yaml_file

class LocalForm(BaseModel):
    model_config = ConfigDict(extra="forbid")

    state: str
    kind: Literal[tuple(KINDS)]  # type: ignore[valid-type]
    legal_name: str | None = None
    article: bool | None = None         # true: "the Fairbanks North Star Borough" in a sentence
    governing_body: str | None = None
    member_title: str | None = None
    presiding_officers: list[str] | None = Field(default=None, min_length=1)
    executive: str | None = None        # "none": this form has no executive
    clerk: str | None = None
    police: str | None = None
    sheriff: str | None = None
    enacting_formula: str | None = None
    takes_effect: str | None = None
    checked: list[str] = Field(default_factory=list)   # the fields compared with the source
    verified: bool
    source: str

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
        if "presiding_officers" in given:
            given["presiding_officers"] = tuple(given["presiding_officers"])
        return given

    def unchecked(self) -> list[str]:
        return [f for f in self.words() if f not in self.checked]


class FormsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    checked_on: dt.date
    forms: list[LocalForm]


@cache
def local_forms() -> dict[tuple[str, str], LocalForm]:
    """Every entry by (state code, kind), read once per process."""
    path = paths.jurisdictions_dir() / "forms" / "local-governments.yaml"
    data, lines = load_yaml_file(path)
    parsed = validate(FormsFile, data, lines=lines, source=str(path), error=ClauseError)
    return {(form.state, form.kind): form for form in parsed.forms}


def local_form(state: str | None, kind: str) -> LocalForm | None:
    """The entry for a state (full name, as profiles hold it) and kind, if there is one."""
    return local_forms().get((STATE_CODES.get(state or ""), kind))


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


@cache
def sheriff_rules() -> SheriffsFile:
    path = paths.jurisdictions_dir() / "forms" / "sheriffs.yaml"
    data, lines = load_yaml_file(path)
    return validate(SheriffsFile, data, lines=lines, source=str(path), error=ClauseError)


def sheriff_rule(state: str | None) -> SheriffRule:
    """Whether the sheriff of a county in this state (full name) is separately elected."""
    rules = sheriff_rules()
    return rules.states.get(STATE_CODES.get(state or ""), rules.default)
