"""Where each rule stands: the status file beside a profile, recorded after the meeting.

`elm-harbor-city.yaml` keeps its status in `elm-harbor-city.status.yaml`, so the
profile a group wrote by hand is never rewritten. The status file is YAML too, and
`drafter record` edits it in place with ruamel.yaml, keeping the group's comments.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from pydantic import Field, PrivateAttr, field_validator

from ..errors import DrafterError, Problem, ProfileError
from ..i18n import N_, Translator
from .clauses import Clause
from .jurisdiction import Jurisdiction, LongText, StrictModel, Text
from .validation import validate
from .yamlfile import load_yaml_file

Answer = Literal["yes", "no", "unknown"]
# Where a rule is written: in the code (an ordinance or by-law the governing body adopted),
# only in a department policy a chief or sheriff can change alone, or nowhere.
Writing = Literal["code", "policy", "none", "unknown"]
Position = Literal["supports", "opposes", "evasive", "unknown"]
ANSWERS, WRITING, POSITIONS = get_args(Answer), get_args(Writing), get_args(Position)
# Status files written before code and policy were told apart said yes or no.
OLD_WRITING = {"yes": "policy", True: "policy", "no": "none", False: "none"}


def answer_words(_: Translator) -> dict[str, str]:
    """Each recorded answer's words, as the report back prints them and the web page offers
    them: "In the code", not the status file's "code"."""
    return {"yes": _.pgettext("answer", "Yes"), "no": _.pgettext("answer", "No"),
            "unknown": _.pgettext("answer", "Not known"),
            "code": _.pgettext("answer", "In the code"),
            "policy": _.pgettext("answer", "In a department policy"),
            "none": _.pgettext("answer", "Not in writing"),
            "supports": _.pgettext("answer", "Supports"),
            "opposes": _.pgettext("answer", "Opposes"),
            "evasive": _.pgettext("answer", "Evasive")}


def _yes_no(value):
    """YAML 1.1 reads a bare yes/no as true/false; take either."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value


class Source(StrictModel):
    date: dt.date | None = None
    who: Text | None = None
    note: LongText | None = None


class RuleStatus(StrictModel):
    in_place: Answer = "unknown"
    in_writing: Writing = "unknown"
    where: Text | None = None             # policy number, code section or document
    position: Position = "unknown"        # the official's position
    source: Source | None = None

    @field_validator("in_place", mode="before")
    @classmethod
    def _answers(cls, value):
        return _yes_no(value)

    @property
    def written(self) -> bool:
        return self.in_writing in ("code", "policy")


class Meeting(StrictModel):
    date: dt.date | None = None
    official: Text | None = None
    attendees: LongText | None = None
    spokesperson: Text | None = None
    note_taker: Text | None = None


class StatusFile(StrictModel):
    meeting: Meeting = Field(default_factory=Meeting)
    rules: dict[str, RuleStatus] = Field(default_factory=dict)
    _notes: tuple[str, ...] = PrivateAttr(default=())   # how old answers were read

    @property
    def notes(self) -> tuple[str, ...]:
        return self._notes


def _read_old_answers(data, path: Path, lines) -> tuple[dict, list[str]]:
    """in_writing: yes/no from before code and policy were told apart: yes is read as policy
    (a chief can change it), no as none; each with a note saying so and what to write."""
    notes: list[str] = []
    rules = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(rules, dict):
        return data, notes
    for rule_id, answers in rules.items():
        old = answers.get("in_writing") if isinstance(answers, dict) else None
        if isinstance(old, bool) or old in ("yes", "no"):
            new = OLD_WRITING[old]
            answers["in_writing"] = new
            line = lines.get(("rules", rule_id, "in_writing"))
            where = f"{path}:{line}" if line else str(path)
            notes.append(f"{where}: rules.{rule_id}.in_writing: read '{_yes_no(old)}' as '{new}'; "
                         "write code if the rule is in an ordinance or by-law, policy if only in a "
                         "department policy (`drafter record` writes the new answers)")
    return data, notes


def status_path(jurisdiction: Jurisdiction) -> Path | None:
    """The status file beside the profile; None for a profile that is not a file (a web
    form, a CSV row), whose answers come with it or not at all."""
    return jurisdiction.status_file


def has_status_file(jurisdiction: Jurisdiction) -> bool:
    path = status_path(jurisdiction)
    return path is not None and path.exists()


def load_status(jurisdiction: Jurisdiction, rules: list[Clause],
                given: StatusFile | None = None) -> StatusFile:
    """The recorded status (`given` in memory, else the file beside the profile), unknown
    for every rule when there is none yet."""
    if given is not None:
        known = {rule.id for rule in rules}
        unknown = [rule_id for rule_id in given.rules if rule_id not in known]
        if unknown:
            raise ProfileError([Problem(f"no rule with id {rule_id!r}", field=f"rules.{rule_id}")
                                for rule_id in unknown])
        return given
    if not has_status_file(jurisdiction):
        return StatusFile()
    path = status_path(jurisdiction)
    data, lines = load_yaml_file(path)
    data, notes = _read_old_answers(data or {}, path, lines)
    status = validate(StatusFile, data, lines=lines, source=str(path), error=ProfileError)
    status._notes = tuple(notes)
    known = {rule.id for rule in rules}
    unknown = [rule_id for rule_id in status.rules if rule_id not in known]
    if unknown:
        raise ProfileError([Problem(f"no rule with id {rule_id!r}; see `drafter list rules`",
                                    file=str(path), line=lines.get(("rules", rule_id)),
                                    field=f"rules.{rule_id}") for rule_id in unknown])
    return status


@dataclass(frozen=True)
class Standing:
    """One rule's answers, and the scorecard category they add up to."""

    rule: Clause
    status: RuleStatus

    @property
    def category(self) -> str:
        s = self.status
        if s.written:
            return "written"
        if s.in_place == "yes":
            # "in place, not in writing" only when they said it is not in writing
            return "practice" if s.in_writing == "none" else "unconfirmed"
        if s.position == "supports":
            return "supports"
        if s.position == "opposes":
            return "opposed"
        if s.in_place == "no":
            return "missing"
        return "unknown"


