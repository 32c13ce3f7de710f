"""Draft -> DOCX, on the Word reference document's named styles."""
from __future__ import annotations

import io
import os
import zipfile
from dataclasses import replace
from datetime import datetime, timezone
from functools import cache, lru_cache
from pathlib import Path

from .. import paths
from ..errors import ClauseError, Problem
from ..inputs.letterhead import letterhead_bytes
from ..document import (PARAGRAPH_STYLES, SIGNATURE_RULE, Attestation, BlockVisitor, Draft,
                        Heading, Paragraph, QrCode, Section, SignatureLine, Table)
from ..jinja import PAGE_LIMITS, make_environment, within_limits

STYLE = {
    "number": "Number Line",
    "caption": "Draft Caption",
    "recital": "Recital",
    "enacting": "Enacting Clause",
}
PARAGRAPH_STYLE = {"body": "Draft Body", "plain": "Plain Text", "center": "Centered Text",
                   "note": "Small Note", "address": "Address Line", "address-last": "Address Last",
                   "item": "List Item", "signed": "Signed Name"}
assert set(PARAGRAPH_STYLE) == set(PARAGRAPH_STYLES), "a Word style for every paragraph style"
HEADING_STYLE = {1: "Document Title", 2: "Part Heading"}
# Every Word style a DOCX is written with, by name: a letterhead must define each
# (drafter.inputs.letterhead checks it before anything is drafted).
WORD_STYLES = tuple(sorted({*STYLE.values(), *PARAGRAPH_STYLE.values(), *HEADING_STYLE.values(),
                            "Section Heading", "Subsection", "Signature Line", "Signature Title",
                            "Signature Block", "Table Heading", "Table Text", "Table Grid",
                            "Redline Note"}))
FIXED_TIME = datetime(2000, 1, 1, tzinfo=timezone.utc)   # reproducible files; the clerk dates them


@cache
def _docx_env():
    # docxtpl would otherwise build a plain, unsandboxed Jinja environment; autoescape as the
    # values land inside Word XML.
    return make_environment(autoescape=True)


def _add_table(doc, table: Table, style_ids) -> None:
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.oxml import OxmlElement
    from docx.shared import Inches, Pt

    grid = doc.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = "Table Grid"
    grid.autofit = False         # one <w:tblLayout w:type="fixed"/>, which python-docx writes
    # The widths in the grid too: LibreOffice reads tblGrid, Word tcW.
    for column, width in zip(grid.columns, table.widths):
        column.width = Inches(width)
    for index, row in enumerate(grid.rows):
        cells = table.columns if index == 0 else table.rows[index - 1]
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))          # a row never breaks across pages
        if index == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))      # the header repeats on every page
        elif table.row_height:
            row.height = Inches(table.row_height)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        for cell, text, width in zip(row.cells, cells, table.widths):
            cell.width = Inches(width)
            lines = text.split("\n")
            style = style_ids["Table Heading" if index == 0 else "Table Text"]
            first = cell.paragraphs[0]
            for number, line in enumerate(lines):
                paragraph = first if number == 0 else cell.add_paragraph()
                paragraph._p.style = style
                add_run(paragraph, line).font.size = Pt(table.font_size)
    # A paragraph after the table keeps Word from merging it with the next table.
    doc.add_paragraph()._p.style = style_ids["Table Text"]


