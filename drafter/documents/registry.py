"""A Job: everything one drafting run needs, prepared once (see drafter.pipeline), and the
registry of document builders that turn a Job into drafts.

Builders register themselves by decorator where they live (legislation in
drafter.documents.legislation, campaign papers in drafter.documents.campaign); an
outline names its builder, and build() looks it up here. Nothing lists them by hand.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from ..document import Draft
from ..errors import ClauseError, OutputError, Problem
from ..inputs.clauses import Clause, ClauseLibrary
from ..inputs.doctypes import DocumentType, check_requirements, load_document_type
from ..inputs.jurisdiction import Jurisdiction
from ..inputs.options import DraftOptions
from ..inputs.request import Request

@dataclass(frozen=True)
class Job:
    """What was asked, and what prepare() derived from it: the jurisdiction, its clause
    library, the chosen clauses and the papers' options."""

    jurisdiction: Jurisdiction
    library: ClauseLibrary
    selection: tuple[Clause, ...]
    options: DraftOptions
    notices: tuple[str, ...] = ()      # printed as "note: ..."
    warnings: tuple[str, ...] = ()     # printed as "warning: ..."
    templates: tuple[Path, ...] = ()   # the user's template folders, searched before ours
    request: Request = Request()       # what was asked (drafter.inputs.request)


Builder = Callable[[DocumentType, Job], "list[Draft]"]
BUILDERS: dict[str, Builder] = {}


def builder(name: str) -> Callable[[Builder], Builder]:
    """Register a function that builds the drafts of every document type naming `name`."""
    def register(function: Builder) -> Builder:
        if name in BUILDERS:
            raise RuntimeError(f"two builders named {name!r}")
        BUILDERS[name] = function
        return function
    return register


def document_type(doc_type: DocumentType | str, templates: tuple[Path, ...] = ()) -> DocumentType:
    """A document type by id (from the template search path), its builder checked against
    the registry."""
    type_ = (doc_type if isinstance(doc_type, DocumentType)
             else load_document_type(doc_type, templates))
    if type_.builder not in BUILDERS:
        raise ClauseError(Problem(f"unknown builder {type_.builder!r}; use one of: "
                                  f"{', '.join(sorted(BUILDERS))}", file=str(type_.path),
                                  field="builder"))
    return type_


def build(job: Job, doc_type: DocumentType | str) -> list[Draft]:
    """Every draft a document type makes for the job: one, one per official, or two
    versions. Refused when the profile cannot fill the type (no executive, ...)."""
    type_ = document_type(doc_type, job.templates)
    check_requirements(type_, job.jurisdiction, has_status=job.request.status is not None)

    drafts = BUILDERS[type_.builder](type_, job)
    language = job.options.language
    # Papers in another language have their own names: a Spanish or a bilingual petition
    # never overwrites the English one in the same folder.
    together = type_.translated == "together" and job.options.also_in
    if together or (language != "en" and type_.translated in ("separate", "together")):
        suffix = "-".join((language, *job.options.also_in)) if together else language
        drafts = [replace(d, file_stem=f"{d.stem}-{suffix}") for d in drafts]
    # What each translation is compared with: a law is always drafted in English first
    # (its translation is the courtesy copy); other papers only when English leads.
    english = drafts if language == "en" or type_.translated == "courtesy" else []
    if type_.translated == "separate":     # the same papers again in each other language
        for other in job.options.also_in:
            options = replace(job.options, language=other, also_in=())
            drafts += _matched(english, [
                replace(d, file_stem=f"{d.stem}-{other}")
                for d in BUILDERS[type_.builder](type_, replace(job, options=options))], other)
    elif type_.translated == "courtesy":   # the English law, then a translation beside it
        for other in dict.fromkeys((language, *job.options.also_in)):
            if other != "en":
                options = replace(job.options, courtesy=other)
                drafts += _matched(english, [
                    replace(d, file_stem=f"{d.stem}-{other}") for d in
                    BUILDERS[type_.builder](type_, replace(job, options=options))], other)
    for draft in drafts:
        check_size(draft, type_)
    return drafts


def _matched(english: list[Draft], translations: list[Draft], language: str) -> list[Draft]:
    """Each translation compared block by block with its English: what it lacks is a
    warning with the draft (a catalog entry short of a recital is never silent)."""
    from babel import Locale

    from .parity import parity_warning

    name = Locale.parse("en").languages.get(language, language)
    checked = []
    for source, translation in zip(english, translations):
        found = parity_warning(source, translation, name)
        checked.append(replace(translation, untranslated="; ".join(
            filter(None, [translation.untranslated, found]))) if found else translation)
    return checked + translations[len(checked):]


# The longest document drafter makes (a petition with 50 signature sheets in two languages
# and the ordinance attached) has about 1,100 paragraphs and 85,000 characters. A clause
# or outline that repeats text without end stops here, before any format renders it.
MAX_DRAFT_PARAGRAPHS = 10_000
MAX_DRAFT_CHARS = 1_000_000


def check_size(draft: Draft, type_: DocumentType) -> None:
    paragraphs = draft.paragraphs()
    chars = sum(len(p) for p in paragraphs)
    if len(paragraphs) > MAX_DRAFT_PARAGRAPHS or chars > MAX_DRAFT_CHARS:
        raise ClauseError(Problem(
            f"{draft.stem} would hold {len(paragraphs):,} paragraphs and {chars:,} characters, "
            f"more than a document may ({MAX_DRAFT_PARAGRAPHS:,} and {MAX_DRAFT_CHARS:,}); a "
            "clause or the outline repeats text without end", file=str(type_.path)))


def add_output(files: dict, name, content: bytes) -> None:
    """Add one output, refusing a second one with the same name (it would overwrite the
    first without a word)."""
    if name in files:
        raise OutputError(Problem(f"two documents would be written to {Path(str(name)).name}; "
                                  "give the document types or officials distinct names",
                                  file=str(name)))
    files[name] = content