CATEGORIES = {   # symbol, label, colour (Okabe-Ito: safe for colour-blind readers)
    "written": ("✔", N_("In writing"), "#0072B2"),
    "practice": ("◐", N_("In place, not in writing"), "#E69F00"),
    "unconfirmed": ("◔", N_("In place; in writing not known"), "#56B4E9"),
    "supports": ("+", N_("Not in place; official supports it"), "#009E73"),
    "opposed": ("−", N_("Official opposes it"), "#CC79A7"),
    "missing": ("✖", N_("Not in place"), "#D55E00"),
    "unknown": ("?", N_("No answer yet"), "#777777"),
}


def standings(status: StatusFile, rules: list[Clause]) -> list[Standing]:
    return [Standing(rule, status.rules.get(rule.id, RuleStatus())) for rule in rules]


def counts(rows: list[Standing]) -> dict[str, int]:
    """How many of the nine numbered rules are in place, in writing, supported."""
    nine = [r for r in rows if r.rule.meta.number]
    return {"total": len(nine),
            "in_place": sum(r.status.in_place == "yes" for r in nine),
            "in_writing": sum(r.status.written for r in nine),
            "supports": sum(r.status.position == "supports" for r in nine)}


def save_answers(jurisdiction: Jurisdiction, meeting: dict, answers: dict[str, dict]) -> Path:
    """Write answers into the status file, keeping the user's comments and layout."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    from ..output import write_atomically

    path = status_path(jurisdiction)
    if path is None:
        raise ProfileError(Problem("answers are recorded beside a profile file; give its path "
                                   "with -j", file=jurisdiction.source))
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.ignore_aliases = lambda *args: True   # our reader refuses aliases
    if path.exists():
        # Read it first with our PyYAML safe_load-based reader (plain tags only, no
        # aliases, size cap), so ruamel only ever edits a file already known to be plain.
        load_yaml_file(path)
        data = yaml.load(path.read_text(encoding="utf-8")) or CommentedMap()
    else:
        data = CommentedMap()
        data.yaml_set_start_comment(
            f"Where each rule stands in {jurisdiction.legal_name}, as law enforcement answered.\n"
            "Written by `drafter record`; edit it by hand too. Answers: yes / no / unknown\n"
            "(in_writing: code / policy / none / unknown);\n"
            "position: supports / opposes / evasive / unknown.")
    meeting_map = data.setdefault("meeting", CommentedMap())
    for key, value in meeting.items():
        if value is not None:
            meeting_map[key] = value
    rules_map = data.setdefault("rules", CommentedMap())
    for entry in rules_map.values():      # old yes/no answers are written the new way
        old = entry.get("in_writing") if isinstance(entry, dict) else None
        if isinstance(old, bool) or old in ("yes", "no"):
            entry["in_writing"] = OLD_WRITING[old]
    for rule_id, fields in answers.items():
        entry = rules_map.setdefault(rule_id, CommentedMap())
        for key, value in fields.items():
            if key == "source":
                source = entry.setdefault("source", CommentedMap())
                for skey, svalue in value.items():
                    if svalue is not None:
                        source[skey] = svalue
            elif value is not None:
                entry[key] = value
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    text = buffer.getvalue()
    # Check what we are about to write the same way a later run will read it.
    from .yamlfile import parse_yaml

    parsed, lines = parse_yaml(text, source=str(path))
    validate(StatusFile, parsed, lines=lines, source=str(path), error=ProfileError)
    write_atomically({path: text.encode("utf-8")})
    return path


def check_answer(value: str, allowed: tuple[str, ...], where: str) -> str:
    value = value.strip().lower()
    if value not in allowed:
        raise DrafterError(Problem(f"{value!r} is not an answer; use {', '.join(allowed)}", field=where))
    return value


ANSWER_FIELDS = ("in_place", "in_writing", "where", "position", "note")


def parse_answers(items, rules) -> dict[str, dict]:
    """`--answer RULE.FIELD=VALUE` options as {rule id: {field: value}}, each value checked
    as the status file checks it. RULE is a number (1373 for the 1373 rule) or an id."""
    from .validation import check_one_line

    by_key = {str(r.meta.number): r.id for r in rules if r.meta.number} | {r.id: r.id for r in rules}
    by_key["1373"] = "federal-law-1373"
    given: dict[str, dict] = {}
    for item in items:
        key, _, value = item.partition("=")
        rule_key, _, field = key.partition(".")
        if rule_key not in by_key or field not in ANSWER_FIELDS:
            raise DrafterError(Problem(f"{item!r}: write RULE.FIELD=VALUE, e.g. 1.in_place=yes "
                                       f"(fields: {', '.join(ANSWER_FIELDS)})", field="--answer"))
        if field == "in_place":
            value = check_answer(value, ANSWERS, f"--answer {key}")
        elif field == "in_writing":
            value = check_answer(value, WRITING, f"--answer {key}")
        elif field == "position":
            value = check_answer(value, POSITIONS, f"--answer {key}")
        else:
            try:
                value = check_one_line(value.strip())
            except ValueError as exc:
                raise DrafterError(Problem(str(exc), field=f"--answer {key}")) from None
        given.setdefault(by_key[rule_key], {})[field] = value
    return given
