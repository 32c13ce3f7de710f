"""The document model every renderer reads: semantic blocks, no formatting."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Union

from .i18n import N_


@dataclass(frozen=True)
class NumberLine:
    """'ORDINANCE NO. ____': the line the clerk fills in."""
    kind: ClassVar[str] = "number"
    text: str


@dataclass(frozen=True)
class Caption:
    """The long title: 'AN ORDINANCE of the City of ... relating to ...'."""
    kind: ClassVar[str] = "caption"
    text: str


@dataclass(frozen=True)
class Recital:
    kind: ClassVar[str] = "recital"
    text: str


@dataclass(frozen=True)
class Enacting:
    """'NOW, THEREFORE, BE IT ORDAINED ...'."""
    kind: ClassVar[str] = "enacting"
    text: str


@dataclass(frozen=True)
class Subsection:
    label: str            # "(a)"
    heading: str | None   # "Judicial Warrant Rule." or None
    text: str


@dataclass(frozen=True)
class Section:
    kind: ClassVar[str] = "section"
    number: int
    heading: str
    paragraphs: tuple[str, ...] = ()
    subsections: tuple[Subsection, ...] = ()
    clause_id: str = ""
    label: str = ""            # "IV." in a department order; default "Section 4."
    TEMPLATE_PROPERTIES: ClassVar[tuple[str, ...]] = ("title",)   # what plain() adds for templates

    @property
    def title(self) -> str:
        return f"{self.label or f'Section {self.number}.'} {self.heading}"


@dataclass(frozen=True)
class AttestText:
    kind: ClassVar[str] = "attest-text"
    text: str


@dataclass(frozen=True)
class SignatureLine:
    """A line to sign on, with the signer's title printed beneath it."""
    kind: ClassVar[str] = "signature"
    label: str


@dataclass(frozen=True)
class Attestation:
    kind: ClassVar[str] = "attestation"
    items: tuple[Union[AttestText, SignatureLine], ...]


@dataclass(frozen=True)
class Heading:
    """A document title (level 1) or a part heading (level 2) outside numbered sections."""
    kind: ClassVar[str] = "heading"
    text: str
    level: int = 1
    language: str = ""       # set where it differs from the document's (a bilingual paper)


PARAGRAPH_STYLES = ("body", "plain", "center", "note", "item", "address", "address-last",
                    "signed")


@dataclass(frozen=True)
class Paragraph:
    """Running text. style: body (indented), plain, center, note, item (one of a list),
    address (a line of an address block), address-last (its last line) and signed (a
    name with room above it to sign)."""
    kind: ClassVar[str] = "paragraph"
    text: str
    style: str = "plain"
    language: str = ""       # set where it differs from the document's (a bilingual paper)

    def __post_init__(self):
        # A closed set: a typo fails where the paragraph is made, not in a renderer.
        if self.style not in PARAGRAPH_STYLES:
            raise ValueError(f"unknown paragraph style {self.style!r}; use one of "
                             f"{', '.join(PARAGRAPH_STYLES)}")


@dataclass(frozen=True)
class Table:
    """A ruled table whose rows never split across pages; the header repeats on each page."""
    kind: ClassVar[str] = "table"
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]          # inches, one per column
    row_height: float | None = None    # inches: tall enough to sign on
    font_size: int = 10
    links: tuple[str, ...] = ()        # PDF: each row's first cell links to this anchor


@dataclass(frozen=True)
class QrCode:
    """A QR code for a URL, with its caption (the URL in words, for those who cannot scan).
    `path` is its dark modules as SVG path data, computed once by segno; DOCX draws a PNG."""
    kind: ClassVar[str] = "qr"
    url: str
    caption: str
    path: str
    size: int           # modules across, without the quiet zone

    @classmethod
    def for_url(cls, url: str, caption: str) -> "QrCode":
        import segno    # imported when a QR code is drawn

        matrix = segno.make(url, error="m").matrix
        path = "".join(f"M{x} {y}h1v1h-1z" for y, row in enumerate(matrix)
                       for x, dark in enumerate(row) if dark)
        return cls(url, caption, path, len(matrix))


@dataclass(frozen=True)
class PageBreak:
    kind: ClassVar[str] = "page-break"


