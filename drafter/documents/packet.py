"""`drafter packet`: every document type for one jurisdiction, a combined PDF and a zip."""
from __future__ import annotations

import contextlib
import io
import re
import zipfile
from dataclasses import dataclass, field

from ..i18n import Translator, html_language, languages
from .localized import bare, named
from ..document import FOOTER_NOTE, Draft, Heading, Paragraph, Table
from ..errors import SelectionError
from ..inputs.doctypes import document_types, load_document_type
from ..inputs.jurisdiction import Jurisdiction
from ..inputs.options import DraftOptions
from .registry import Job, add_output, build

@dataclass
class PacketPart:
    draft: Draft
    name: str                                  # "Ordinance", "Letter to Dana Whitfield, Mayor"
    files: dict[str, bytes] = field(default_factory=dict)   # format -> bytes
    pages: int = 0

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
                documents: list[str] | None = None, combined: bool | None = None) -> Packet:
    """Build every document type (or just `documents`), render them all in memory (the
    PDFs in the render helpers when there are any), then, when `combined` (by default for
    the whole packet), the cover and the combined PDF. A type the profile cannot fill (no
    executive order without an executive) is left out of the whole packet and said so;
    asked for by name, it is an error."""
    from ..render.pool import render_many

    _ = Translator(job.options.language, job.templates)
    types = document_types(job.templates)
    parts: list[PacketPart] = []
    skipped: list[str] = []
    names: dict[str, bytes] = {}    # every output name once: no document overwrites another
    combined = documents is None if combined is None else combined
    needed = tuple(dict.fromkeys((("pdf",) if combined else ()) + tuple(formats)))
    for type_id in documents or types:       # the outlines' order: the memo first
        type_ = types.get(type_id) or load_document_type(type_id, job.templates)
        try:
            drafts = build(job, type_)
        except SelectionError as exc:   # e.g. no executive order without an executive
            if documents is not None:
                raise
            skipped.append(f"{type_id}: {exc.problems[0].message}")
            continue
        for draft in drafts:
            name = (_.pgettext("document type", type_.name) if len(drafts) == 1
                    else draft.title.split(": ")[0])
            if draft.language == "en-US" and not _.english:   # a law beside its translation
                in_english = _("(in English)")
                name = _.pgettext("document type", type_.name) + " " + in_english
            parts.append(PacketPart(draft, name))
            for fmt in needed:
                add_output(names, f"{draft.stem}.{fmt}", b"")
    if progress and needed:
        what = (f"{len(parts)} documents" if len(parts) > 3
                else ", ".join(part.draft.stem for part in parts))
        progress(f"rendering {what} as {', '.join(needed)}")
    tasks = [(part.draft, fmt) for part in parts for fmt in needed]
    rendered = iter(render_many(tasks, job.templates))
    for part in parts:
        part.files = {fmt: next(rendered) for fmt in needed}
    packet = Packet(parts, skipped)
    if combined:
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
    place = bare(_, named(_, jurisdiction, jurisdiction.legal_name, "legal name", "legal_name"))
    place = place[:1].upper() + place[1:]              # "Ciudad de Elm Harbor"
    blocks = [Heading(title), Paragraph(place, "center"),
              Paragraph(date, "center"),
              Table((_("Contents"), _("Page"), _("Pages")), tuple(rows), (4.9, 0.8, 0.8),
                    font_size=11, links=tuple(part.anchor for part in packet.parts)),
              Paragraph(_("Drafting help, not legal advice. The model rules are the ACLU’s; "
                          "have a lawyer review every document before it is introduced or "
                          "signed."), "note")]
    if not _.english:       # the laws in the packet are in English, as the body adopts them
        blocks.append(Paragraph(_("The ordinance, resolution and orders in this packet are in "
                                  "English, the language the governing body adopts, the "
                                  "ordinance and resolution each followed by a courtesy "
                                  "translation; the campaign papers are in {language}.").format(
                                      language=languages().get(options.language,
                                                               options.language)), "note"))
    return Draft(doc_type="packet", title=f"{title}: {place}",
                 subject=_("Campaign packet"), jurisdiction_slug=jurisdiction.slug,
                 blocks=tuple(blocks), footer_note=_(FOOTER_NOTE),
                 author=options.sender.group if options.sender else "",
                 language=html_language(options.language),
                 page_words=(_("Page"), _.pgettext("page X of Y", "of")),
                 file_stem=f"{jurisdiction.slug}-packet")


def combine(packet: Packet, jurisdiction: Jurisdiction, options: DraftOptions) -> None:
    """packet.pdf: the cover, then every document's own PDF, joined with their structure
    trees (drafter.render.pdfjoin) so the packet is tagged (PDF/UA) like each document; one
    bookmark per document, contents entries that link to the page each document starts
    on, page labels, and "Packet page N of M" on every page."""
    import pikepdf

    from ..render.pdfjoin import explicit_destinations, join_tagged, open_pdf

    _ = Translator(options.language)
    with contextlib.ExitStack() as opened:
        sources = [opened.enter_context(open_pdf(part.files["pdf"])) for part in packet.parts]
        for part, source in zip(packet.parts, sources):
            part.pages = len(source.pages)
        landscape = [page.mediabox[2] > page.mediabox[3]
                     for source in sources for page in source.pages]
        cover_pdf, packet.cover_pages, numbers = _cover_and_numbers(
            packet, jurisdiction, options, landscape)
        joined = opened.enter_context(open_pdf(cover_pdf))
        starts = join_tagged(joined, sources, [f"d{index}-" for index in range(len(sources))])
        # The contents rows' links, made to placeholder anchors on the cover, now go to
        # the first page of each document.
        explicit_destinations(joined, {part.anchor: start
                                       for part, start in zip(packet.parts, starts)})
        _outline(joined, [(_("Cover and contents"), 0)]
                 + [(part.name, start) for part, start in zip(packet.parts, starts)])
        _label_pages(joined, [(_("Cover"), packet.cover_pages)]
                     + [(part.name, part.pages) for part in packet.parts])
        _overlay(joined, numbers.result())
        out = io.BytesIO()
        joined.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    packet.combined_pdf = out.getvalue()


