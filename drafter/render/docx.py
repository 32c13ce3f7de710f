"""Draft -> DOCX, on the Word reference document's named styles."""
from __future__ import annotations

import io
from datetime import datetime, timezone
from functools import cache

from .. import paths
from ..draft import (SIGNATURE_RULE, FOOTER_NOTE, Attestation, Draft, Section, SignatureLine)
from ..jinja import make_environment

STYLE = {
    "number": "Number Line",
    "caption": "Draft Caption",
    "recital": "Recital",
    "enacting": "Enacting Clause",
}
FIXED_TIME = datetime(2000, 1, 1, tzinfo=timezone.utc)   # reproducible files; the clerk dates them


@cache
def _docx_env():
    # docxtpl would otherwise build an unsandboxed Environment(); autoescape because the
    # values land inside Word XML.
    return make_environment(autoescape=True)


def render_docx(draft: Draft) -> bytes:
    """Render a Draft to the bytes of a .docx file."""
    from docxtpl import DocxTemplate   # imported here: python-docx is slow to import

    template = DocxTemplate(str(paths.templates_dir() / "base" / "reference.docx"))
    template.render({"header_mark": "DRAFT" if draft.draft_mark else "",
                     "footer_note": FOOTER_NOTE},
                    jinja_env=_docx_env(), autoescape=True)
    doc = template.docx
    for block in draft.blocks:
        if isinstance(block, Section):
            doc.add_paragraph(block.title, style="Section Heading")
            for paragraph in block.paragraphs:
                doc.add_paragraph(paragraph, style="Draft Body")
            for sub in block.subsections:
                paragraph = doc.add_paragraph(style="Subsection")
                paragraph.add_run(f"{sub.label} ")
                if sub.heading:
                    paragraph.add_run(f"{sub.heading} ").italic = True
                paragraph.add_run(sub.text)
        elif isinstance(block, Attestation):
            for item in block.items:
                if isinstance(item, SignatureLine):
                    doc.add_paragraph(SIGNATURE_RULE, style="Signature Line")
                    doc.add_paragraph(item.label, style="Signature Title")
                else:
                    doc.add_paragraph(item.text, style="Signature Block")
        else:
            doc.add_paragraph(block.text, style=STYLE[block.kind])
    props = doc.core_properties
    props.title = draft.title
    props.subject = draft.subject[:250]
    props.author = "drafter"
    props.comments = FOOTER_NOTE
    props.language = draft.language
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