def _number_lines(doc) -> None:
    """Word's own line numbers: every line, in the margin, restarting each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    sect_pr = doc.sections[0]._sectPr
    numbering = OxmlElement("w:lnNumType")
    numbering.set(qn("w:countBy"), "1")
    numbering.set(qn("w:restart"), "newPage")
    numbering.set(qn("w:distance"), "360")            # a quarter inch from the text
    # The schema's order: after pgMar (and paperSrc, pgBorders), before pgNumType and cols.
    after = sect_pr.find(qn("w:pgBorders"))
    if after is None:
        after = sect_pr.find(qn("w:paperSrc"))
    if after is None:
        after = sect_pr.find(qn("w:pgMar"))
    after.addnext(numbering)


def _landscape(doc) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Inches

    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Inches(11), Inches(8.5)
    for paragraph in section.footer.paragraphs:
        stops = paragraph.paragraph_format.tab_stops
        stops.add_tab_stop(Inches(6.5), WD_TAB_ALIGNMENT.CLEAR)
        stops.add_tab_stop(Inches(9), WD_TAB_ALIGNMENT.RIGHT)


def reference_docx(templates: tuple[Path, ...] = ()) -> tuple[str, bytes]:
    """base/reference.docx from the template search path, checked before it is parsed, with
    every style a draft is written with (drafter.inputs.letterhead, WORD_STYLES): a group's
    own letterhead and styles first, the built-in reference last. Its path (for messages)
    and bytes."""
    for folder in (*templates, paths.templates_dir()):
        candidate = Path(folder) / "base" / "reference.docx"
        if os.path.lexists(candidate):
            return str(candidate), letterhead_bytes(candidate, Path(folder), WORD_STYLES)
    raise FileNotFoundError("templates/base/reference.docx is missing; reinstall drafter")


LETTERHEAD_LIMITS = replace(PAGE_LIMITS, what="letterhead's header and footer")


@lru_cache(maxsize=16)
def _filled_reference(draft_mark: str, footer_note: str, source: str, reference: bytes,
                      page_words: tuple[str, str] = ("Page", "of")) -> bytes:
    """The reference document with header and footer filled in by docxtpl, once per process
    for each language; its fields render in the sandbox within a page template's limits."""
    from docxtpl import DocxTemplate  # imported here: python-docx is slow to import
    from lxml import etree

    template = DocxTemplate(io.BytesIO(reference))
    context = {"header_mark": draft_mark, "footer_note": footer_note,
               "page_word": page_words[0], "of_word": page_words[1]}
    try:
        with within_limits(source, LETTERHEAD_LIMITS):   # docxtpl renders each part: one limit
            template.render(context, jinja_env=_docx_env(), autoescape=True)
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise ClauseError(Problem(f"letterhead refused: Word cannot fill its header and "
                                  f"footer ({exc})", file=source)) from None
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def new_document(draft: Draft, templates: tuple[Path, ...] = ()):
    """The reference document with its header and footer filled in, body empty."""
    from docx import Document

    doc = Document(io.BytesIO(_filled_reference(draft.draft_word if draft.draft_mark else "",
                                                 draft.footer_note,
                                                 *reference_docx(templates), draft.page_words)))
    if draft.language != "en-US":      # so Word checks the spelling in the right language
        from docx.oxml.ns import qn

        for lang in doc.styles.element.xpath(".//w:lang"):
            lang.set(qn("w:val"), draft.language)
    if draft.orientation == "landscape":
        _landscape(doc)
    if draft.line_numbers:
        _number_lines(doc)
    return doc


class _StyleIds(dict):
    """Style ids by name, looked up once per document: python-docx scans every style on
    each assignment, which was most of the time of a long document."""

    def __init__(self, doc):
        super().__init__()
        self.doc = doc

    def __missing__(self, name):
        self[name] = self.doc.styles[name].style_id
        return self[name]


def paragraph_plan(blocks) -> list[tuple[str, list[tuple[str, bool]]]]:
    """Each text block as (Word style, [(text, italic), ...]) in print order.

    Tables, page breaks and QR codes are placeholders ("table", "page-break", "qr") that
    render_docx fills in; the redline, which compares legislation, uses this same plan
    for the model and the customized text.
    """
    plan = _ParagraphPlan()
    plan.visit_blocks(blocks)
    return plan.plan


