"""drafter: draft a Freedom City campaign's papers from the ACLU's model rules.

The public API mirrors the command line: `draft(...)` is `drafter draft`,
`packet(...)` is `drafter packet`, `check(...)` is `drafter check`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .assemble import check_requirements, check_selection, select_rules
from .build import build
from .doctypes import document_types, load_document_type
from .draft import Draft
from .errors import DrafterError, Problem, SelectionError
from .jurisdiction import Jurisdiction, load_jurisdiction
from .library import load_library
from .options import DraftOptions, Sender, load_sender

__version__ = "0.1.0"
FORMATS = ("docx", "pdf", "md")
__all__ = ["FORMATS", "Draft", "DraftOptions", "DrafterError", "Result", "Sender", "build_draft",
           "build_drafts", "check", "draft", "draft_files", "load_sender", "packet",
           "preview_html", "redline", "render_bytes", "state_law_warnings"]


def build_drafts(doc_type: str = "ordinance", *, jurisdiction: Path | None = None,
                 rules: str | None = None, include_1373: bool = True,
                 options: DraftOptions | None = None, clause_dirs: list[Path] | None = None,
                 extras: tuple[str, ...] = ()) -> list[Draft]:
    """Load and validate every input, then assemble the drafts (nothing is written)."""
    type_ = load_document_type(doc_type)
    profile, library, selection = load_inputs(jurisdiction, rules, include_1373, clause_dirs,
                                              extras)
    return build(type_, profile, library, selection, options or DraftOptions())


def load_inputs(jurisdiction: Path | None, rules: str | None, include_1373: bool,
                clause_dirs: list[Path] | None, extras: tuple[str, ...] = ()):
    """The profile (default: the example city), the clause library and the chosen rules.

    Clause folders are searched most specific first: the profile's own `clauses:`, then
    the ones given on the command line, then the built-in library.
    """
    profile = load_jurisdiction(Path(jurisdiction) if jurisdiction else paths.example_profile())
    library = load_library([*profile.clause_dirs, *(clause_dirs or [])])
    return profile, library, select_rules(library, rules, include_1373=include_1373, extras=extras)


def build_draft(doc_type: str = "ordinance", *, draft_mark: bool = False, **kwargs) -> Draft:
    """The first (for most types, the only) draft of a document type."""
    return build_drafts(doc_type, options=DraftOptions(draft_mark=draft_mark), **kwargs)[0]


def render_bytes(draft_: Draft, fmt: str) -> bytes:
    """Render a Draft to one format's bytes."""
    if fmt == "docx":
        from .render.docx import render_docx
        return render_docx(draft_)
    if fmt == "pdf":
        from .render.pdf import render_pdf
        return render_pdf(draft_)
    if fmt == "md":
        from .render.text import render_markdown
        return render_markdown(draft_).encode("utf-8")
    raise SelectionError(Problem(f"unknown format {fmt!r}; use {', '.join(FORMATS)}",
                                 field="--format"))


def output_path(out_dir: Path, draft_: Draft, fmt: str) -> Path:
    return Path(out_dir) / f"{draft_.stem}.{fmt}"


@dataclass
class Result:
    """What a drafting run wrote, and what the user should be told about it."""

    drafts: list[Draft]
    paths: list[Path]
    notices: list[str] = field(default_factory=list)    # printed as "note: ..."
    warnings: list[str] = field(default_factory=list)   # printed as "warning: ..."
    checked: list[Jurisdiction] = field(default_factory=list)   # `check`: the valid profiles


def draft(doc_type: str = "ordinance", *, jurisdiction: Path | None = None,
          rules: str | None = None, include_1373: bool = True,
          formats: tuple[str, ...] = ("docx", "pdf"), out_dir: Path = Path("out"),
          options: DraftOptions | None = None, clause_dirs: list[Path] | None = None,
          extras: tuple[str, ...] = (), strict: bool = False, missing: bool = False,
          redline: bool = False, author: str = "drafter", progress=None) -> Result:
    """Draft one document type in the given formats, and with `redline` its redline
    against the model text.

    Every draft and format is rendered in memory before the first file is written.
    """
    from .output import write_atomically

    options = options or DraftOptions()
    check_formats(formats)
    type_ = load_document_type(doc_type)
    profile, library, selection = load_inputs(jurisdiction, rules, include_1373, clause_dirs,
                                              extras)
    left_out: list[str] = []
    if missing:
        selection, options, left_out = missing_only(profile, library, selection, options)
    legal = state_law_notes(profile, selection, strict=strict)
    drafts = build(type_, profile, library, selection, options)
    files = {}
    for draft_ in drafts:
        for fmt in formats:
            if progress:
                progress(f"rendering {draft_.stem}.{fmt}")
            files[output_path(out_dir, draft_, fmt)] = render_bytes(draft_, fmt)
    summary: list[str] = []
    if redline:
        from .compare import make_redline, redline_docx, redline_pdf

        made = make_redline(type_, profile, library, load_library(), selection, options,
                            custom=drafts[0])
        stem = Path(out_dir) / f"{made.custom.stem}-redline"
        files[stem.with_suffix(".docx")] = redline_docx(made, author=author, date=options.date)
        files[stem.with_suffix(".pdf")] = redline_pdf(made)
        summary = made.summary()[:3]
    result = Result(drafts, write_atomically(files))
    speaking_notes(result, options.minutes)
    result.warnings += unverified(selection) + legal.warnings
    result.notices += left_out + summary + legal.notices
    return result


