"""Renderers: one Draft to the bytes of one format. The registry below is the one list of
formats; the CLI's --format choices, the web page and the packet read it."""
from __future__ import annotations

from importlib import import_module
from pathlib import Path

from ..document import Draft
from ..errors import Problem, SelectionError

# format -> (module, function); modules are imported on first use (WeasyPrint takes ~0.3 s).
RENDERERS = {
    "docx": ("docx", "render_docx"),
    "pdf": ("pdf", "render_pdf"),
    "md": ("text", "render_markdown_bytes"),
    "akn": ("akn", "render_akn"),      # Akoma Ntoso XML: legislation only
}
FORMATS = tuple(RENDERERS)


def check_formats(formats) -> None:
    for fmt in formats:
        if fmt not in RENDERERS:
            raise SelectionError(Problem(f"unknown format {fmt!r}; use {', '.join(FORMATS)}",
                                         field="--format"))


def render_bytes(draft: Draft, fmt: str, templates: tuple[Path, ...] = ()) -> bytes:
    """Render a Draft to one format's bytes; `templates` is the user's template search path
    (the PDF's page template and the DOCX's reference document come from it)."""
    check_formats((fmt,))
    module, function = RENDERERS[fmt]
    renderer = getattr(import_module(f"{__name__}.{module}"), function)
    return renderer(draft, templates=tuple(templates))