Block = Union[NumberLine, Caption, Recital, Enacting, Section, Attestation, Heading, Paragraph,
              Table, QrCode, PageBreak]


class BlockVisitor:
    """Walks a draft's blocks, as Jinja's NodeVisitor walks its nodes: `visit(block)` calls
    `visit_<kind>` (the block's `kind`, dashes as underscores). Each output format is one
    visitor implementing the kinds it prints; a kind it does not know reaches
    generic_visit, which says so, so a new kind of block cannot be skipped silently."""

    def visit(self, block: "Block"):
        method = getattr(self, "visit_" + block.kind.replace("-", "_"), None)
        return self.generic_visit(block) if method is None else method(block)

    def visit_blocks(self, blocks) -> None:
        for block in blocks:
            self.visit(block)

    def generic_visit(self, block: "Block"):
        raise NotImplementedError(f"{type(self).__name__} has no visit_"
                                  f"{block.kind.replace('-', '_')} for a {type(block).__name__}")

SIGNATURE_RULE = "_" * 36
FOOTER_NOTE = N_("Drafting help, not legal advice: have a lawyer review before introduction.")
# Limits of a petition's signature sheets, shared by the command line and the web page.
SHEETS = (1, 50)
LINES_PER_SHEET = (5, 25)


@dataclass(frozen=True)
class Draft:
    """One assembled document, ready for any renderer."""

    doc_type: str
    title: str                 # PDF/DOCX metadata title
    subject: str
    jurisdiction_slug: str
    blocks: tuple[Block, ...]
    draft_mark: bool = False            # "DRAFT" at the top of every page
    draft_word: str = "DRAFT"          # the mark, in the document's language
    footer_note: str = ""              # the drafting-help note, where it belongs (not on handouts)
    author: str = ""                   # document property: the sending group, or empty
    line_numbers: bool = False         # legislation: lines numbered in the left margin
    language: str = "en-US"
    page_words: tuple[str, str] = ("Page", "of")     # the footer's "Page X of Y", translated
    definition_terms: tuple[str, ...] = field(default=())
    orientation: str = "portrait"      # or "landscape"
    spoken_words: int | None = None    # testimony: words to be read aloud
    untranslated: str = ""             # the catalog's missing messages, as a warning
    file_stem: str = ""                # defaults to "<jurisdiction>-<type>"

    @property
    def stem(self) -> str:
        return self.file_stem or f"{self.jurisdiction_slug}-{self.doc_type}"

    def sections(self) -> list[Section]:
        return [block for block in self.blocks if isinstance(block, Section)]

    def paragraphs(self) -> list[str]:
        """The body text in reading order, one entry per printed paragraph.

        The DOCX and PDF renderers print exactly these paragraphs; tests compare
        each format's extracted text against this list.
        """
        printed = _PrintedText()
        printed.visit_blocks(self.blocks)
        return printed.out

    def words(self) -> int:
        """How many words the document holds (for reading-time estimates)."""
        return sum(len(p.split()) for p in self.paragraphs())


class _PrintedText(BlockVisitor):
    """Draft.paragraphs(): every printed paragraph's text, in order."""

    def __init__(self):
        self.out: list[str] = []

    def visit_section(self, block: Section) -> None:
        self.out += [block.title, *block.paragraphs, *map(subsection_text, block.subsections)]

    def visit_attestation(self, block: Attestation) -> None:
        for item in block.items:
            self.out += ([SIGNATURE_RULE, item.label] if isinstance(item, SignatureLine)
                         else [item.text])

    def visit_table(self, block: Table) -> None:
        self.out += [cell for cell in block.columns if cell]
        self.out += [cell for row in block.rows for cell in row if cell]

    def visit_page_break(self, block: PageBreak) -> None:
        pass

    def visit_qr(self, block: QrCode) -> None:
        self.out.append(block.caption)

    def generic_visit(self, block) -> None:       # every other block is one line of text
        self.out.append(block.text)


def subsection_text(subsection: Subsection) -> str:
    heading = f"{subsection.heading} " if subsection.heading else ""
    return f"{subsection.label} {heading}{subsection.text}"
