"""State law on local limits to immigration enforcement: what each state's law restricts or
already protects, which rules it puts at risk, and what a campaign risks by ignoring it.

The facts live in jurisdictions/law/state-law.yaml (one entry per state and the District
of Columbia, each law with its sources, the date it was checked and a `verified` flag).
Here they are validated and turned into the warnings, notes and choices a run needs:
warnings never block unless --strict; --state-safe leaves out what a law forbids.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .. import paths
from ..errors import ClauseError
from ..i18n import N_
from .clauses import Clause
from .jurisdiction import Jurisdiction
from .kinds import US_STATES, normalise_state
from ..words import join_and
from .validation import check_public_source, validate
from .yamlfile import load_yaml_file

NOT_ADVICE = "drafting help, not legal advice"

# The 50 states and the District of Columbia: the file must have an entry for each.
STATES_AND_DC = tuple(sorted(name for code, name in US_STATES.items()
                             if code not in {"AS", "GU", "MP", "PR", "VI"}))

Finding = Literal["restricts", "protects", "none-found", "not-researched"]
Status = Literal["in-force", "partly-enjoined", "enjoined", "struck-down"]
ConsequenceKind = Literal["removal", "criminal", "civil-fine", "loss-of-funds",
                          "attorney-general", "private-suit"]

# How each kind of consequence reads in a warning, in plain words.
CONSEQUENCE_WORDS: dict[str, str] = {
    "removal": N_("removal from office"),
    "criminal": N_("criminal charges"),
    "civil-fine": N_("civil fines"),
    "loss-of-funds": N_("loss of state funds"),
    "attorney-general": N_("action by the attorney general"),
    "private-suit": N_("lawsuits by residents"),
}
FINDING_WORDS: dict[str, str] = {
    "restricts": N_("restricts"),
    "protects": N_("protects"),
    "none-found": N_("no statewide law found"),
    "not-researched": N_("not researched"),
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AtRisk(_Strict):
    """A rule the law conflicts with: `forbids` (the law bars what the rule does, so
    --state-safe leaves it out) or `limits` (the law narrows part of it)."""

    extent: Literal["forbids", "limits"]
    reason: str = Field(min_length=10)


class Consequence(_Strict):
    kind: ConsequenceKind
    detail: str
    citation: str | None = None
    status: Status = "in-force"
    verified: bool | None = None          # None: as verified as the law it belongs to


class Litigation(_Strict):
    case: str
    status: Literal["upheld", "enjoined", "struck-down", "pending", "settled"]
    date: dt.date | None = None
    detail: str
    verified: bool | None = None


class StateLaw(_Strict):
    name: str
    bill: str
    citations: tuple[str, ...] = Field(min_length=1)
    effective: dt.date | None = None
    effect: Literal["restricts", "protects"]
    status: Status = "in-force"
    requires: str
    at_risk: dict[str, AtRisk] = Field(default_factory=dict)
    consequences: tuple[Consequence, ...] = ()
    litigation: tuple[Litigation, ...] = ()
    sources: tuple[str, ...] = Field(min_length=1)
    checked: dt.date
    verified: bool
    unverified: str | None = None         # what could not be confirmed, in a sentence

    @field_validator("sources")
    @classmethod
    def _public_sources(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(check_public_source(source) for source in value)

    @model_validator(mode="after")
    def _protective_laws_risk_nothing(self) -> "StateLaw":
        if self.effect == "protects" and (self.at_risk or self.consequences):
            raise ValueError("a protective law puts no rule at risk; remove at_risk and "
                             "consequences or set effect: restricts")
        return self

    @property
    def in_force(self) -> bool:
        return self.status in ("in-force", "partly-enjoined")

    def consequence_verified(self, consequence: Consequence) -> bool:
        return self.verified if consequence.verified is None else consequence.verified

    @property
    def cited(self) -> str:
        """'Texas SB 8 (2025), Tex. Gov't Code ch. 753 (§ 753.051)'."""
        return f"{self.name}, {'; '.join(self.citations)}"