def missing_only(profile: Jurisdiction, library, selection, options: DraftOptions):
    """--missing: keep the rules not yet in writing; say which were left out and why."""
    from dataclasses import replace

    from .status import load_status, status_path

    if not status_path(profile).exists():
        raise SelectionError(Problem("--missing needs the answers from the meeting; run "
                                     f"`drafter record -j {profile.source}` first",
                                     file=str(status_path(profile)), field="--missing"))
    status = load_status(profile, library.rules())
    done = [rule for rule in selection if rule.id in status.rules
            and status.rules[rule.id].in_writing == "yes"]
    kept = [rule for rule in selection if rule not in done]
    if not kept:
        raise SelectionError(Problem("every chosen rule is already in writing; nothing is missing",
                                     field="--missing"))
    notices = []
    for rule in done:
        where = status.rules[rule.id].where
        notices.append(f"left out {rule.label}: already in writing"
                       + (f" ({where})" if where else ""))
    options = replace(options, already_in_writing=tuple(rule.meta.title for rule in done))
    return kept, options, notices


def state_law_notes(profile: Jurisdiction, selection, *, strict: bool) -> Result:
    """State-law warnings and baseline notes; with `strict`, a conflict stops the run."""
    from .statelaw import baseline_for, warnings_for

    warnings = warnings_for(profile, selection)
    if strict and warnings:
        raise DrafterError([Problem(w, file=profile.source, field="state") for w in warnings])
    return Result([], [], notices=baseline_for(profile), warnings=warnings)


def unverified(selection) -> list[str]:
    """A warning for each chosen provision whose citation is not yet verified."""
    return [f"{clause.id} ({clause.path}) cites law marked unverified; it is drafting help, not "
            "legal advice: have a lawyer check the citation before relying on it"
            for clause in selection if not clause.meta.verified]


def speaking_notes(result: Result, minutes: float) -> None:
    """Add the estimated speaking time of each testimony, and a warning when it runs long."""
    from .campaign import WORDS_PER_MINUTE, speaking_time

    for draft_ in result.drafts:
        if draft_.spoken_words is None:
            continue
        words = draft_.spoken_words
        result.notices.append(f"{draft_.stem}: {words} words, about {speaking_time(words)} "
                              f"at {WORDS_PER_MINUTE} words a minute")
        if words / WORDS_PER_MINUTE > minutes:
            result.warnings.append(f"{draft_.stem} runs about {speaking_time(words)}, over the "
                                   f"{minutes:g}-minute limit; read the short version or cut it")


def packet(*, jurisdiction: Path | None = None, rules: str | None = None,
           include_1373: bool = True, formats: tuple[str, ...] = FORMATS,
           out_dir: Path = Path("out"), options: DraftOptions | None = None,
           clause_dirs: list[Path] | None = None, extras: tuple[str, ...] = (),
           strict: bool = False, missing: bool = False, progress=None):
    """Draft every document type, the combined packet PDF and a zip of everything.

    Returns (Packet, paths written, Result with notes on testimony and skipped types).
    """
    from .output import write_atomically
    from .combine import make_packet, packet_files

    options = options or DraftOptions()
    check_formats(formats)
    profile, library, selection = load_inputs(jurisdiction, rules, include_1373, clause_dirs,
                                              extras)
    check_selection(profile, selection)
    left_out: list[str] = []
    if missing:
        selection, options, left_out = missing_only(profile, library, selection, options)
    legal = state_law_notes(profile, selection, strict=strict)
    made = make_packet(profile, library, selection, options, formats, progress,
                       memo=legal.warnings + legal.notices)
    written = write_atomically(packet_files(made, Path(out_dir), profile.slug, formats))
    result = Result([part.draft for part in made.parts], written)
    result.notices += left_out + [f"left out {reason}" for reason in made.skipped]
    speaking_notes(result, options.minutes)
    result.warnings += unverified(selection) + legal.warnings
    result.notices += legal.notices
    return made, result


