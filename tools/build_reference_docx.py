"""Build templates/base/reference.docx, the Word reference document every DOCX starts from.

Run `make reference-docx` after changing this file and commit both. The document holds
the named styles a clerk can restyle in Word, US Letter with 1-inch margins, and a
header and footer whose `{{ ... }}` fields docxtpl fills in (the DRAFT mark, the
not-legal-advice note); "Page X of Y" is made of real PAGE and NUMPAGES fields.
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

FONT = "Times New Roman"
KEPT_TABLE_STYLES = ("Normal Table", "Table Grid")    # the default, and the one drafter uses

# name: (alignment, bold, italic, size, space_before, space_after, first_line, left, right,
#        keep_with_next, outline_level)
STYLES = {
    "Number Line": (WD_ALIGN_PARAGRAPH.CENTER, True, False, 12, 0, 12, None, None, None, True, None),
    "Draft Caption": (WD_ALIGN_PARAGRAPH.JUSTIFY, True, False, 12, 0, 18, None, 0.5, 0.5, True, None),
    "Recital": (WD_ALIGN_PARAGRAPH.JUSTIFY, False, False, 12, 0, 12, 0.5, None, None, False, None),
    "Enacting Clause": (WD_ALIGN_PARAGRAPH.JUSTIFY, True, False, 12, 6, 18, None, None, None, True, None),
    "Section Heading": (WD_ALIGN_PARAGRAPH.LEFT, True, False, 12, 12, 6, None, None, None, True, 0),
    "Draft Body": (WD_ALIGN_PARAGRAPH.JUSTIFY, False, False, 12, 0, 12, 0.5, None, None, False, None),
    "Subsection": (WD_ALIGN_PARAGRAPH.JUSTIFY, False, False, 12, 0, 12, None, 0.5, None, False, None),
    "Signature Block": (WD_ALIGN_PARAGRAPH.LEFT, False, False, 12, 12, 6, None, None, None, True, None),
    "Signature Line": (WD_ALIGN_PARAGRAPH.LEFT, False, False, 12, 30, 0, None, 3.0, None, True, None),
    "Signature Title": (WD_ALIGN_PARAGRAPH.LEFT, False, False, 12, 0, 6, None, 3.0, None, True, None),
    # Campaign papers: petitions, letters, testimony, worksheets.
    "Document Title": (WD_ALIGN_PARAGRAPH.CENTER, True, False, 14, 0, 12, None, None, None, True, 0),
    "Part Heading": (WD_ALIGN_PARAGRAPH.LEFT, True, False, 12, 12, 6, None, None, None, True, 1),
    "Plain Text": (WD_ALIGN_PARAGRAPH.LEFT, False, False, 12, 0, 10, None, None, None, False, None),
    "Centered Text": (WD_ALIGN_PARAGRAPH.CENTER, False, False, 12, 0, 10, None, None, None, True, None),
    "Small Note": (WD_ALIGN_PARAGRAPH.LEFT, False, True, 10, 0, 8, None, None, None, False, None),
    "Address Line": (WD_ALIGN_PARAGRAPH.LEFT, False, False, 12, 0, 0, None, None, None, True, None),
    "Address Last": (WD_ALIGN_PARAGRAPH.LEFT, False, False, 12, 0, 14, None, None, None, False, None),
    "Signed Name": (WD_ALIGN_PARAGRAPH.LEFT, False, False, 12, 36, 0, None, None, None, True, None),
    "Redline Note": (WD_ALIGN_PARAGRAPH.LEFT, False, False, 10, 0, 6, None, None, None, True, None),
    "List Item": (WD_ALIGN_PARAGRAPH.LEFT, False, False, 11, 0, 5, None, 0.25, None, False, None),
    "Table Text": (WD_ALIGN_PARAGRAPH.LEFT, False, False, 10, 0, 0, None, None, None, False, None),
    "Table Heading": (WD_ALIGN_PARAGRAPH.LEFT, True, False, 10, 0, 0, None, None, None, False, None),
}


def _field(paragraph, instruction: str, placeholder: str) -> None:
    """Append a simple Word field (PAGE, NUMPAGES) that Word and LibreOffice update."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _set_fonts(rpr_owner, size_pt: int) -> None:
    font = rpr_owner.font
    font.name = FONT
    font.size = Pt(size_pt)
    rfonts = rpr_owner.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)