class StateEntry(_Strict):
    finding: Finding
    laws: tuple[StateLaw, ...] = ()
    note: str | None = None
    sources: tuple[str, ...] = ()     # for a state without laws: where the finding comes from
    checked: dt.date | None = None

    @field_validator("sources")
    @classmethod
    def _public_sources(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(check_public_source(source) for source in value)

    @model_validator(mode="after")
    def _finding_matches_laws(self) -> "StateEntry":
        effects = {law.effect for law in self.laws}
        expected = ("restricts" if "restricts" in effects else
                    "protects" if effects else None)
        if expected and self.finding != expected:
            raise ValueError(f"finding is {self.finding!r} but the laws listed make it "
                             f"{expected!r}")
        if not self.laws:
            if self.finding in ("restricts", "protects"):
                raise ValueError(f"finding {self.finding!r} needs the laws it rests on")
            if not self.sources or not self.note or not self.checked:
                raise ValueError("a state without laws needs a note, its sources and the "
                                 "date checked")
        return self


class StateLawFile(_Strict):
    as_of: dt.date
    audit: str
    states: dict[str, StateEntry]

    @field_validator("states")
    @classmethod
    def _every_state_once(cls, states: dict[str, StateEntry]) -> dict[str, StateEntry]:
        unknown = [name for name in states if name not in STATES_AND_DC]
        if unknown:
            raise ValueError(f"not a state or the District of Columbia: {', '.join(unknown)}; "
                             "use the full name, e.g. North Carolina")
        missing = [name for name in STATES_AND_DC if name not in states]
        if missing:
            raise ValueError(f"no entry for {', '.join(missing)}; every state needs one, "
                             "with finding: not-researched if nothing is known")
        return states


def state_law_path():
    return paths.jurisdictions_dir() / "law" / "state-law.yaml"


def load_state_law(path=None) -> StateLawFile:
    """The state-law file, validated: every problem as file:line: field: message."""
    path = path or state_law_path()
    data, lines = load_yaml_file(path)
    return validate(StateLawFile, data, lines=lines, source=str(path), error=ClauseError)


@cache
def state_law() -> StateLawFile:
    return load_state_law()


def state_of(jurisdiction: Jurisdiction) -> str | None:
    """The state whose law applies: the profile's state, or the state (or district) itself."""
    if not jurisdiction.state_level:
        return jurisdiction.state
    for text in (jurisdiction.name, jurisdiction.legal_name,
                 jurisdiction.legal_name.split(" of ", 1)[-1]):
        found = normalise_state(text)
        if found:
            return found
    return None


# -- what one run needs ----------------------------------------------------------------

@dataclass(frozen=True)
class RuleAtRisk:
    """One chosen rule and one law that conflicts with it."""
    rule: Clause
    law: StateLaw
    risk: AtRisk


@dataclass(frozen=True)
class StateFindings:
    """The state's entry and the chosen rules its laws put at risk."""
    state: str | None
    entry: StateEntry | None
    at_risk: tuple[RuleAtRisk, ...]
    as_of: dt.date

    @property
    def restricting(self) -> tuple[StateLaw, ...]:
        return tuple(law for law in self.entry.laws if law.effect == "restricts") \
            if self.entry else ()

    @property
    def protecting(self) -> tuple[StateLaw, ...]:
        return tuple(law for law in self.entry.laws if law.effect == "protects") \
            if self.entry else ()

    def forbidden(self) -> list[Clause]:
        """The chosen rules an in-force law forbids outright: what --state-safe leaves out."""
        rules: list[Clause] = []
        for item in self.at_risk:
            if item.risk.extent == "forbids" and item.law.in_force and item.rule not in rules:
                rules.append(item.rule)
        return rules


def findings(jurisdiction: Jurisdiction, rules: list[Clause] | tuple[Clause, ...]) -> StateFindings:
    data = state_law()
    state = state_of(jurisdiction)
    entry = data.states.get(state) if state else None
    at_risk = tuple(RuleAtRisk(rule, law, law.at_risk[rule.id])   # in the rules' order
                    for law in (entry.laws if entry else ())
                    if law.effect == "restricts" and law.in_force
                    for rule in rules if rule.id in law.at_risk)
    return StateFindings(state, entry, at_risk, data.as_of)


def _law_label(law: StateLaw) -> str:
    mark = "" if law.verified else " [unverified: check the citation]"
    status = {"partly-enjoined": ", partly enjoined", "enjoined": ", enjoined"}.get(law.status, "")
    return f"{law.name} — {'; '.join(law.citations)}{status}{mark} —"


def warning(found: StateFindings) -> str | None:
    """One warning for the state: each law and the chosen rules it puts at risk, the
    consequences, and what to do. None when no chosen rule is at risk."""
    if not found.at_risk:
        return None
    state = found.state
    parts = []
    for law in found.restricting:
        hit = [item for item in found.at_risk if item.law is law]
        if not hit:
            continue
        names = [item.rule.label + ("" if item.risk.extent == "forbids" else " (in part)")
                 for item in hit]
        parts.append(f"{_law_label(law)} puts at risk {join_and(names)}")
    laws_hit = [law for law in found.restricting if any(i.law is law for i in found.at_risk)]
    kinds: dict[str, bool] = {}          # kind -> confirmed in at least one source read
    for law in laws_hit:
        for consequence in law.consequences:
            if consequence.status in ("in-force", "partly-enjoined"):
                kinds[consequence.kind] = (kinds.get(consequence.kind, False)
                                           or law.consequence_verified(consequence))
    named = [CONSEQUENCE_WORDS[kind] + ("" if kinds[kind] else " (reported, unverified)")
             for kind in CONSEQUENCE_WORDS if kind in kinds]
    risk = (f"Consequences named in these laws: {join_and(named)}." if named else
            "These laws name no penalty, but a court or the state may still void the rules.")
    safe = ("; --state-safe leaves out the rules these laws forbid"
            if found.forbidden() else "")
    return (f"{state} law restricts these rules. {'; '.join(parts)}. {risk} This is "
            f"{NOT_ADVICE}: consult a lawyer licensed in {state} before you introduce or sign "
            f"these documents. The state-law memo (drafter draft state-law-memo) lists each "
            f"law, the reasons and the sources{safe}.")


def notices(found: StateFindings) -> list[str]:
    """Notes: a protective baseline to cite, or what is (not) known about the state."""
    entry, state = found.entry, found.state
    if entry is None:
        return []
    if entry.finding in ("none-found", "not-researched"):
        date = found.as_of.isoformat()
        lead = (f"{state}: no statewide law on local limits to immigration enforcement was "
                f"found (as of {date}). " if entry.finding == "none-found" else
                f"{state}: drafter's state-law data has no research on {state} "
                f"(as of {date}). ")
        return [lead + (entry.note or "")]
    return [f"Baseline in {state}: {_law_label(law).rstrip(' —')}. {' '.join(law.requires.split())}"
            for law in found.protecting]


# -- used by the pipeline ----------------------------------------------------------------

def warnings_for(jurisdiction: Jurisdiction, rules) -> list[str]:
    found = warning(findings(jurisdiction, rules))
    return [found] if found else []


def baseline_for(jurisdiction: Jurisdiction) -> list[str]:
    return notices(findings(jurisdiction, ()))
