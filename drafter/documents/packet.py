"""`drafter packet`: every document type for one jurisdiction, a combined PDF and a zip."""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import Translator, html_language, languages
from ..document import FOOTER_NOTE, Draft, Heading, Paragraph, Table
from ..errors import SelectionError
from ..inputs.doctypes import document_types
from ..inputs.jurisdiction import Jurisdiction
from ..inputs.options import DraftOptions
from ..render import render_bytes
from .registry import Job, add_output, build

# The order of the combined PDF: the state-law memo right after the cover (read it before
# anything else), what the council votes on, then the campaign papers.
PACKET_ORDER = ["state-law-memo", "ordinance", "resolution", "executive-order", "department-order", "petition",
                "explainer", "letter", "testimony", "worksheet", "report-back"]


@dataclass
class PacketPart:
    draft: Draft
    name: str                                  # "Ordinance", "Letter to Dana Whitfield, Mayor"
    files: dict[str, bytes] = field(default_factory=dict)   # format -> bytes
    pages: int = 0
    laid_out: object = None                    # its weasyprint Document, joined into the packet

    @property
    def anchor(self) -> str:
        return f"doc-{self.draft.stem}"


@dataclass
class Packet:
    parts: list[PacketPart]
    skipped: list[str]                          # "executive-order: needs an executive ..."
    combined_pdf: bytes = b""
    cover_pages: int = 0


def make_packet(job: Job, formats: tuple[str, ...], progress=None,
                documents: list[str] | None = None) -> Packet:
    """Render every document type (or just `documents`) in memory, then, for the whole
    packet, the cover and the combined PDF."""
    from ..render.html import render_html
    from ..render.pdf import lay_out, write_pdf

    _ = Translator(job.options.language)
    types = document_types(job.templates)
    parts: list[PacketPart] = []
    skipped: list[str] = []
    names: dict[str, bytes] = {}    # every output name once: no document overwrites another
    order = PACKET_ORDER + [t for t in types if t not in PACKET_ORDER]
    for type_id in documents or order:
        try:
            drafts = build(job, types[type_id])
        except SelectionError as exc:   # e.g. no executive order without an executive
            skipped.append(f"{type_id}: {exc.problems[0].message}")
            continue
        for draft in drafts:
            if progress:
                progress(f"rendering {draft.stem}")
            name = (_.pgettext("document type", types[type_id].name) if len(drafts) == 1
                    else draft.title.split(": ")[0])
            part = PacketPart(draft, name)
            needed = (("pdf",) if documents is None else ()) + tuple(formats)
            for fmt in dict.fromkeys(needed):
                if fmt == "pdf":     # laid out once: its own file, and its pages in the packet
                    part.laid_out = lay_out(render_html(draft, job.templates))
                    part.pages = len(part.laid_out.pages)
                    part.files[fmt] = write_pdf(part.laid_out, identifier=draft.jurisdiction_slug)
                else:
                    part.files[fmt] = render_bytes(draft, fmt, job.templates)
                add_output(names, f"{draft.stem}.{fmt}", b"")
            parts.append(part)
    packet = Packet(parts, skipped)
    if documents is None:
        if progress:
            progress("combining the PDF")
        combine(packet, job.jurisdiction, job.options)
    return packet


def cover(packet: Packet, jurisdiction: Jurisdiction, options: DraftOptions,
          cover_pages: int) -> Draft:
    """The cover: jurisdiction, date, and the contents with the page each document starts on."""
    _ = Translator(options.language)
    rows, page = [], cover_pages + 1
    for part in packet.parts:
        rows.append((part.name, str(page), str(part.pages)))
        page += part.pages
    date = _.date(options.date) if options.date else ""
    title = _("Freedom City Campaign Packet")
    blocks = [Heading(title), Paragraph(jurisdiction.legal_name, "center"),
              Paragraph(date, "center"),
              Table((_("Contents"), _("Page"), _("Pages")), tuple(rows), (4.9, 0.8, 0.8),
                    font_size=11, links=tuple(part.anchor for part in packet.parts)),
              Paragraph(_("Drafting help, not legal advice. The model rules are the ACLU’s; "
                          "have a lawyer review every document before it is introduced or "
                          "signed."), "note")]
    if not _.english:       # the laws in the packet are in English, as the body adopts them
        blocks.append(Paragraph(_("The ordinance, resolution and orders in this packet are in "
                                  "English, the language the governing body adopts; the "
                                  "campaign papers are in {language}.").format(
                                      language=languages()[options.language]), "note"))
    return Draft(doc_type="packet", title=f"{title}: {jurisdiction.legal_name}",
                 subject=_("Campaign packet"), jurisdiction_slug=jurisdiction.slug,
                 blocks=tuple(blocks), footer_note=_(FOOTER_NOTE),
                 author=options.sender.group if options.sender else "",
                 language=html_language(options.language),
                 page_words=(_("Page"), _.pgettext("page X of Y", "of")),
                 file_stem=f"{jurisdiction.slug}-packet")