def build(target: Path) -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))
    section.header_distance = section.footer_distance = Inches(0.5)

    normal = doc.styles["Normal"]
    _set_fonts(normal, 12)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    normal.element.get_or_add_rPr().append(lang)

    for level in (1, 2):      # Word's headings, plain: our styles below give them their look
        heading = doc.styles[f"Heading {level}"]
        rpr = heading.element.get_or_add_rPr()
        for child in list(rpr):
            rpr.remove(child)
        _set_fonts(heading, 12)
        heading.font.color.rgb = RGBColor(0, 0, 0)

    for name, (align, bold, italic, size, before, after, first, left, right, keep, outline) in STYLES.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        # Headings are based on Word's own Heading 1 and 2, restyled to look as before, so
        # Word's navigation pane and pandoc (docx -> Markdown) see the structure.
        style.base_style = (doc.styles[f"Heading {outline + 1}"] if outline is not None
                            else normal)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.quick_style = True
        _set_fonts(style, size)
        style.font.bold = bold
        style.font.italic = italic
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.keep_with_next = keep
        fmt.widow_control = True
        if first is not None:
            fmt.first_line_indent = Inches(first)
        if left is not None:
            fmt.left_indent = Inches(left)
        if right is not None:
            fmt.right_indent = Inches(right)
        if outline is not None:
            level = OxmlElement("w:outlineLvl")
            level.set(qn("w:val"), str(outline))
            style.element.get_or_add_pPr().append(level)

    note = doc.styles.add_style("Footer Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    _set_fonts(note, 9)
    note.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    note.paragraph_format.tab_stops.add_tab_stop(Inches(6.5), WD_TAB_ALIGNMENT.RIGHT)

    mark = doc.styles.add_style("Draft Mark", WD_STYLE_TYPE.PARAGRAPH)
    mark.base_style = normal
    _set_fonts(mark, 14)
    mark.font.bold = True
    mark.font.color.rgb = RGBColor(0xA0, 0x00, 0x00)
    mark.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    header = section.header.paragraphs[0]
    header.style = mark
    header.add_run("{{ header_mark }}")

    footer = section.footer.paragraphs[0]
    footer.style = note
    footer.add_run("{{ footer_note }}\t{{ page_word }} ")
    _field(footer, "PAGE", "1")
    footer.add_run(" {{ of_word }} ")
    _field(footer, "NUMPAGES", "1")

    # python-docx's template carries 120 table styles ("Light Shading Accent 1" ...), 340 KB
    # of the 360 KB styles.xml, that every DOCX would parse and write again. Only Table Grid
    # is used; Word and LibreOffice still offer the others (Word lists them as latent styles).
    for style in list(doc.styles):
        if style.type == WD_STYLE_TYPE.TABLE and style.name not in KEPT_TABLE_STYLES:
            style.element.getparent().remove(style.element)

    # The body starts empty: the renderer appends every paragraph.
    body = doc.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    doc.core_properties.author = ""
    doc.core_properties.title = ""
    buffer = io.BytesIO()
    doc.save(buffer)
    target.write_bytes(without_leftovers(buffer.getvalue()))


# Parts of python-docx's own template that are not ours: a thumbnail of a blank page,
# a stylesWithEffects copy that disagrees with styles.xml (Word "repairs" such a file),
# and app.xml naming another program.
DROPPED = ("docProps/thumbnail.jpeg", "word/stylesWithEffects.xml")
APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
           'extended-properties"><Application>drafter</Application></Properties>')


def without_leftovers(data: bytes) -> bytes:
    import re
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename in DROPPED:
                continue
            content = source.read(item.filename)
            if item.filename == "docProps/app.xml":
                content = APP_XML.encode()
            elif item.filename.endswith(".rels") or item.filename == "[Content_Types].xml":
                text = content.decode()
                for dropped in DROPPED:
                    name = dropped.split("/")[-1]
                    text = re.sub(r'<(Relationship|Override)[^>]*' + re.escape(name) + r'[^>]*/>',
                                  "", text)
                content = text.encode()
            target.writestr(item, content)
    return out.getvalue()


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "templates/base/reference.docx")
    build(out)
    print(f"wrote {out}")
