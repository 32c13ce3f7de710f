"""Document types are data: templates/<type>/outline.yaml says which slots, in which order."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from .. import paths
from ..words import did_you_mean
from ..errors import ClauseError, Problem, SelectionError
from .clauses import ID_RE
from .jurisdiction import Jurisdiction, primary_agency
from .kinds import INSTRUMENTS
from .validation import validate
from ..paths import modified
from .yamlfile import load_yaml_file


# What an outline's clause id may say of the run: filled in by plain substitution, never by
# str.format (which reads attributes and pads to any width: `{instrument.__class__}`).
CLAUSE_ID_FIELDS = ("instrument", "resolution_action")
_FIELD = re.compile(r"\{(" + "|".join(CLAUSE_ID_FIELDS) + r")\}")


def _check_clause_ref(value: str) -> str:
    if not ID_RE.match(_FIELD.sub("x", value)) or len(value) > 64:
        raise ValueError(f"{value!r} is not a clause id; use lower-case letters, digits and "
                         "dashes, with {instrument} or {resolution_action} where the run "
                         "fills them in")
    return value


ClauseRef = Annotated[str, AfterValidator(_check_clause_ref)]


def fill_clause_id(template: str, **values: str) -> str:
    """An outline's clause id with {instrument} and {resolution_action} filled in."""
    return _FIELD.sub(lambda found: values[found[1]], template)


class OutlineEntry(BaseModel):
    """One slot: a clause, the definitions, the selected rules, or a clause holding the rules."""

    model_config = ConfigDict(extra="forbid")

    clause: ClauseRef | None = None    # may contain {instrument} or {resolution_action}
    definitions: ClauseRef | None = None   # id of the clause that introduces the definitions
    rules: Literal["sections", "subsections"] | None = None
    if_rule: ClauseRef | None = None         # include the slot only when this rule is selected
    if_option: Literal["state_safe"] | None = None   # ... only when this run option is set

    @model_validator(mode="after")
    def _one_kind(self) -> "OutlineEntry":
        if self.definitions and (self.clause or self.rules):
            raise ValueError("a definitions slot stands alone")
        if self.rules == "subsections" and not self.clause:
            raise ValueError("rules as subsections need the clause that introduces them")
        if self.rules == "sections" and self.clause:
            raise ValueError("rules as sections stand alone")
        if not (self.clause or self.definitions or self.rules):
            raise ValueError("give clause, definitions or rules")
        return self


class OutlineVariant(BaseModel):
    """What changes in a law's outline for one instrument (a by-law is a Town Meeting warrant
    article, a local law has its own number line). A field set to null drops that part."""

    model_config = ConfigDict(extra="forbid")

    number_line: str | None = None
    caption: str | None = None
    header: str | None = None
    recitals: str | None = None
    enacting: str | None = None
    attestation: ClauseRef | None = None


# The sections of the web page a paper may need (templates/web/index.html guards each).
PAGE_SECTIONS = ("officers", "extras", "state-law", "line-numbers", "sender", "officials",
                 "petition", "letters", "testimony", "meeting")


