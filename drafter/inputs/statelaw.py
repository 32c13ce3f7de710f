"""State laws that restrict or already protect what the rules do: warnings, never blocks."""
from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .. import paths
from ..errors import ClauseError
from .clauses import Clause
from .jurisdiction import Jurisdiction
from .kinds import normalise_state
from .validation import validate
from .yamlfile import load_yaml_file

NOT_ADVICE = "drafting help, not legal advice"


class StateLaw(BaseModel):
    model_config = ConfigDict(extra="forbid")

    state: str
    effect: Literal["restricts", "protects"]
    name: str
    citation: str
    summary: str
    rules: list[str] = Field(default_factory=list)
    verified: bool
    note: str | None = None

    @field_validator("state")
    @classmethod
    def _state(cls, value: str) -> str:
        full = normalise_state(value)
        if full is None:
            raise ValueError(f"{value!r} is not a U.S. state")
        return full


class StateLawFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    laws: list[StateLaw]


@cache
def state_laws() -> tuple[StateLaw, ...]:
    path = paths.jurisdictions_dir() / "law" / "state-law.yaml"
    data, lines = load_yaml_file(path)
    return tuple(validate(StateLawFile, data, lines=lines, source=str(path), error=ClauseError).laws)


def _state_of(jurisdiction: Jurisdiction) -> str | None:
    return normalise_state(jurisdiction.name) if jurisdiction.state_level else jurisdiction.state


def _cite(law: StateLaw) -> str:
    check = "" if law.verified else " [unverified: check the citation"
    if not law.verified:
        check += f"; {law.note}]" if law.note else "]"
    cited = law.name if law.citation in law.name else f"{law.name}, {law.citation}"
    return f"{cited}{check}"


def warnings_for(jurisdiction: Jurisdiction, rules: list[Clause]) -> list[str]:
    """For each restricting law of the profile's state, which selected rules it may hit."""
    state = _state_of(jurisdiction)
    selected = {rule.id: rule for rule in rules}
    out = []
    for law in state_laws():
        if law.state != state or law.effect != "restricts":
            continue
        touched = [selected[r].label for r in law.rules if r in selected] if law.rules else \
            [rule.label for rule in rules]
        if not touched:
            continue
        which = ", ".join(touched) if law.rules else "these rules (which ones is not yet known)"
        out.append(f"{state}: {_cite(law)} may conflict with {which}. {law.summary.strip()} "
                   f"This is {NOT_ADVICE}: consult a lawyer licensed in {state} before relying "
                   "on these documents.")
    return out


def baseline_for(jurisdiction: Jurisdiction) -> list[str]:
    """The state's laws that already protect, to cite as a baseline."""
    state = _state_of(jurisdiction)
    return [f"Baseline in {state}: {_cite(law)}. {law.summary.strip()}"
            for law in state_laws() if law.state == state and law.effect == "protects"]
