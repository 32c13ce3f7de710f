"""Output formats: one module each in this folder, found by its file name. Nothing lists
them: the CLI's --format choices and help, batch, the packet, the web page and the API all
read this registry (as Datasette's output renderers register themselves).

A format module declares, at module level and without importing anything heavy:

    LABEL = N_("Word")             # what a person reads: the web page, help texts
    LIMITS = N_("legislation only")  # optional, with `accepts`: what it can render
    MEDIA_TYPE = "application/..."  # for a download
    ORDER = 10                      # where it comes in lists (lower first)
    DEFAULT = True                  # drafted when no --format is given (draft, batch)
    def render(draft, templates) -> bytes
    def accepts(draft) -> str | None   # optional: why it cannot render this draft

A format without `accepts` renders every document, so the packet (each document in every
such format) and the web page offer it.
"""
from __future__ import annotations

import pkgutil
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from types import ModuleType
from typing import Callable


@dataclass(frozen=True)
class OutputFormat:
    name: str               # the module's name: the file extension and the --format word
    label: str
    limits: str
    media_type: str
    order: int
    default: bool
    render: Callable
    accepts: Callable | None

    @property
    def every_document(self) -> bool:
        return self.accepts is None


def _format(module: ModuleType) -> OutputFormat:
    name = module.__name__.rsplit(".", 1)[1]
    return OutputFormat(name, module.LABEL, getattr(module, "LIMITS", ""), module.MEDIA_TYPE,
                        getattr(module, "ORDER", 100),
                        getattr(module, "DEFAULT", False), module.render,
                        getattr(module, "accepts", None))


@cache
def registry() -> dict[str, OutputFormat]:
    """Every format by name, in order."""
    found = [_format(import_module(f"{__name__}.{info.name}"))
             for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_")]
    return {f.name: f for f in sorted(found, key=lambda f: (f.order, f.name))}


def names() -> tuple[str, ...]:
    return tuple(registry())


def default_names() -> tuple[str, ...]:
    """Drafted when no --format is given: Word and PDF."""
    return tuple(f.name for f in registry().values() if f.default)


def every_document_names() -> tuple[str, ...]:
    """The formats that render every document: the packet's and the web page's."""
    return tuple(f.name for f in registry().values() if f.every_document)


def described(output: OutputFormat, label: str | None = None) -> str:
    """'Word (.docx)', 'PDF', 'Akoma Ntoso XML (.akn)': a label a person can choose by
    (`label`: the label translated)."""
    label = label or output.label
    return label if label.lower() == output.name else f"{label} (.{output.name})"


def help_text() -> str:
    """'docx (Word), pdf, md (Markdown), akn (Akoma Ntoso XML, legislation only)'."""
    def one(f: OutputFormat) -> str:
        words = [w for w in (f.label if f.label.lower() != f.name else "", f.limits) if w]
        return f"{f.name} ({', '.join(words)})" if words else f.name
    return ", ".join(one(f) for f in registry().values())