class DocumentType(BaseModel):
    """A document type: which builder makes it, and the clauses it is made of."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    summary: str
    # What a campaign does with the paper once it has it (the web page says it after a
    # download): "Print the petition ..., gather signatures, ...".
    next_step: str | None = None
    # Where it comes in the packet and in lists, and on the web page's list of documents
    # (lower first; a type without `web:` is not offered on the page). A user's type comes
    # after the built-in ones unless its outline says otherwise.
    order: int = Field(default=1000, ge=0, le=100_000)
    web: int | None = Field(default=1000, ge=0, le=100_000)
    # The web page's sections this paper needs beyond the place and the rules: what a
    # person who asks for this one paper is asked (the page shows every section otherwise).
    asks: list[Literal[PAGE_SECTIONS]] | None = None  # type: ignore[valid-type]
    # A builder registered in drafter.documents.registry.BUILDERS (checked by the pipeline): "legislation"
    # numbers sections and recitals; the campaign papers' layouts live in drafter/documents/campaign.py
    # and their words in clause files.
    builder: str = Field(default="legislation", pattern=r"^[a-z][a-z-]*$")
    instrument: Literal["law", "resolution", "order"] = "law"
    issued_by: Literal["governing-body", "executive", "agency"] = "governing-body"
    number_line: str | None = None
    caption: str | None = None
    header: str | None = None          # a clause of "Field: value" lines under the caption
    recitals: str | None = None
    enacting: str | None = None        # "law", "resolution", or the id of a clause
    numbering: Literal["arabic", "roman"] = "arabic"
    sections: list[OutlineEntry] = Field(default_factory=list)
    codify: list[str] = Field(default_factory=list)   # "definitions", "rules" or clause ids
    attestation: ClauseRef | None = None
    requires: list[Literal["executive", "law-enforcement", "status"]] = Field(default_factory=list)
    orientation: Literal["portrait", "landscape"] = "portrait"
    texts: dict[str, str] = Field(default_factory=dict)   # campaign papers: role -> clause id
    # With --lang en,es: "together", one paper in both languages (a petition either can
    # sign); "separate", one file per language (letters, testimony); "no", English only
    # (legislation, which the body adopts in English), or "courtesy": English, and beside
    # it a courtesy translation into each other language, marked as such on every page.
    translated: Literal["together", "separate", "courtesy", "no"] = "no"
    variants: dict[Literal[tuple(INSTRUMENTS)], OutlineVariant] = Field(  # type: ignore[valid-type]
        default_factory=dict)   # a law's outline for one instrument
    path: Path | None = None
    lines: dict[str, int] = Field(default_factory=dict)   # "variants.by-law.caption" -> line

    def for_instrument(self, instrument: str) -> "DocumentType":
        """This outline as it reads for one instrument (itself when nothing changes)."""
        variant = self.variants.get(instrument)
        if variant is None:
            return self
        changed = variant.model_fields_set
        lines = {**self.lines, **{f: self.lines[f"variants.{instrument}.{f}"] for f in changed
                                  if f"variants.{instrument}.{f}" in self.lines}}
        return self.model_copy(update={**{f: getattr(variant, f) for f in changed},
                                       "lines": lines})

    @model_validator(mode="after")
    def _legislation_outline(self) -> "DocumentType":
        if self.builder == "legislation":
            missing = [f for f in ("number_line", "caption", "attestation") if not getattr(self, f)]
            if missing or not self.sections:
                raise ValueError(f"a legislation outline needs {', '.join(missing or ['sections'])}")
            for instrument, variant in self.variants.items():
                dropped = [f for f in ("number_line", "caption", "attestation")
                           if f in variant.model_fields_set and getattr(variant, f) is None]
                if dropped:
                    raise ValueError(f"the {instrument} variant cannot drop {', '.join(dropped)}")
        return self


MAX_TYPES_PER_FOLDER = 200


def document_types(templates: tuple[Path, ...] = ()) -> dict[str, DocumentType]:
    """Every document type by id, in their outlines' `order` (the packet's): the user's
    template folders first (a folder holding `<type>/outline.yaml` adds a type or replaces
    the built-in one), the built-in last."""
    winners = [layers[0] for layers in document_type_layers(templates).values()]
    return {t.id: t for t in sorted(winners, key=lambda t: (t.order, t.id))}


def web_types(templates: tuple[Path, ...] = ()) -> list[DocumentType]:
    """The types the web page offers, in their outlines' `web` order."""
    found = [t for t in document_types(templates).values() if t.web is not None]
    return sorted(found, key=lambda t: (t.web, t.id))


def document_type_layers(templates: tuple[Path, ...] = ()) -> dict[str, list[DocumentType]]:
    """Each type id with every outline that defines it, most specific first (for `which`)."""
    layers: dict[str, list[DocumentType]] = {}
    problems: list[Problem] = []
    for folder in (*templates, paths.templates_dir()):
        folder = Path(folder)
        if not folder.is_dir():
            problems.append(Problem("template folder not found", file=str(folder)))
            continue
        if paths.is_system_folder(folder):
            problems.append(Problem("is a system folder, not a template folder; point at the "
                                    "folder holding your document types", file=str(folder)))
            continue
        outlines = sorted(folder.glob("*/outline.yaml"))[:MAX_TYPES_PER_FOLDER]
        for type_id, doc_type in _load_types(folder, tuple((str(p), modified(p))
                                                           for p in outlines)):
            layers.setdefault(type_id, []).append(doc_type)
    if problems:
        raise ClauseError(problems)
    return layers


