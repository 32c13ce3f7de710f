"""A Job: everything one drafting run needs, prepared once (see drafter.pipeline), and the
registry of document builders that turn a Job into drafts.

Builders register themselves by decorator where they live (legislation in
drafter.assemble, campaign papers in drafter.campaign); a document type's outline names
its builder, and the pipeline looks it up here. Nothing lists the builders by hand.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .jurisdiction import Jurisdiction
from .library import Clause, ClauseLibrary
from .options import DraftOptions

if TYPE_CHECKING:
    from .doctypes import DocumentType
    from .draft import Draft


@dataclass(frozen=True)
class Job:
    """One jurisdiction, its clause library, the chosen clauses and the run's options."""

    jurisdiction: Jurisdiction
    library: ClauseLibrary
    selection: tuple[Clause, ...]
    options: DraftOptions
    notices: tuple[str, ...] = ()      # printed as "note: ..."
    warnings: tuple[str, ...] = ()     # printed as "warning: ..."
    state_law: tuple[str, ...] = ()    # its state-law warnings and baseline, for the memo
    templates: tuple[Path, ...] = ()   # the user's template folders, searched before ours


Builder = Callable[["DocumentType", Job], "list[Draft]"]
BUILDERS: dict[str, Builder] = {}


def builder(name: str) -> Callable[[Builder], Builder]:
    """Register a function that builds the drafts of every document type naming `name`."""
    def register(function: Builder) -> Builder:
        if name in BUILDERS:
            raise RuntimeError(f"two builders named {name!r}")
        BUILDERS[name] = function
        return function
    return register