class _ParagraphPlan(BlockVisitor):
    """The Word paragraphs of a draft's blocks (paragraph_plan)."""

    def __init__(self):
        self.plan: list[tuple[str, list[tuple[str, bool]]]] = []

    def visit_section(self, block: Section) -> None:
        self.plan.append(("Section Heading", [(block.title, False)]))
        self.plan += [("Draft Body", [(p, False)]) for p in block.paragraphs]
        for sub in block.subsections:
            runs = [(f"{sub.label} ", False)]
            if sub.heading:
                runs.append((f"{sub.heading} ", True))
            self.plan.append(("Subsection", runs + [(sub.text, False)]))

    def visit_attestation(self, block: Attestation) -> None:
        for item in block.items:
            if isinstance(item, SignatureLine):
                self.plan += [("Signature Line", [(SIGNATURE_RULE, False)]),
                              ("Signature Title", [(item.label, False)])]
            else:
                self.plan.append(("Signature Block", [(item.text, False)]))

    def visit_heading(self, block: Heading) -> None:
        self.plan.append((HEADING_STYLE[block.level], [(block.text, False)]))

    def visit_paragraph(self, block: Paragraph) -> None:
        self.plan.append((PARAGRAPH_STYLE[block.style], [(block.text, False)]))

    def visit_table(self, block: Table) -> None:
        self.plan.append((block.kind, []))

    visit_page_break = visit_table

    def visit_qr(self, block: QrCode) -> None:
        self.plan += [("qr", []), (PARAGRAPH_STYLE["center"], [(block.caption, False)])]

    def _styled(self, block) -> None:      # number line, caption, recital, enacting clause
        self.plan.append((STYLE[block.kind], [(block.text, False)]))

    visit_number = visit_caption = visit_recital = visit_enacting = _styled


def _add_qr(doc, code: QrCode, style_ids) -> None:
    """The QR code as a PNG, centred, 1.3 in square, with its URL as the picture's title."""
    import segno
    from docx.shared import Inches

    png = io.BytesIO()
    segno.make(code.url, error="m").save(png, kind="png", scale=8, border=4)
    paragraph = doc.add_paragraph()
    paragraph._p.style = style_ids[PARAGRAPH_STYLE["center"]]
    picture = paragraph.add_run().add_picture(io.BytesIO(png.getvalue()), width=Inches(1.3))
    picture._inline.docPr.set("descr", f"QR code: {code.url}")     # alt text for readers


def render_docx(draft: Draft, templates: tuple[Path, ...] = ()) -> bytes:
    """Render a Draft to the bytes of a .docx file, on the reference from `templates`."""
    doc = new_document(draft, templates)
    style_ids = _StyleIds(doc)
    tables = iter(block for block in draft.blocks if isinstance(block, Table))
    codes = iter(block for block in draft.blocks if isinstance(block, QrCode))
    end = doc.element.body.sectPr        # found once: each lookup scans the whole body
    for style, runs in paragraph_plan(draft.blocks):
        if style == "table":
            _add_table(doc, next(tables), style_ids)
        elif style == "page-break":
            doc.add_page_break()
        elif style == "qr":
            _add_qr(doc, next(codes), style_ids)
        else:
            paragraph = _new_paragraph(doc, end)
            paragraph._p.style = style_ids[style]
            for text, italic in runs:
                add_run(paragraph, text).italic = italic or None
    return finish(doc, draft)


_WORD_CONTROLS = frozenset("\t\n\r")


def add_run(paragraph, text: str):
    """paragraph.add_run(text), its text set in one piece: python-docx sets a run's text a
    character at a time (looking for tabs and line breaks, which it writes as Word's own
    elements), about a seventh of the time of a DOCX. Text with those is left to python-docx."""
    if _WORD_CONTROLS.isdisjoint(text):
        run = paragraph.add_run()
        if text:
            run._r.add_t(text)          # xml:space="preserve" when it starts or ends in a space
        return run
    return paragraph.add_run(text)


def _new_paragraph(doc, end):
    """A paragraph at the end of the body, before `end`, its section properties.
    python-docx's add_paragraph looks for those by scanning every paragraph before it, so a
    long document took time growing with the square of its length (10,000 paragraphs: 10 s)."""
    from docx.oxml import OxmlElement
    from docx.text.paragraph import Paragraph as WordParagraph

    p = OxmlElement("w:p")
    if end is not None:
        end.addprevious(p)
    else:
        doc.element.body.append(p)
    return WordParagraph(p, doc._body)


def finish(doc, draft: Draft) -> bytes:
    """Set the document properties and return the file's bytes."""
    props = doc.core_properties
    props.title = draft.title if len(draft.title) <= 255 else draft.title[:254] + "…"   # the OOXML limit
    props.subject = draft.subject[:250]
    props.author = draft.author
    props.comments = draft.footer_note
    props.language = draft.language
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
