"""A Request: everything a person asks of one drafting run, as the command line says it.

The one list of what can be asked. Each field carries its option (the command-line flag,
its help, the commands that offer it, the web page's field), and from that list come the
options of `draft`, `redline`, `packet` and `batch`, their help, the web page's fields and
the public API's keywords: nothing else declares them. A Request is frozen and refuses a
field it does not know; its values are checked when it is made, the same for every entry
point, with the flag a person would fix. What a run derives from it (the profile, the
clause library, state law) is drafter.pipeline.prepare's.

Only the standard library is imported here: `drafter --help` builds its options from this
list without loading pydantic.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from functools import cache
from types import MappingProxyType
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from ..document import LINES_PER_SHEET, SHEETS
from ..errors import DrafterError, Problem

if TYPE_CHECKING:
    from .jurisdiction import Jurisdiction
    from .options import Sender
    from .status import StatusFile

DRAFTING = frozenset({"draft", "redline", "packet", "batch"})   # every command that drafts
ONE_PLACE = DRAFTING - {"batch"}          # a batch's places and files come from its SOURCE
PAPERS = DRAFTING - {"redline"}           # the commands that draft campaign papers; a
                                          # redline is of legislation only
ADDRESS_COLUMNS = ("address", "zip", "ward")
MINUTES = (0.5, 30.0)


@dataclass(frozen=True)
class Option:
    """How a Request field is asked for. `kind` says how a value is read from the command
    line or the web form: flag, text, texts (repeatable), list (comma-separated), int,
    number, choice, date, path, paths."""

    kind: str
    help: str
    flag: str = ""                   # "--sheets"; "" when no command line offers it
    commands: frozenset = DRAFTING   # the commands that offer the flag
    metavar: str | None = None
    negative: str = ""               # the flag that turns a default-on flag off
    limits: tuple = ()               # (low, high) of an int or number
    choices: tuple[str, ...] = ()
    one_line: bool = False           # text printed inside a sentence: no line breaks
    link: bool = False               # an https:// address
    web: str = ""                    # the web page's field for it ("" when not on the page)


def _option(default: Any = None, **option: Any) -> Any:
    if isinstance(default, (list, dict, set)):
        raise TypeError("defaults are immutable")
    return field(default=default, metadata={"option": Option(**option)})


@dataclass(frozen=True)
class Request:
    """What to draft, for where, from which clauses, with which choices."""

    documents: tuple[str, ...] = _option(
        (), kind="list", flag="--documents", commands=frozenset({"batch"}), metavar="LIST",
        web="documents",
        help="Only these document types (e.g. ordinance,resolution). Default: the whole "
             "packet, with its combined PDF and zip.")
    jurisdiction: "Path | Jurisdiction | None" = _option(
        kind="path", flag="-j/--jurisdiction", commands=ONE_PLACE,
        help="Profile YAML of your jurisdiction. Default: the bundled example city.")
    rules: str | None = _option(     # given as a list too: ("1", "2", "5-9")
        kind="list", flag="--rules", metavar="LIST", web="rules",
        help="Rules to include, by number or id: 1,2,5-9 or judicial-warrant,dont-ask. "
             "Default: all nine.")
    include_1373: bool = _option(
        True, kind="flag", flag="--1373", negative="--no-1373", web="include_1373",
        help="Include the 8 U.S.C. § 1373 clause (the guide recommends it).")
    extras: tuple[str, ...] = _option(
        (), kind="texts", flag="--extra", metavar="ID", web="extras",
        help="Add an optional provision beyond the model rules (repeatable); `drafter list "
             "extras` shows them.")
    formats: tuple[str, ...] | None = _option(     # None: the command's own default
        kind="list", flag="--format", commands=DRAFTING - {"redline"}, metavar="LIST",
        web="format", help="Output formats.")
    languages: tuple[str, ...] = _option(
        ("en",), kind="list", flag="--lang", commands=PAPERS, metavar="CODE", web="papers_lang",
        help="Campaign papers (petition, explainer, letters, testimony, worksheet, report "
             "back, state-law memo, packet cover) in this language; two separated by a comma "
             "make a petition in both and the other papers in each. `drafter list languages` "
             "shows them. Legislation stays in English.")
    line_numbers: bool = _option(
        False, kind="flag", flag="--line-numbers", web="line_numbers",
        help="Legislation: number the lines in the left margin, restarting each page, as "
             "councils mark up drafts by line (DOCX and PDF).")
    final: bool = _option(
        False, kind="flag", flag="--final",
        help="Legislation: leave out the DRAFT mark and the drafting note at the foot of each "
             "page (for the copy introduced). Campaign papers never carry them.")
    clause_dirs: tuple[Path, ...] = _option(
        (), kind="paths", flag="--clauses", commands=ONE_PLACE,
        help="A folder of your own clause files, searched before the built-in library "
             "(repeatable; the first wins).")
    templates: tuple[Path, ...] = _option(
        (), kind="paths", flag="--templates", commands=ONE_PLACE,
        help="A folder of your own document types and page templates, searched before the "
             "built-in ones (repeatable; the first wins).")
    sender: "Path | Sender | None" = _option(
        kind="path", flag="--from", commands=ONE_PLACE & PAPERS,
        help="Letters: sender profile YAML (group, contact, address, email, phone).")
    date: dt.date | None = _option(
        kind="date", flag="--date", metavar="YYYY-MM-DD", web="letter_date",
        help="Letters and cover: the date to print, YYYY-MM-DD. Default: today.")
    sheets: int = _option(
        1, kind="int", flag="--sheets", commands=PAPERS, limits=SHEETS, web="sheets",
        help="Petition: how many blank signature sheets.")
    lines_per_sheet: int | None = _option(
        kind="int", flag="--lines-per-sheet", commands=PAPERS, limits=LINES_PER_SHEET, web="lines_per_sheet",
        help="Petition: numbered signature lines on each sheet. Default: as many as fit with "
             "rows 0.4 in tall.")
    address_column: str = _option(
        "address", kind="choice", flag="--address-column", commands=PAPERS, choices=ADDRESS_COLUMNS,
        web="address_column",
        help="Petition: ask signers for their residence address, ZIP code or ward.")
    contact_column: bool = _option(
        False, kind="flag", flag="--contact-column", commands=PAPERS, web="contact_column",
        help="Petition: add an optional e-mail/phone column with a consent note.")
    circulator: bool = _option(
        False, kind="flag", flag="--circulator", commands=PAPERS, web="circulator",
        help="Petition: add a circulator's statement.")
    qr_url: str | None = _option(
        kind="text", flag="--qr", commands=PAPERS, metavar="URL", link=True, web="qr_url",
        help="Petition: print a QR code to the online version (an https:// link).")
    attach_ordinance: bool = _option(
        False, kind="flag", flag="--attach-ordinance", commands=PAPERS,
        help="Petition: attach the full text of the proposed ordinance.")
    speaker: str | None = _option(
        kind="text", flag="--speaker", commands=PAPERS, one_line=True, web="speaker",
        help="Testimony: the speaker's name.")
    neighborhood: str | None = _option(
        kind="text", flag="--neighborhood", commands=PAPERS, one_line=True, web="neighborhood",
        help="Testimony: the speaker's neighborhood.")
    agenda_item: str | None = _option(
        kind="text", flag="--agenda-item", commands=PAPERS, one_line=True, web="agenda_item",
        help="Testimony: the agenda item, e.g. 'Item 7'.")
    minutes: float = _option(
        3.0, kind="number", flag="--minutes", commands=PAPERS, limits=MINUTES,
        help="Testimony: warn when it runs longer than this.")
    strict: bool = _option(
        False, kind="flag", flag="--strict",
        help="Stop, writing nothing, when the profile's state has a law that may conflict "
             "with the chosen rules (normally a warning).")
    missing: bool = _option(
        False, kind="flag", flag="--missing", web="missing",
        help="Only the rules not yet in writing, from `drafter record`'s answers.")
    state_safe: bool = _option(
        False, kind="flag", flag="--state-safe", web="state_safe",
        help="Leave out the rules the profile's state law forbids (each named in a note and "
             "a WHEREAS clause) and make the rest apply to the extent state law permits. "
             "Default: keep every rule and warn.")
    redline: bool = _option(
        False, kind="flag", flag="--redline", commands=frozenset({"draft"}),
        help="Also write <jurisdiction>-<TYPE>-redline.docx and .pdf against the model text.")
    author: str = _option(
        "drafter", kind="text", flag="--author", commands=frozenset({"redline"}),
        one_line=True, help="Name on the tracked changes, as Word shows it.")
    # Asked by a command or the page itself, never by a flag of their own:
    packet: bool = _option(False, kind="flag", help="The combined PDF and the zip as well "
                                                    "(`drafter packet`).")
    scorecard: bool = _option(False, kind="flag", help="The scorecard picture of the answers "
                                                       "recorded (the web page's).")
    page_language: str | None = _option(kind="text", help="The web page's language, when the "
                                        "run's notes are shown there: they are written in it "
                                        "and say what to do on the page, not on the command "
                                        "line.")
    status: "StatusFile | None" = _option(
        kind="answers", help="What law enforcement said, held in memory (the web page's "
                             "answers); by default the status file beside the profile.")

    def __post_init__(self) -> None:
        for spec in fields(self):        # a field left empty (on the web page): its default
            if getattr(self, spec.name) is None and spec.default is not None:
                object.__setattr__(self, spec.name, spec.default)
        for spec in fields(self):        # several values, however given: ("en", "es"), "en,es"
            kind, value = spec.metadata["option"].kind, getattr(self, spec.name)
            if kind in ("list", "texts", "paths") and value is not None:
                if isinstance(value, Path):
                    value = (value,)
                elif isinstance(value, str):
                    value = value.split(",") if kind == "list" else [value]
                object.__setattr__(self, spec.name, tuple(
                    item.strip() if isinstance(item, str) else item for item in value
                    if not isinstance(item, str) or item.strip()))
        if isinstance(self.rules, tuple):   # rules are one text: "1,2,5-9"
            object.__setattr__(self, "rules", ",".join(map(str, self.rules)) or None)
        problems = [problem for spec in fields(self)
                    if (problem := _problem(spec, getattr(self, spec.name))) is not None]
        for spec in fields(self):
            option, value = spec.metadata["option"], getattr(self, spec.name)
            if isinstance(value, str) and (option.one_line or option.link):
                try:
                    object.__setattr__(self, spec.name, _checked_text(option, value))
                except ValueError as exc:
                    problems.append(Problem(str(exc), field=where(spec.name)))
        if len(self.languages) not in (1, 2) or len(set(self.languages)) < len(self.languages):
            problems.append(Problem("give one language, or two separated by a comma (en,es: "
                                    "a petition in both, letters in each)", field="--lang"))
        if self.redline and len(self.documents) != 1:
            problems.append(Problem("a redline compares one document type with the model "
                                    "text: name one", field="--redline"))
        if problems:
            raise DrafterError(problems)

    @classmethod
    def of(cls, **values: Any) -> "Request":
        """A Request from keywords (the API's), an unknown one named, not a TypeError."""
        import difflib

        known = [spec.name for spec in fields(cls)]
        problems = []
        for name in sorted(set(values) - set(known)):
            close = difflib.get_close_matches(name, known, n=1)
            problems.append(Problem(f"unknown option {name!r}"
                                    + (f"; did you mean {close[0]!r}?" if close else
                                       f"; the options are {', '.join(known)}")))
        if problems:
            raise DrafterError(problems)
        return cls(**values)


@cache
def options() -> Mapping[str, Option]:
    """{field name: its Option}, in the Request's order (read once)."""
    return MappingProxyType({spec.name: spec.metadata["option"] for spec in fields(Request)})


def offered(command: str) -> dict[str, Option]:
    """The fields a command offers as flags, in the Request's order."""
    return {name: option for name, option in options().items()
            if option.flag and command in option.commands}


def web_fields() -> dict[str, str]:
    """{web page field: Request field} for every field the page offers."""
    return {option.web: name for name, option in options().items() if option.web}


def where(name: str) -> str:
    """How a person names a field: its flag ("--sheets"), else its own name."""
    flag = options()[name].flag
    return flag.split("/")[-1] if flag else name


def _problem(spec, value: Any) -> Problem | None:
    """What is wrong with one field's value, or None."""
    option: Option = spec.metadata["option"]
    if value is None:
        return None
    problem = None
    if option.kind in ("path", "paths"):
        items = value if option.kind == "paths" else (value,)
        if not all(isinstance(item, (str, Path)) or _is_model(item) for item in items):
            problem = "must be a file or folder path"
    elif option.kind in ("list", "texts") and not all(isinstance(v, str) for v in value):
        problem = "must be text, or several separated by commas"
    elif option.kind == "int" and (isinstance(value, bool) or not isinstance(value, int)):
        problem = "must be a whole number"
    elif option.kind == "number" and (isinstance(value, bool)
                                      or not isinstance(value, (int, float))):
        problem = "must be a number"
    elif option.kind == "flag" and not isinstance(value, bool):
        problem = "must be true or false"
    elif option.kind == "date" and not isinstance(value, dt.date):
        problem = "must be a date, like 2026-12-01"
    elif option.kind == "text" and not isinstance(value, str):
        problem = "must be text"
    if problem is None and option.limits and not option.limits[0] <= value <= option.limits[1]:
        low, high = option.limits
        problem = f"must be from {low:g} to {high:g}"
    if problem is None and option.choices and value not in option.choices:
        problem = f"must be one of {', '.join(option.choices)}"
    return Problem(problem, field=where(spec.name)) if problem else None


def _is_model(value: Any) -> bool:
    """A profile or sender already in memory (the web form's, a batch row's)."""
    from .jurisdiction import Jurisdiction
    from .options import Sender

    return isinstance(value, (Jurisdiction, Sender))


def _checked_text(option: Option, value: str) -> str:
    """A text printed inside a sentence, or a link, as checked (spaces run together);
    raises ValueError."""
    from .validation import check_link, check_one_line

    return (check_link if option.link else check_one_line)(value.strip())


def from_text(values: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Request values from text, as a web form or a saved file gives them ({field name:
    str, or a list of str for a repeatable one; None when not given}): each read by its
    option's kind. Returns
    the values read and a problem (named by field) for each that cannot be."""
    read: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, raw in values.items():
        if raw is None:          # not given: the field's default
            continue
        option = options()[name]
        try:
            read[name] = _read(option, raw)
        except ValueError as exc:
            problems.append(Problem(str(exc), field=name))
    return read, problems


def _read(option: Option, raw: Any) -> Any:
    if option.kind == "flag":
        return bool(raw) and str(raw).strip().lower() not in ("0", "false", "no", "off")
    if option.kind in ("texts", "list", "paths"):
        items = raw if isinstance(raw, (list, tuple)) else str(raw or "").split(",")
        return tuple(item.strip() for item in map(str, items) if item.strip())
    text = str(raw if raw is not None else "").strip()
    if not text:
        return None
    if option.kind == "int":
        try:
            return int(text)
        except ValueError:
            raise ValueError("must be a whole number") from None
    if option.kind == "number":
        try:
            return float(text)
        except ValueError:
            raise ValueError("must be a number") from None
    if option.kind == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError("must be a date, like 2026-12-01") from None
    return text
