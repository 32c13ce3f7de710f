"""drafter: draft a Freedom City campaign's papers from the ACLU's model rules.

The public API mirrors the command line: `draft(...)` is `drafter draft`,
`packet(...)` is `drafter packet`, `check(...)` is `drafter check`, and their keywords
are the command line's options (a Request's fields: `rules="1-7"`, `formats=("pdf",)`,
`languages=("es",)`, `sheets=3`, ...). Each is a short wrapper over drafter.pipeline
(Request -> prepare -> Job -> run -> files), as are the web page and batch, so an option
means the same everywhere.

The names below are loaded on first use (PEP 562), so `drafter --help` and
`import drafter` do not pay for pydantic, python-docx or WeasyPrint.
"""
from __future__ import annotations

from importlib import import_module

__version__ = "0.1.0"
__all__ = ["FORMATS", "Draft", "DraftOptions", "DrafterError", "Request", "Result", "Sender",
           "build_draft", "build_drafts", "check", "draft", "files", "load_sender", "packet",
           "preview_html", "redline", "render_bytes", "state_law_warnings", "write"]


def __getattr__(name: str):
    if name in __all__:
        value = getattr(import_module(".api", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
