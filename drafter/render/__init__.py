"""Renderers: one Draft to the bytes of one format. The formats are modules of
drafter/render/formats/, found there (drafter.render.formats.registry): the CLI's --format
choices, batch, the packet, the web page and the API read that one registry."""
from __future__ import annotations

from pathlib import Path

from ..document import Draft
from ..errors import OutputError, Problem, SelectionError
from .formats import registry


def check_formats(formats) -> None:
    known = registry()
    for fmt in formats:
        if fmt not in known:
            raise SelectionError(Problem(f"unknown format {fmt!r}; use {', '.join(known)}",
                                         field="--format"))


def checked_formats(formats, default: tuple[str, ...]) -> tuple[str, ...]:
    """`formats` checked against the registry; `default` when none are given."""
    formats = default if formats is None else tuple(formats)
    check_formats(formats)
    return formats


def render_bytes(draft: Draft, fmt: str, templates: tuple[Path, ...] = ()) -> bytes:
    """Render a Draft to one format's bytes; `templates` is the user's template search path
    (the PDF's page template and the DOCX's reference document come from it)."""
    check_formats((fmt,))
    output = registry()[fmt]
    problem = output.accepts(draft) if output.accepts else None
    if problem:
        raise OutputError(Problem(f"{draft.stem}: {problem}", field="--format"))
    return output.render(draft, tuple(templates))
