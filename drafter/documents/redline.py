"""A redline of the customized text against the ACLU model text.

The DOCX carries every difference as a real Word tracked change (w:ins / w:del, with
author and date) at word granularity, so the council attorney can accept or reject
each one; the PDF shows insertions underlined and deletions struck through.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field, replace

from .. import paths
from ..document import Draft
from ..errors import Problem, SelectionError
from ..inputs.clauses import ClauseLibrary
from ..inputs.doctypes import DocumentType
from ..plain import plain_context
from ..render.docx import finish, new_document, paragraph_plan
from .legislation import Assembler
from .registry import Job

TOKENS = re.compile(r"\s+|\S+\s*")   # a word with the space after it, so changes read whole
# Word styles -> the print stylesheet's classes, for the redline PDF.
CSS_CLASS = {"Number Line": "number", "Draft Caption": "caption", "Recital": "recital",
             "Enacting Clause": "enacting", "Section Heading": "section-heading",
             "Draft Body": "body", "Subsection": "subsection", "Signature Block": "attest",
             "Signature Line": "signature-line", "Signature Title": "signature-title",
             "Document Title": "doc-title", "Part Heading": "part-heading", "Plain Text": "plain"}


@dataclass
class Segment:
    kind: str    # "same", "ins" or "del"
    text: str


@dataclass
class RedlineParagraph:
    style: str
    segments: list[Segment]
    mark: str = "same"       # "ins": the whole paragraph is new; "del": it is gone

    @property
    def css_class(self) -> str:
        return CSS_CLASS.get(self.style, "plain")


@dataclass
class Redline:
    custom: Draft
    model: Draft
    paragraphs: list[RedlineParagraph]
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    def summary(self) -> list[str]:
        lines = [f"Changed from the model: {', '.join(self.changed) or 'none'}.",
                 f"Added (not in the model): {', '.join(self.added) or 'none'}.",
                 f"Model rules left out: {', '.join(self.dropped) or 'none'}.",
                 "Insertions are underlined, deletions struck through. Accepting every change "
                 "gives the customized text; rejecting every change gives the model text."]
        return lines


def _texts(draft: Draft) -> list[tuple[str, str]]:
    return [(style, "".join(text for text, _ in runs)) for style, runs in paragraph_plan(draft.blocks)
            if runs]


def word_diff(old: str, new: str) -> list[Segment]:
    a, b = TOKENS.findall(old), TOKENS.findall(new)
    segments = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(Segment("same", "".join(a[i1:i2])))
        if op in ("delete", "replace"):
            segments.append(Segment("del", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(Segment("ins", "".join(b[j1:j2])))
    return segments


def compare(model: Draft, custom: Draft) -> list[RedlineParagraph]:
    """Align the two drafts paragraph by paragraph, then word by word within a paragraph."""
    old, new = _texts(model), _texts(custom)
    out: list[RedlineParagraph] = []
    matcher = difflib.SequenceMatcher(None, [t for _, t in old], [t for _, t in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += [RedlineParagraph(style, [Segment("same", text)]) for style, text in new[j1:j2]]
            continue
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(pairs):
            out.append(RedlineParagraph(new[j1 + k][0], word_diff(old[i1 + k][1], new[j1 + k][1])))
        out += [RedlineParagraph(style, [Segment("del", text)], "del")
                for style, text in old[i1 + pairs:i2]]
        out += [RedlineParagraph(style, [Segment("ins", text)], "ins")
                for style, text in new[j1 + pairs:j2]]
    return out


def make_redline(doc_type: DocumentType, job: Job, model_library: ClauseLibrary,
                 custom: Draft | None = None) -> Redline:
    """Compare the customized document (assembled here unless given) with the model's."""
    if doc_type.builder != "legislation":
        raise SelectionError(Problem(f"a redline compares legal text: use it with ordinance, "
                                     f"resolution, executive-order or department-order, not "
                                     f"{doc_type.id}", field="--redline"))
    custom = custom or Assembler(doc_type, job).assemble()
    library, rules = job.library, job.selection
    # The model is the ACLU's rules alone: extra provisions and new clauses are additions.
    model_rules = tuple(model_library.clauses[r.id] for r in rules
                        if r.id in model_library.clauses
                        and model_library.clauses[r.id].meta.kind == "rule")
    model_ids = {r.id for r in model_rules}
    model_job = replace(job, library=model_library, selection=model_rules,
                        request=replace(job.request, final=True),
                        options=replace(job.options, already_in_writing=(), in_policy_only=(),
                                        state_safe="", left_out_by_state_law=(),
                                        state_laws_forbidding=()))
    model = Assembler(doc_type, model_job).assemble()
    redline = Redline(custom, model, compare(model, custom))
    builtin = paths.clauses_dir()
    selected = {r.id for r in rules}
    redline.added = [f"{r.meta.title} ({r.path.name})" for r in rules if r.id not in model_ids]
    for clause_id, clause in sorted(library.clauses.items()):
        original = model_library.clauses.get(clause_id)
        if builtin in clause.path.parents or original is None:
            continue
        if " ".join(original.body.split()) != " ".join(clause.body.split()):
            redline.changed.append(f"{clause.meta.title} ({clause.path.name})")
    redline.dropped = [r.label for r in model_library.rules() if r.id not in selected]
    return redline


def redline_docx(redline: Redline, *, author: str, date: dt.date | None) -> bytes:
    """The redline as a Word file whose differences are tracked changes."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    stamp = f"{(date or dt.date.today()).isoformat()}T00:00:00Z"
    change_id = iter(range(1, 1_000_000))

    def tracked(tag: str):
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(next(change_id)))
        element.set(qn("w:author"), author)
        element.set(qn("w:date"), stamp)
        return element

    def run(text: str, deleted: bool):
        r = OxmlElement("w:r")
        t = OxmlElement("w:delText" if deleted else "w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        r.append(t)
        return r

    doc = new_document(redline.custom)
    doc.add_paragraph("Redline against the ACLU model text", style="Part Heading")
    for line in redline.summary():
        doc.add_paragraph(line, style="Redline Note")
    for para in redline.paragraphs:
        paragraph = doc.add_paragraph(style=para.style)
        if para.mark != "same":   # the paragraph mark itself is inserted or deleted
            rpr = OxmlElement("w:rPr")
            rpr.append(tracked("w:ins" if para.mark == "ins" else "w:del"))
            paragraph._p.get_or_add_pPr().append(rpr)
        for segment in para.segments:
            if segment.kind == "same":
                paragraph._p.append(run(segment.text, False))
            else:
                wrapper = tracked(f"w:{segment.kind}")
                wrapper.append(run(segment.text, segment.kind == "del"))
                paragraph._p.append(wrapper)
    return finish(doc, redline.custom)


def redline_html(redline: Redline) -> str:
    from ..render.html import html_environment, stylesheet

    env = html_environment()
    paragraphs = [{"css_class": p.css_class, "segments": p.segments} for p in redline.paragraphs]
    return env.get_template("base/redline.html").render(plain_context({
        "summary": redline.summary(), "paragraphs": paragraphs, "css": stylesheet(env),
        "draft": {"language": redline.custom.language, "title": redline.custom.title}}))


def redline_pdf(redline: Redline) -> bytes:
    """The redline's PDF, laid out in a render helper when the command started one."""
    from ..render.pdf import html_to_pdf
    from ..render.pool import run

    return run(html_to_pdf, redline_html(redline),
               identifier=redline.custom.jurisdiction_slug).result()