def _cover_and_numbers(packet: Packet, jurisdiction: Jurisdiction, options: DraftOptions,
                       landscape: list[bool]):
    """The cover's PDF, its page count, and (a handle to) the "Packet page N of M" layer,
    laid out at once in two render helpers when there are any."""
    from ..render.html import render_html
    from ..render.pdf import pdf_with_anchors, repeated_pdf
    from ..render.pool import run

    _ = Translator(options.language)
    line = _("Packet page {page} of {pages}")
    anchors = tuple(part.anchor for part in packet.parts)
    cover_pages = 1
    while True:   # the contents' page numbers depend on how long the cover itself is
        numbers = run(repeated_pdf, _page_numbers_html([False] * cover_pages + landscape, line))
        cover_draft = cover(packet, jurisdiction, options, cover_pages)
        # Its contents rows link to the anchors, put on its first page for now.
        cover_pdf, pages = run(pdf_with_anchors, render_html(cover_draft), anchors,
                               identifier=cover_draft.jurisdiction_slug).result()
        if pages == cover_pages:
            return cover_pdf, cover_pages, numbers
        cover_pages = pages


# In the top-left corner, which no document uses: the bottom margin holds each document's
# own "Page X of Y" and drafting note at heights that vary with its margins (the explainer's
# are narrower), and the top right holds the DRAFT mark.
PACKET_PAGE_CSS = """
@page { size: letter; margin: 1in;
  @top-left { content: LINE;
    vertical-align: top; padding-top: 0.25in; white-space: nowrap;
    font: 9pt "Times New Roman", "Liberation Serif", "Tinos", serif; color: #404040; } }
@page wide { size: letter landscape; }
div { break-after: page; } .wide { page: wide; }
"""


def _page_numbers_html(landscape: list[bool], line: str) -> str:
    """One page per packet page, blank but for "Packet page N of M", to be laid out once
    by WeasyPrint for all pages (no document is laid out twice)."""
    return ("<!DOCTYPE html><html lang=en><title>Packet page numbers</title><style>"
            + PACKET_PAGE_CSS.replace("LINE", _css_content(line)) + "</style>"
            + "".join('<div class="wide"></div>' if wide else "<div></div>" for wide in landscape))


def _overlay(document, numbers_pdf: bytes) -> None:
    """"Packet page N of M" over each page, clear of the document's own "Page X of Y", so the
    contents' page numbers can be found in print: a pagination artifact, outside the
    structure tree, as PDF/UA wants page numbers."""
    import pikepdf

    from ..render.pdfjoin import open_pdf

    with open_pdf(numbers_pdf) as numbers:
        for page, overlay in zip(document.pages, numbers.pages, strict=True):
            form = document.copy_foreign(overlay.as_form_xobject())
            name = page.add_resource(form, pikepdf.Name.XObject, prefix="PacketPage")
            # The page's own content leaves its coordinate transform in place: enclose it
            # in q/Q so the overlay is drawn in the page's default coordinates.
            page.contents_add(pikepdf.Stream(document, b"q\n"), prepend=True)
            page.contents_add(pikepdf.Stream(
                document, b"\nQ /Artifact <</Type /Pagination>> BDC q " + bytes(name)
                + b" Do Q EMC"))


def _label_pages(document, labels: list[tuple[str, int]]) -> None:
    """Page labels, so a reader's page box says "Ordinance 3" on the packet's third
    ordinance page: each document's pages numbered from 1 after its name."""
    import pikepdf

    ranges: list = []
    start = 0
    for name, pages in labels:
        ranges += [start, pikepdf.Dictionary(S=pikepdf.Name.D, P=pikepdf.String(f"{name} "))]
        start += pages
    document.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array(ranges))


def _outline(document, entries: list[tuple[str, int]]) -> None:
    """One bookmark per document at its first page (its own headings are not the packet's
    outline)."""
    from pikepdf import OutlineItem

    with document.open_outline() as outline:
        outline.root[:] = [OutlineItem(title, page) for title, page in entries]


def _css_content(line: str) -> str:
    """'Packet page {page} of {pages}' as CSS content with the page counters."""
    parts = re.split(r"(\{page\}|\{pages\})", line)
    counters = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    return " ".join(counters.get(p) or '"' + p.replace("\\", "").replace('"', "") + '"'
                    for p in parts if p)


def packet_files(packet: Packet, slug: str, formats: tuple[str, ...],
                 combined: bool = True) -> dict[str, bytes]:
    """Every file, by name: each document in each format, then with `combined` the
    packet's PDF and a zip of them all."""
    files: dict[str, bytes] = {}
    for part in packet.parts:
        for fmt in formats:
            add_output(files, f"{part.draft.stem}.{fmt}", part.files[fmt])
    if not combined:
        return files
    add_output(files, f"{slug}-packet.pdf", packet.combined_pdf)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    add_output(files, f"{slug}-packet.zip", buffer.getvalue())
    return files