def combine(packet: Packet, jurisdiction: Jurisdiction, options: DraftOptions) -> None:
    """packet.pdf: the cover, then every document's pages, joined by WeasyPrint itself so the
    packet is tagged (PDF/UA) with its language like each document; one bookmark per
    document, and contents entries that link to the page each document starts on."""
    from ..render.html import render_html
    from ..render.pdf import lay_out, write_pdf

    cover_pages = 1
    while True:   # the contents' page numbers depend on how long the cover itself is
        cover_draft = cover(packet, jurisdiction, options, cover_pages)
        laid_out = lay_out(render_html(cover_draft))
        if len(laid_out.pages) == cover_pages:
            break
        cover_pages = len(laid_out.pages)
    _ = Translator(options.language)
    _bookmark(laid_out.pages, _("Cover and contents"), None)
    pages = list(laid_out.pages)
    for part in packet.parts:
        _bookmark(part.laid_out.pages, part.name, part.anchor)
        pages += part.laid_out.pages
    joined = laid_out.copy(pages)
    joined.metadata.title = f"{_('Freedom City Campaign Packet')}: {jurisdiction.legal_name}"
    joined.metadata.authors = [options.sender.group] if options.sender else []
    labels = [(_("Cover"), cover_pages)] + [(part.name, part.pages) for part in packet.parts]
    landscape = [page.width > page.height for page in pages]
    packet.combined_pdf = _finish(write_pdf(joined, identifier=jurisdiction.slug), labels,
                                  landscape, _("Packet page {page} of {pages}"))
    packet.cover_pages = cover_pages


# Under each document's own "Page X of Y" (print.css centres it in the bottom margin).
PACKET_PAGE_CSS = """
@page { size: letter; margin: 1in;
  @bottom-right { content: LINE;
    vertical-align: bottom; padding-bottom: 0.2in;
    font: 9pt "Times New Roman", "Liberation Serif", "Tinos", serif; color: #404040; } }
@page wide { size: letter landscape; }
div { break-after: page; } .wide { page: wide; }
"""


def _finish(pdf: bytes, labels: list[tuple[str, int]], landscape: list[bool],
            line: str = "Packet page {page} of {pages}") -> bytes:
    """The joined PDF's page numbering, edited in place by pikepdf (qpdf), which keeps its
    structure tree and compression:
    - page labels, so a reader's page box says "Ordinance 3" on the packet's third
      ordinance page: each document's pages numbered from 1 after its name;
    - "Packet page N of M" on every page beside the document's own "Page X of Y", so the
      contents' page numbers can be found in print. The line is laid out once for all pages
      by WeasyPrint (no document is laid out twice) and laid over each page as a pagination
      artifact, outside the structure tree, as PDF/UA wants page numbers."""
    import pikepdf

    from ..render.pdf import html_to_pdf

    html = ("<!DOCTYPE html><html lang=en><title>Packet page numbers</title><style>"
            + PACKET_PAGE_CSS.replace("LINE", _css_content(line)) + "</style>"
            + "".join('<div class="wide"></div>' if wide else "<div></div>" for wide in landscape))
    numbers = pikepdf.open(io.BytesIO(html_to_pdf(html, tagged=False)))
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page, overlay in zip(document.pages, numbers.pages, strict=True):
            form = document.copy_foreign(overlay.as_form_xobject())
            name = page.add_resource(form, pikepdf.Name.XObject, prefix="PacketPage")
            # The page's own content leaves its coordinate transform in place: enclose it
            # in q/Q so the overlay is drawn in the page's default coordinates.
            page.contents_add(pikepdf.Stream(document, b"q\n"), prepend=True)
            page.contents_add(pikepdf.Stream(
                document, b"\nQ /Artifact <</Type /Pagination>> BDC q " + bytes(name)
                + b" Do Q EMC"))
        ranges: list = []
        start = 0
        for name, pages in labels:
            ranges += [start, pikepdf.Dictionary(S=pikepdf.Name.D, P=pikepdf.String(f"{name} "))]
            start += pages
        document.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array(ranges))
        out = io.BytesIO()
        document.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _css_content(line: str) -> str:
    """'Packet page {page} of {pages}' as CSS content with the page counters."""
    parts = re.split(r"(\{page\}|\{pages\})", line)
    counters = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    return " ".join(counters.get(p) or '"' + p.replace("\\", "").replace('"', "") + '"'
                    for p in parts if p)


def _bookmark(pages, label: str, anchor: str | None) -> None:
    """One bookmark for a whole document at its first page (its own headings are not the
    packet's outline), and the anchor its contents entry links to."""
    for page in pages:
        page.bookmarks = []
    pages[0].bookmarks = [(1, label, (0, 0), "closed")]
    if anchor:
        pages[0].anchors[anchor] = (0, 0, 0, 0)      # x, y, width, height


def packet_files(packet: Packet, out_dir: Path, slug: str, formats: tuple[str, ...],
                 combined: bool = True) -> dict[Path, bytes]:
    """Every file to write: each document in each format, packet.pdf and packet.zip."""
    files: dict[Path, bytes] = {}
    for part in packet.parts:
        for fmt in formats:
            add_output(files, out_dir / f"{part.draft.stem}.{fmt}", part.files[fmt])
    if not combined:
        return files
    add_output(files, out_dir / f"{slug}-packet.pdf", packet.combined_pdf)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in files.items():
            info = zipfile.ZipInfo(path.name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    add_output(files, out_dir / f"{slug}-packet.zip", buffer.getvalue())
    return files