@lru_cache(maxsize=32)
def _load_types(folder: Path, signature: tuple) -> tuple[tuple[str, DocumentType], ...]:
    """Parse a folder's outlines once per process (again only if a file changes)."""
    types = (load_document_type_file(Path(name), folder) for name, _ in signature)
    return tuple((doc_type.id, doc_type) for doc_type in types)


def load_document_type_file(path: Path, folder: Path | None = None) -> DocumentType:
    """One outline.yaml (of the template `folder`, which it may not leave through a link)."""
    data, lines = load_yaml_file(path, folder=folder)
    doc_type = validate(DocumentType, data, lines=lines, source=str(path), error=ClauseError)
    if doc_type.id != path.parent.name:
        raise ClauseError(Problem(f"id {doc_type.id!r} must match its folder {path.parent.name!r}",
                                  file=str(path), field="id"))
    return doc_type.model_copy(update={"path": path, "lines": {
        ".".join(map(str, key)): line for key, line in lines.items()}})


def load_document_type(type_id: str, templates: tuple[Path, ...] = ()) -> DocumentType:
    """Look a type up by id; ids are checked before they touch the file system."""
    if not ID_RE.match(type_id):
        raise SelectionError(Problem(f"{type_id!r} is not a document type id"))
    types = document_types(tuple(templates))
    if type_id not in types:
        raise SelectionError(Problem(f"unknown document type {type_id!r}"
                                     f"{did_you_mean(type_id, types, ' (did you mean {}?)')}; choose one of: "
                                     f"{', '.join(types)} (see `drafter list documents`)"))
    return types[type_id]


def check_requirements(doc_type: DocumentType, jurisdiction: Jurisdiction,
                       has_status: bool = False) -> None:
    """Refuse a document the profile cannot fill: an executive order needs an executive,
    a law a body that can adopt one."""
    j = jurisdiction
    if (doc_type.builder == "legislation" and doc_type.instrument == "law"
            and not INSTRUMENTS[j.instrument].is_law):
        why = f": {j.instruments_note}" if j.instruments_note else ""
        raise SelectionError(Problem(
            f"{doc_type.name}: the {j.governing_body} of {j.the_legal_name} acts by resolution "
            f"only{why}; draft a resolution instead", file=j.source, field="instrument"))
    if "executive" in doc_type.requires and not j.executive:
        raise SelectionError(Problem(
            f"{doc_type.name} needs an executive (a Mayor, County Executive or Governor); add "
            "`executive: <title>` to the profile, or draft a department-order for the sheriff "
            "or police instead", file=j.source, field="executive", kind="missing"))
    if "executive" in doc_type.requires and not j.executive_orders:
        raise SelectionError(Problem(
            f"{doc_type.name}: the {j.executive} of {j.the_legal_name} does not issue "
            f"executive orders under its form of government; draft a resolution for the "
            f"{j.governing_body} instead", file=j.source, field="executive_orders"))
    if "executive" in doc_type.requires and j.executive_board:
        raise SelectionError(Problem(
            f"{doc_type.name}: the {j.executive} is a board, which acts by vote, not by an "
            "order in the first person; draft a resolution for it to adopt instead",
            file=j.source, field="executive"))
    if "status" in doc_type.requires and not has_status:
        from .status import has_status_file, status_path

        if not has_status_file(jurisdiction):
            raise SelectionError(Problem(
                f"{doc_type.name} needs the answers from the meeting; run `drafter record -j "
                f"{jurisdiction.source}` first",
                file=str(status_path(jurisdiction) or jurisdiction.source), field="status"))
    if "law-enforcement" in doc_type.requires and primary_agency(jurisdiction)[0] is None:
        raise SelectionError(Problem(
            f"{doc_type.name} needs a police department or sheriff's office; add `police:` or "
            "`sheriff:` to the profile", file=jurisdiction.source, field="police",
            kind="missing"))