def redline(doc_type: str = "ordinance", *, author: str = "drafter", **kwargs) -> Result:
    """Write only <slug>-<type>-redline.docx (tracked changes) and .pdf against the model."""
    return draft(doc_type, formats=(), redline=True, author=author, **kwargs)


def draft_files(doc_types: list[str], jurisdiction: Jurisdiction, *, rules: str | None = None,
                include_1373: bool = True, formats: tuple[str, ...] = ("docx", "pdf"),
                options: DraftOptions | None = None) -> tuple[dict[str, bytes], Result]:
    """Render document types for a jurisdiction held in memory (the web form's); nothing is
    written and only the built-in clause library is used."""
    options = options or DraftOptions()
    check_formats(formats)
    library = load_library()
    selection = select_rules(library, rules, include_1373=include_1373)
    check_selection(jurisdiction, selection)
    legal = state_law_notes(jurisdiction, selection, strict=False)
    files: dict[str, bytes] = {}
    for type_id in doc_types:
        type_ = load_document_type(type_id)
        check_requirements(type_, jurisdiction)
        for draft_ in build(type_, jurisdiction, library, selection, options):
            for fmt in formats:
                files[f"{draft_.stem}.{fmt}"] = render_bytes(draft_, fmt)
    return files, Result([], [], notices=legal.notices,
                         warnings=legal.warnings + unverified(selection))


def preview_html(jurisdiction: Jurisdiction, *, rules: str | None = None,
                 include_1373: bool = True) -> str:
    """The ordinance as the HTML page its PDF is made from, for a live preview."""
    from .render.html import render_html

    library = load_library()
    selection = select_rules(library, rules, include_1373=include_1373)
    check_selection(jurisdiction, selection)
    return render_html(build(load_document_type("ordinance"), jurisdiction, library, selection,
                             DraftOptions())[0])


def state_law_warnings(jurisdiction: Jurisdiction, *, rules: str | None = None,
                       include_1373: bool = True) -> list[str]:
    """The state-law warnings `drafter check` would give for this jurisdiction and rules."""
    from .statelaw import warnings_for

    selection = select_rules(load_library(), rules, include_1373=include_1373)
    return warnings_for(jurisdiction, selection)


def check_formats(formats) -> None:
    for fmt in formats:
        if fmt not in FORMATS:
            raise SelectionError(Problem(f"unknown format {fmt!r}; use {', '.join(FORMATS)}",
                                         field="--format"))


def check(profiles: list[Path], *, clause_dirs: list[Path] | None = None,
          strict: bool = False) -> Result:
    """Validate the clause library, the document outlines and each profile.

    Every document type is assembled for each profile (or for the example city when
    none is given), with every rule and extra provision, so a template error in a clause
    is found here, not at drafting time. `strict` adds the lints of drafter.lint. Every
    problem in every file is collected and raised together.
    """
    from .lint import lint
    from .statelaw import state_laws

    problems: list[Problem] = []
    warnings: list[str] = []
    notices: list[str] = []
    types = list(document_types().values())
    model = load_library()
    checked = []
    for path in profiles or [paths.example_profile()]:
        try:
            jurisdiction = load_jurisdiction(Path(path))
            library = load_library([*jurisdiction.clause_dirs, *(clause_dirs or [])])
        except DrafterError as exc:
            problems.extend(p for p in exc.problems if p not in problems)
            continue
        checked.append(jurisdiction)
        if strict:
            problems.extend(p for p in lint(library, model, jurisdiction) if p not in problems)
        rules = select_rules(library, None, include_1373=True,
                             extras=tuple(c.id for c in library.extras()))
        if profiles:
            try:
                legal = state_law_notes(jurisdiction, rules, strict=strict)
                warnings += [f"{jurisdiction.source}: {w}" for w in legal.warnings]
                notices += [f"{jurisdiction.source}: {n}" for n in legal.notices]
            except DrafterError as exc:
                problems.extend(exc.problems)
        try:
            check_selection(jurisdiction, rules)
        except DrafterError as exc:
            problems.extend(exc.problems)
            rules = [r for r in rules if "[oversight entity]" not in r.body]
        for doc_type in types:
            try:
                check_requirements(doc_type, jurisdiction)
            except DrafterError:
                continue    # e.g. no executive order for a village without an executive
            try:
                build(doc_type, jurisdiction, library, rules, DraftOptions())
            except DrafterError as exc:
                problems.extend(p for p in exc.problems if p not in problems)
    for law in state_laws():
        unknown = [r for r in law.rules if r not in model.clauses]
        if unknown:
            problems.append(Problem(f"{law.name}: unknown rule ids {unknown}",
                                    file=str(paths.jurisdictions_dir() / "law" / "state-law.yaml")))
    if problems:
        raise DrafterError(problems)
    return Result([], [], notices=notices, warnings=warnings, checked=checked if profiles else [])
