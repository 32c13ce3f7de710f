"""One entry point from (type, jurisdiction, rules, options) to the drafts it makes."""
from __future__ import annotations

from .assemble import Assembler, check_requirements, check_selection
from .campaign import build_campaign
from .doctypes import DocumentType
from .draft import Draft
from .jurisdiction import Jurisdiction
from .library import Clause, ClauseLibrary
from .options import DraftOptions


def build(doc_type: DocumentType, jurisdiction: Jurisdiction, library: ClauseLibrary,
          rules: list[Clause], options: DraftOptions) -> list[Draft]:
    """Every draft a document type makes: one, or one per official, or two versions."""
    check_selection(jurisdiction, rules)
    check_requirements(doc_type, jurisdiction)
    if doc_type.builder == "legislation":
        return [Assembler(doc_type, jurisdiction, library, rules, options.already_in_writing).assemble(
            draft_mark=options.draft_mark)]
    return build_campaign(doc_type, jurisdiction, library, rules, options)
