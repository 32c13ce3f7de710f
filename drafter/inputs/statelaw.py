"""State law on local limits to immigration enforcement: what each state's law restricts or
already protects, which rules it puts at risk, and what a campaign risks by ignoring it.

The facts live in jurisdictions/law/states/, one file per state and the District of
Columbia: each law with its status, what it requires, a matrix saying for every rule and
extra whether it forbids, limits or does not reach it (and where), the duties it puts on
sheriffs and jails, its consequences and litigation, and each source with the date it was
read and a `verified` flag. Here they are validated and turned into the warnings, notes
and choices a run needs: warnings never block unless --strict; --state-safe leaves out
what a law in force forbids and makes the rest apply to the extent it permits.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .. import paths
from ..errors import ClauseError, DrafterError, Problem
from ..i18n import N_, Translator, state_name
from .clauses import Clause, rule_label
from .jurisdiction import Jurisdiction
from .kinds import US_STATES, normalise_state
from ..words import join_and, squash
from .validation import PublicSource, validate
from .yamlfile import line_for, load_yaml_file

NOT_ADVICE = "drafting help, not legal advice"

# The 50 states and the District of Columbia: the file must have an entry for each.
STATES_AND_DC = tuple(sorted(name for code, name in US_STATES.items()
                             if code not in {"AS", "GU", "MP", "PR", "VI"}))

Finding = Literal["restricts", "protects", "none-found"]
# in-force and partly-enjoined laws bind; the others are reported, never applied.
# unconfirmed: reported enacted (or a bill whose session ended) but not confirmed in any
# source read: reported, never applied, until a source confirms it.
Status = Literal["in-force", "partly-enjoined", "enjoined", "struck-down", "pending-bill",
                 "vetoed", "repealed", "unconfirmed"]
BINDING = ("in-force", "partly-enjoined")
ConsequenceKind = Literal["removal", "criminal", "civil-fine", "loss-of-funds",
                          "attorney-general", "private-suit"]
Duty = Literal["honor-detainers", "seek-287g", "keep-287g", "verify-status", "notify-release",
               "share-status", "cooperate"]

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
    "none-found": N_("no statewide law in force found"),
    "not-researched": N_("not researched"),     # a place outside the 50 states and DC
}
# A mandate the sheriff's order and letters to the sheriff must be told about.
DUTY_WORDS: dict[str, str] = {
    "honor-detainers": N_("honor immigration detainers"),
    "seek-287g": N_("seek a 287(g) agreement with ICE"),
    "keep-287g": N_("keep a 287(g) agreement with ICE"),
    "verify-status": N_("check the immigration status of people it holds or admits"),
    "notify-release": N_("tell ICE before releasing certain people"),
    "share-status": N_("share immigration-status information with federal officials"),
    "cooperate": N_("cooperate with federal immigration enforcement"),
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleRisk(_Strict):
    """What one law does to one rule: `forbids` (the law bars what the rule does, so
    --state-safe leaves it out), `limits` (it narrows part of it: the rule applies to the
    extent permitted) or `none` (it does not reach the rule)."""

    extent: Literal["forbids", "limits", "none"]
    subsection: str | None = None        # where the law says it; needed unless `none`
    reason: str = Field(min_length=10)

    @model_validator(mode="after")
    def _subsection_named(self) -> "RuleRisk":
        if self.extent != "none" and not self.subsection:
            raise ValueError(f"a rule the law {self.extent} needs the subsection that says "
                             "so, e.g. subsection: \"§ 14-1-103(b)(2)(D)\"")
        return self


class Mandate(_Strict):
    """A duty the law puts on local officers (honor detainers, seek 287(g), ...)."""
    duty: Duty
    who: Literal["sheriff", "jail", "police", "local-government"]
    subsection: str
    detail: str


class Consequence(_Strict):
    kind: ConsequenceKind
    detail: str
    citation: str | None = None
    status: Status = "in-force"
    verified: bool | None = None          # None: as verified as the law it belongs to


class Litigation(_Strict):
    case: str
    status: Literal["upheld", "enjoined", "struck-down", "pending", "settled", "dismissed"]
    date: dt.date | None = None
    detail: str
    verified: bool | None = None


class Source(_Strict):
    """One source read: what a reader can look up, the date it was read, and whether it is
    official (legislature, code publisher, court, government) or secondary (news, advocacy)."""
    source: PublicSource
    read: dt.date
    official: bool
    shows: str


# The words of a citation before its numbers: "Tex. Gov't Code ", "La. R.S. ", "".
_CODE_WORDS = re.compile(r"[^§\d]*")
# A part that names a bill, not the code: kept out of an ordinance's conformity clause.
BILL_ONLY = re.compile(r"^(proposed |former )?(H\.?B\.?|S\.?B\.?|H\.?F\.?|S\.?F\.?|Act|Acts|Laws|"
                       r"Pub\. Ch\.|Senate|House|Initiative|Enrolled)\b")
# "(section not read)", "(as reported)": a note for the lawyer, not part of a citation.
_ASIDE = re.compile(r"\s*\([^()]*\b(?:not read|not found|reported|unverified)\b[^()]*\)")


class StateLaw(_Strict):
    name: str
    bill: str
    citations: tuple[str, ...] = Field(min_length=1)
    effective: dt.date | None = None
    effect: Literal["restricts", "protects"]
    status: Status = "in-force"
    requires: str
    mandates: tuple[Mandate, ...] = ()
    rules: dict[str, RuleRisk] = Field(default_factory=dict)
    consequences: tuple[Consequence, ...] = ()
    litigation: tuple[Litigation, ...] = ()
    sources: tuple[Source, ...] = Field(min_length=1)
    verified: bool
    unverified: str | None = None         # what could not be confirmed, in a sentence

    @model_validator(mode="after")
    def _matrix_fits_the_law(self) -> "StateLaw":
        if self.effect == "protects":
            if self.rules or self.consequences or self.mandates:
                raise ValueError("a protective law puts no rule at risk; remove rules, "
                                 "mandates and consequences or set effect: restricts")
            return self
        if not self.rules:
            raise ValueError("a restricting law needs `rules:`, one entry for every rule and "
                             "extra (forbids, limits or none)")
        duties = {mandate.duty for mandate in self.mandates}
        must_forbid = ((["judicial-warrant", "no-facilitation"] if "honor-detainers" in duties else [])
                       + (["no-287g"] if duties & {"seek-287g", "keep-287g"} else []))
        wrong = [rule for rule in must_forbid
                 if rule in self.rules and self.rules[rule].extent != "forbids"]
        if wrong:
            raise ValueError(f"a law whose mandates include {', '.join(sorted(duties))} forbids "
                             f"{' and '.join(wrong)}: set extent: forbids (rule 2 and the "
                             "Judicial Warrant Rule condition detainers; no-287g refuses 287(g))")
        return self

    @property
    def in_force(self) -> bool:
        return self.status in BINDING

    @property
    def at_risk(self) -> dict[str, RuleRisk]:
        """The rules this law forbids or limits."""
        return {rule: risk for rule, risk in self.rules.items() if risk.extent != "none"}

    @property
    def checked(self) -> dt.date:
        """The last date one of its sources was read."""
        return max(source.read for source in self.sources)

    def cite(self, subsection: str) -> str:
        """A subsection as a document cites it: each part with its code ('§ 14-1-103(b)'
        -> 'Ark. Code Ann. § 14-1-103(b)', "Gov't Code § 752.053" -> "Tex. Gov't Code
        § 752.053"), without the researchers' asides."""
        return "; ".join(self.cited_parts(subsection))

    def cited_parts(self, subsection: str) -> list[str]:
        return [self._with_code(part.strip())
                for part in _ASIDE.sub("", subsection).split(";") if part.strip()]

    def _with_code(self, part: str) -> str:
        lead = _CODE_WORDS.match(part).group(0).strip()        # "Gov't Code", "R.S.", ""
        for citation in self.citations:
            code = _CODE_WORDS.match(citation).group(0)         # "Tex. Gov't Code ", ...
            if code.startswith("former") or not code.strip():
                continue
            if lead and code.rstrip().endswith(" " + lead):
                return code[:code.rstrip().rindex(lead)] + part
            if not lead and part.startswith("§") and "§" in citation:
                return code + part
        return part

    def consequence_verified(self, consequence: Consequence) -> bool:
        return self.verified if consequence.verified is None else consequence.verified

    @property
    def cited(self) -> str:
        """'Texas SB 8 (2025), Tex. Gov't Code ch. 753 (§ 753.051)'."""
        return f"{self.name}, {'; '.join(self.citations)}"


class StateEntry(_Strict):
    state: str
    finding: Finding
    can_still_do: str = Field(min_length=20)   # one line for a campaign in this state
    searched: str = Field(min_length=20)       # what was searched, where and when
    laws: tuple[StateLaw, ...] = ()

    @field_validator("state")
    @classmethod
    def _a_state(cls, value: str) -> str:
        if value not in STATES_AND_DC:
            raise ValueError("not a state or the District of Columbia; use the full name, "
                             "e.g. North Carolina")
        return value

    @model_validator(mode="after")
    def _finding_matches_laws(self) -> "StateEntry":
        binding = {law.effect for law in self.laws if law.in_force}
        expected = ("restricts" if "restricts" in binding else
                    "protects" if binding else "none-found")
        if self.finding != expected:
            raise ValueError(f"finding is {self.finding!r} but the laws in force listed make "
                             f"it {expected!r}")
        return self

    @property
    def checked(self) -> dt.date | None:
        dates = [law.checked for law in self.laws]
        return max(dates) if dates else None

    @property
    def as_of(self) -> dt.date | None:
        """The date of this state's research: the last date a source was read, or, with no
        law found, the date its search says it was made."""
        if self.checked:
            return self.checked
        found = re.search(r"\d{4}-\d{2}-\d{2}", self.searched)
        return dt.date.fromisoformat(found[0]) if found else None


class StateLawFile(_Strict):
    states: dict[str, StateEntry]

    @property
    def as_of(self) -> dt.date:
        """The date of the last research: the last date a source was read."""
        return max(law.checked for entry in self.states.values() for law in entry.laws)


def state_law_dir():
    return paths.jurisdictions_dir() / "law" / "states"


def state_file_name(state: str) -> str:
    """'North Carolina' -> 'north-carolina.yaml'."""
    return state.lower().replace(" ", "-") + ".yaml"


def model_rule_ids() -> tuple[str, ...]:
    """The ids every restricting law is assessed against: drafter's rules and extras."""
    from .clauses import load_library
    library = load_library([])
    return tuple(clause.id for clause in (*library.rules(), *library.extras()))


def load_state_file(path, rule_ids: tuple[str, ...] | None = None) -> StateEntry:
    """One state's file, validated: every problem as file:line: field: message, including
    a rule missing from (or unknown to) a restricting law's matrix."""
    data, lines = load_yaml_file(path)
    entry = validate(StateEntry, data, lines=lines, source=str(path), error=ClauseError)
    if path.name != state_file_name(entry.state):
        raise ClauseError(Problem(f"the file for {entry.state} is named "
                                  f"{state_file_name(entry.state)}", file=str(path), field="state"))
    ids = rule_ids if rule_ids is not None else model_rule_ids()
    problems = []
    for n, law in enumerate(entry.laws):
        if law.effect != "restricts":
            continue
        missing = [rule for rule in ids if rule not in law.rules]
        unknown = [rule for rule in law.rules if rule not in ids]
        for words, names in (("has no entry for", missing), ("names unknown rules", unknown)):
            if names:
                problems.append(Problem(
                    f"{law.name} {words} {', '.join(names)}; every restricting law says, for "
                    f"each of {', '.join(ids)}, whether it forbids, limits or does not reach it",
                    file=str(path), line=line_for(lines, ("laws", n, "rules")),
                    field=f"laws[{n + 1}].rules"))
    if problems:
        raise ClauseError(problems)
    return entry


def load_state_law(folder=None) -> StateLawFile:
    """Every state's file, validated; each of the 50 states and DC must have one."""
    folder = folder or state_law_dir()
    ids = model_rule_ids()
    states: dict[str, StateEntry] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            entry = load_state_file(path, ids)
        except ClauseError as exc:
            problems += exc.problems
            continue
        states[entry.state] = entry
    missing = [name for name in STATES_AND_DC if name not in states]
    if missing and not problems:
        problems.append(Problem(f"no file for {', '.join(missing)}; every state and the "
                                "District of Columbia needs one", file=str(folder)))
    if problems:
        raise ClauseError(problems)
    return StateLawFile(states=dict(sorted(states.items())))


@cache
def state_law() -> StateLawFile:
    return load_state_law()


@cache
def state_entry(state: str) -> StateEntry | None:
    """One state's file, validated: what a run reads (every state's, 0.1-0.15 s, only for
    `drafter check` and the lists)."""
    path = state_law_dir() / state_file_name(state)
    return load_state_file(path, model_rule_ids()) if path.is_file() else None


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
    """One chosen rule and one law in force that forbids or limits it."""
    rule: Clause
    law: StateLaw
    risk: RuleRisk


@dataclass(frozen=True)
class StateFindings:
    """The state's entry and the chosen rules its laws in force put at risk."""
    state: str | None
    entry: StateEntry | None
    at_risk: tuple[RuleAtRisk, ...]
    as_of: dt.date

    def _laws(self, effect: str, binding: bool) -> tuple[StateLaw, ...]:
        return tuple(law for law in (self.entry.laws if self.entry else ())
                     if law.effect == effect and law.in_force == binding)

    @property
    def restricting(self) -> tuple[StateLaw, ...]:
        """The restricting laws in force (or in force in part)."""
        return self._laws("restricts", True)

    @property
    def protecting(self) -> tuple[StateLaw, ...]:
        return self._laws("protects", True)

    @property
    def not_in_force(self) -> tuple[StateLaw, ...]:
        """Enjoined, struck down, repealed, vetoed or pending: reported, never applied."""
        return tuple(law for law in (self.entry.laws if self.entry else ()) if not law.in_force)

    def forbidden(self) -> list[Clause]:
        """The chosen rules a law in force forbids outright: what --state-safe leaves out."""
        rules: list[Clause] = []
        for item in self.at_risk:
            if item.risk.extent == "forbids" and item.rule not in rules:
                rules.append(item.rule)
        return rules

    def limited(self) -> list[tuple[Clause, list[str]]]:
        """The chosen rules kept that a law in force narrows, each with the subsections
        that do: --state-safe makes them apply to the extent those permit."""
        forbidden = self.forbidden()
        limited: dict[str, tuple[Clause, list[str]]] = {}
        for item in self.at_risk:
            if item.rule not in forbidden:
                places = limited.setdefault(item.rule.id, (item.rule, []))[1]
                for cited in item.law.cited_parts(item.risk.subsection):
                    if cited not in places and not BILL_ONLY.match(cited):
                        places.append(cited)
        return [(rule, places) for rule, places in limited.values() if places]

    def mandates(self, *who: str) -> list[tuple[StateLaw, Mandate]]:
        """The duties laws in force put on these officers (all when none named)."""
        return [(law, mandate) for law in self.restricting for mandate in law.mandates
                if not who or mandate.who in who]


def findings(jurisdiction: Jurisdiction, rules: list[Clause] | tuple[Clause, ...]) -> StateFindings:
    state = state_of(jurisdiction)
    entry = state_entry(state) if state else None
    at_risk = tuple(RuleAtRisk(rule, law, law.at_risk[rule.id])   # in the rules' order
                    for law in (entry.laws if entry else ())
                    if law.effect == "restricts" and law.in_force
                    for rule in rules if rule.id in law.at_risk)
    return StateFindings(state, entry, at_risk,
                         (entry.as_of if entry else None) or state_law().as_of)


STATUS_LABELS = {"partly-enjoined": N_("partly enjoined"), "enjoined": N_("enjoined"),
                 "struck-down": N_("struck down"), "pending-bill": N_("a pending bill, not law"),
                 "vetoed": N_("vetoed, not law"), "repealed": N_("repealed"),
                 "unconfirmed": N_("reported enacted but not confirmed")}


def _law_label(law: StateLaw, _: Translator) -> str:
    """'Texas SB 4 (2017) — Tex. Gov't Code ...; partly enjoined, read 2026-12-03 —'; the
    law's own name and citations as its sources give them (English)."""
    status = f", {_(STATUS_LABELS[law.status])}" if law.status in STATUS_LABELS else ""
    mark = "" if law.verified else " " + _("[unverified: check the citation]")
    read = _("read {date}").format(date=law.checked.isoformat())
    return f"{law.name} — {'; '.join(law.citations)}{status}, {read}{mark} —"


def _rule_at(item: RuleAtRisk, _: Translator) -> str:
    """'the No Facilitation Rule (§ 14-1-103(b)(2)(D))', '... (in part: § 752.053(b)(2))'."""
    where = item.law.cite(item.risk.subsection)
    if item.risk.extent != "forbids":
        where = _("in part: {subsection}").format(subsection=where)
    return f"{rule_label(item.rule, _)} ({where})"


def warning(found: StateFindings, _: Translator = Translator(),
            state_safe: bool = False) -> str | None:
    """One warning for the state: each law in force and the chosen rules it puts at risk
    (with the subsection), the consequences, what a campaign can still do, and what to do,
    in the run's language (the laws' names, citations and data stay as their sources give
    them). None when no chosen rule is at risk."""
    if not found.at_risk:
        return None
    state = state_name(_, found.state)
    parts = []
    for law in found.restricting:
        hit = [item for item in found.at_risk if item.law is law]
        if hit:
            parts.append(_("{law} puts at risk {rules}").format(
                law=_law_label(law, _), rules=join_and([_rule_at(i, _) for i in hit], _.code)))
    laws_hit = [law for law in found.restricting if any(i.law is law for i in found.at_risk)]
    kinds: dict[str, bool] = {}          # kind -> confirmed in at least one source read
    for law in laws_hit:
        for consequence in law.consequences:
            if consequence.status in BINDING:
                kinds[consequence.kind] = (kinds.get(consequence.kind, False)
                                           or law.consequence_verified(consequence))
    named = [_(CONSEQUENCE_WORDS[kind]) + ("" if kinds[kind] else " " + _("(reported, unverified)"))
             for kind in CONSEQUENCE_WORDS if kind in kinds]
    risk = (_("Consequences named in these laws: {consequences}.").format(
        consequences=join_and(named, _.code)) if named else
        _("These laws name no penalty, but a court or the state may still void the rules."))
    safe = (" " + (_("Tick “Leave out the rules my state's law forbids” under Options for the "
                     "papers, and drafter leaves them out and makes the rest apply to the "
                     "extent these laws permit.") if _.page else
                   _("With --state-safe, drafter leaves out the rules these laws forbid and "
                     "makes the rest apply to the extent they permit."))
            if (found.forbidden() or found.limited()) and not state_safe else "")
    return (_("{state} law restricts these rules.").format(state=state) + " "
            + "; ".join(parts) + ". " + risk + " "
            + _("What a campaign in {state} can still do:").format(state=state) + " "
            + squash(found.entry.can_still_do) + " "
            + _("This is drafting help, not legal advice: consult a lawyer licensed in {state} "
                "before you introduce or sign these documents. The state-law memo lists each "
                "law, the reasons and the sources.").format(state=state) + safe)


def mandate_warnings(found: StateFindings, _: Translator = Translator()) -> list[str]:
    """The duties a law in force puts on the sheriff or the jail (honor detainers, seek
    287(g), ...): what a sheriff's order or a letter to the sheriff cannot ask them to refuse."""
    notes = []
    for law, mandate in found.mandates("sheriff", "jail"):
        unverified = "" if law.verified else " " + _("[unverified: check the citation]")
        duty = (_("{state}: {law} ({subsection}) requires the sheriff to {duty}:")
                if mandate.who == "sheriff" else
                _("{state}: {law} ({subsection}) requires the jail to {duty}:"))
        notes.append(duty.format(state=state_name(_, found.state), law=law.name,
                                 subsection=law.cite(mandate.subsection),
                                 duty=_(DUTY_WORDS[mandate.duty]))
                     + f" {squash(mandate.detail).rstrip('.')}.{unverified} "
                     + _("A sheriff's order or a letter to the sheriff cannot ask them to "
                         "refuse it; ask for what the law leaves to them instead."))
    return notes


def notices(found: StateFindings, _: Translator = Translator()) -> list[str]:
    """Notes: a protective baseline to cite, or what was searched when nothing was found."""
    entry = found.entry
    if entry is None:
        return []
    state = state_name(_, found.state)
    notes = []
    if entry.finding == "none-found":
        notes.append(_("{state}: no statewide law on local limits to immigration enforcement "
                       "in force was found.").format(state=state) + " " + squash(entry.searched))
    notes += [_("Baseline in {state}: {law}.").format(state=state,
                                                      law=_law_label(law, _).rstrip(" —"))
              + " " + squash(law.requires) for law in found.protecting]
    return notes


# -- used by the pipeline ----------------------------------------------------------------

def warnings_for(jurisdiction: Jurisdiction, rules, documents: tuple[str, ...] = (),
                 _: Translator = Translator(), state_safe: bool = False) -> list[str]:
    """The state-law warning for the chosen rules and, when a department order or letters
    are drafted, the duties the law puts on the sheriff and the jail; with state_safe (the
    forbidden rules already left out), without advice to leave them out."""
    found = findings(jurisdiction, rules)
    warnings = [text] if (text := warning(found, _, state_safe)) else []
    if jurisdiction.sheriff and set(documents) & SHERIFF_PAPERS:
        warnings += mandate_warnings(found, _)
    return warnings


# The papers a sheriff reads: their own order and the letters to officials.
SHERIFF_PAPERS = {"department-order", "letter"}


def baseline_for(jurisdiction: Jurisdiction, _: Translator = Translator()) -> list[str]:
    return notices(findings(jurisdiction, ()), _)


def _check_files(paths_given: list[str]) -> int:
    """`python -m drafter.inputs.statelaw FILE...`: check state files as they are written."""
    from pathlib import Path
    ids, failed = model_rule_ids(), 0
    for name in paths_given:
        try:
            entry = load_state_file(Path(name), ids)
        except DrafterError as exc:
            failed += 1
            print(exc)
            continue
        print(f"{name}: ok ({entry.finding}, {len(entry.laws)} laws)")
    return 1 if failed else 0


if __name__ == "__main__":
    import sys
    sys.exit(_check_files(sys.argv[1:]))
