"""The public API (see drafter/__init__.py): each function wraps drafter.pipeline."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .document import Draft
from .errors import DrafterError
from .inputs.jurisdiction import Jurisdiction
from .inputs.options import DraftOptions, Sender, load_sender
from .pipeline import add_output, build, language_warnings, prepare, render, spoken_notes
from .render import checked_formats, render_bytes
from .render.formats import default_names, every_document_names, names

FORMATS = names()     # every output format's name (drafter.render.formats)

@dataclass
class Result:
    """What a drafting run wrote, and what the user should be told about it."""

    drafts: list[Draft]
    paths: list[Path]
    notices: list[str] = field(default_factory=list)    # printed as "note: ..."
    warnings: list[str] = field(default_factory=list)   # printed as "warning: ..."
    checked: list[Jurisdiction] = field(default_factory=list)   # `check`: the valid profiles


def build_drafts(doc_type: str = "ordinance", *, jurisdiction: Path | None = None,
                 rules: str | None = None, include_1373: bool = True,
                 options: DraftOptions | None = None, clause_dirs: list[Path] | None = None,
                 templates: list[Path] | None = None,
                 extras: tuple[str, ...] = ()) -> list[Draft]:
    """Load and validate every input, then assemble the drafts (nothing is written)."""
    job = prepare(jurisdiction, rules=rules, include_1373=include_1373, extras=extras,
                  clause_dirs=clause_dirs or (), templates=templates or (), options=options)
    return build(job, doc_type)


def build_draft(doc_type: str = "ordinance", *, final: bool = False, **kwargs) -> Draft:
    """The first (for most types, the only) draft of a document type."""
    return build_drafts(doc_type, options=DraftOptions(final=final), **kwargs)[0]


def draft(doc_type: str = "ordinance", *, jurisdiction: Path | None = None,
          rules: str | None = None, include_1373: bool = True,
          formats: tuple[str, ...] | None = None, out_dir: Path = Path("out"),
          options: DraftOptions | None = None, clause_dirs: list[Path] | None = None,
          templates: list[Path] | None = None, extras: tuple[str, ...] = (),
          strict: bool = False, missing: bool = False, state_safe: bool = False,
          redline: bool = False, author: str = "drafter", progress=None) -> Result:
    """Draft one document type in the given formats, and with `redline` its redline
    against the model text.

    Every draft and format is rendered in memory before the first file is written.
    """
    from .output import write_atomically

    formats = checked_formats(formats, default_names())
    job = prepare(jurisdiction, rules=rules, include_1373=include_1373, extras=extras,
                  clause_dirs=clause_dirs or (), templates=templates or (), options=options,
                  strict=strict, missing=missing, state_safe=state_safe)
    drafts = build(job, doc_type)
    if progress:
        progress(f"rendering {', '.join(d.stem for d in drafts)} as {', '.join(formats)}")
    files = {Path(out_dir) / name: content
             for name, content in render(drafts, formats, job.templates).items()}
    summary: list[str] = []
    if redline:
        from .documents.redline import make_redline, redline_docx, redline_pdf
        from .inputs.clauses import load_library
        from .pipeline import document_type

        made = make_redline(document_type(doc_type, job.templates), job, load_library(),
                            custom=drafts[0])
        stem = Path(out_dir) / f"{made.custom.stem}-redline"
        add_output(files, stem.with_suffix(".docx"),
                   redline_docx(made, author=author, date=job.options.date))
        add_output(files, stem.with_suffix(".pdf"), redline_pdf(made))
        summary = made.summary()[:3]
    spoken, long_warnings = spoken_notes(drafts, job.options.minutes)
    return Result(drafts, write_atomically(files),
                  notices=[*spoken, *job.notices, *summary],
                  warnings=[*long_warnings, *job.warnings, *language_warnings(drafts)])


def redline(doc_type: str = "ordinance", *, author: str = "drafter", **kwargs) -> Result:
    """Write only <slug>-<type>-redline.docx (tracked changes) and .pdf against the model."""
    return draft(doc_type, formats=(), redline=True, author=author, **kwargs)


def packet(*, jurisdiction: Path | None = None, rules: str | None = None,
           include_1373: bool = True, formats: tuple[str, ...] | None = None,
           out_dir: Path = Path("out"), options: DraftOptions | None = None,
           clause_dirs: list[Path] | None = None, templates: list[Path] | None = None,
           extras: tuple[str, ...] = (), strict: bool = False, missing: bool = False,
           state_safe: bool = False, progress=None):
    """Draft every document type, the combined packet PDF and a zip of everything.

    Returns (Packet, Result with the paths written and notes on testimony and skipped types).
    """
    from .documents.packet import make_packet, packet_files
    from .output import write_atomically

    formats = checked_formats(formats, every_document_names())
    job = prepare(jurisdiction, rules=rules, include_1373=include_1373, extras=extras,
                  clause_dirs=clause_dirs or (), templates=templates or (), options=options,
                  strict=strict, missing=missing, state_safe=state_safe)
    made = make_packet(job, formats, progress)
    written = write_atomically(packet_files(made, Path(out_dir), job.jurisdiction.slug, formats))
    drafts = [part.draft for part in made.parts]
    spoken, long_warnings = spoken_notes(drafts, job.options.minutes)
    return made, Result(drafts, written,
                        notices=[*spoken, *job.notices, *(f"left out {r}" for r in made.skipped)],
                        warnings=[*long_warnings, *job.warnings, *language_warnings(drafts)])


def draft_files(doc_types: list[str], jurisdiction: Jurisdiction, *, rules: str | None = None,
                include_1373: bool = True, formats: tuple[str, ...] | None = None,
                options: DraftOptions | None = None, extras: tuple[str, ...] = (),
                state_safe: bool = False, missing: bool = False,
                templates: tuple[Path, ...] = ()) -> tuple[dict[str, bytes], Result]:
    """Render document types for a jurisdiction held in memory (the web form's); nothing is
    written. Clauses come from the built-in library and the `templates` folders."""
    job = prepare(jurisdiction, rules=rules, include_1373=include_1373, extras=extras,
                  options=options, state_safe=state_safe, missing=missing, templates=templates)
    formats = checked_formats(formats, default_names())
    files: dict[str, bytes] = {}
    for type_id in doc_types:
        for name, content in render(build(job, type_id), formats, job.templates).items():
            add_output(files, name, content)
    return files, Result([], [], notices=list(job.notices), warnings=list(job.warnings))


def preview_html(jurisdiction: Jurisdiction, *, rules: str | None = None,
                 include_1373: bool = True, extras: tuple[str, ...] = ()) -> str:
    """The ordinance as the HTML page its PDF is made from, for a live preview."""
    from .render.html import render_html

    job = prepare(jurisdiction, rules=rules, include_1373=include_1373, extras=extras)
    return render_html(build(job, "ordinance")[0])


def state_law_warnings(jurisdiction: Jurisdiction, *, rules: str | None = None,
                       include_1373: bool = True, extras: tuple[str, ...] = ()) -> list[str]:
    """The state-law warnings `drafter check` would give for this jurisdiction and rules."""
    from .inputs.clauses import load_library, select_rules
    from .inputs.statelaw import warnings_for

    selection = select_rules(load_library(), rules, include_1373=include_1373, extras=extras)
    return warnings_for(jurisdiction, selection)


def check(profiles: list[Path], *, clause_dirs: list[Path] | None = None,
          templates: list[Path] | None = None, strict: bool = False) -> Result:
    """Validate the clause library, the document outlines and each profile (see
    drafter.pipeline.check_inputs); every problem in every file is raised together."""
    from .pipeline import check_inputs

    checked, notices, warnings = check_inputs(profiles, clause_dirs=clause_dirs or (),
                                              templates=templates or (), strict=strict)
    return Result([], [], notices=notices, warnings=warnings, checked=checked)
