"""The public API (see drafter/__init__.py): each function makes a Request of its keywords
(the command line's options by their Request names: rules, formats, languages, sheets,
...; see drafter.inputs.request) and runs it through drafter.pipeline."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .document import Draft
from .errors import DrafterError, Problem
from .inputs.jurisdiction import Jurisdiction
from .inputs.options import DraftOptions, Sender, load_sender
from .inputs.request import Request
from .pipeline import Outputs, build, prepare, run
from .render import render_bytes
from .render.formats import names

FORMATS = names()     # every output format's name (drafter.render.formats)


@dataclass
class Result:
    """What a drafting run wrote, and what the user should be told about it."""

    drafts: list[Draft]
    paths: list[Path]
    notices: list[str] = field(default_factory=list)    # printed as "note: ..."
    warnings: list[str] = field(default_factory=list)   # printed as "warning: ..."
    checked: list[Jurisdiction] = field(default_factory=list)   # `check`: the valid profiles


def _asked(given: dict, **fixed) -> Request:
    """A Request of the caller's keywords and what the function itself sets (its document
    type, a packet): a keyword given twice is named, not a TypeError."""
    twice = sorted(set(given) & set(fixed))
    if twice:
        raise DrafterError(Problem(f"{', '.join(twice)} is set by this function (its first "
                                   "argument, or what it drafts); leave it out"))
    return Request.of(**given, **fixed)


def build_drafts(doc_type: str = "ordinance", **request) -> list[Draft]:
    """Load and validate every input, then assemble the drafts (nothing is written)."""
    return build(prepare(Request.of(**request)), doc_type)


def build_draft(doc_type: str = "ordinance", **request) -> Draft:
    """The first (for most types, the only) draft of a document type."""
    return build_drafts(doc_type, **request)[0]


def files(**request) -> Outputs:
    """Every file a request asks for, in memory: {name: bytes} with the notes and warnings;
    nothing is written."""
    return run(prepare(Request.of(**request)))


def write(request: Request, out_dir: Path, progress=None) -> tuple[Outputs, Result]:
    """Run a request and write its files into `out_dir`, all or none (the command line's
    way); `progress(message)` hears each step."""
    from .output import write_atomically

    made = run(prepare(request), progress)
    written = write_atomically({Path(out_dir) / name: content
                                for name, content in made.files.items()})
    return made, Result(made.drafts, written, notices=made.notices, warnings=made.warnings)


def draft(doc_type: str = "ordinance", *, out_dir: Path = Path("out"), progress=None,
          **request) -> Result:
    """Draft one document type in the request's formats (and with `redline=True` its
    redline against the model text). Every file is made in memory before the first is
    written."""
    return write(_asked(request, documents=(doc_type,)), out_dir, progress)[1]


def redline(doc_type: str = "ordinance", *, out_dir: Path = Path("out"), **request) -> Result:
    """Write only <slug>-<type>-redline.docx (tracked changes) and .pdf against the model."""
    return write(_asked(request, documents=(doc_type,), formats=(), redline=True), out_dir)[1]


def packet(*, out_dir: Path = Path("out"), progress=None, **request):
    """Draft every document type, the combined packet PDF and a zip of everything.

    Returns (Packet, Result with the paths written and notes on testimony and skipped types).
    """
    made, result = write(_asked(request, packet=True), out_dir, progress)
    return made.packet, result


def preview_html(doc_type: str = "ordinance", **request) -> str:
    """A document type's first draft as the HTML page its PDF is made from."""
    from .pipeline import preview

    return preview(prepare(Request.of(**request)), doc_type)


def state_law_warnings(**request) -> list[str]:
    """The state-law warnings drafting this request would give (as `drafter check` does)."""
    from .inputs.statelaw import warnings_for

    job = prepare(Request.of(**request))
    return warnings_for(job.jurisdiction, job.selection)


def check(profiles: list[Path], *, clause_dirs: list[Path] | None = None,
          templates: list[Path] | None = None, strict: bool = False) -> Result:
    """Validate the clause library, the document outlines and each profile (see
    drafter.pipeline.check_inputs); every problem in every file is raised together."""
    from .pipeline import check_inputs

    checked, notices, warnings = check_inputs(profiles, clause_dirs=clause_dirs or (),
                                              templates=templates or (), strict=strict)
    return Result([], [], notices=notices, warnings=warnings, checked=checked)


__all__ = ["FORMATS", "Draft", "DraftOptions", "DrafterError", "Request", "Result", "Sender",
           "build_draft", "build_drafts", "check", "draft", "files", "load_sender", "packet",
           "preview_html", "redline", "render_bytes", "state_law_warnings", "write"]
