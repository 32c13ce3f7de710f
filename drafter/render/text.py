"""Draft -> Markdown that also reads as plain text, for e-mail and online comment forms."""
from __future__ import annotations

import re

from ..document import (SIGNATURE_RULE, Attestation, BlockVisitor, Draft, Heading, NumberLine,
                        PageBreak, QrCode, Section, SignatureLine, Table)


# What CommonMark would read as markup inside a line: emphasis (* and _: a blank line
# "20____" would turn bold, a signature line a rule), code, links, HTML, table cells.
INLINE = re.compile(r"([\\`*_\[\]<>|])")
# ... and at the start of a line: headings, quotes, list items, rules.
LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])(?=\s|$)")


def escape(text: str) -> str:
    """Text that a Markdown reader shows exactly as written, and a person still reads."""
    return LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1],
                          INLINE.sub(r"\\\1", text))


def render_markdown(draft: Draft) -> str:
    """Render a Draft as Markdown whose reader shows every word as written: the document's
    text is escaped, only drafter's own headings, bold and tables are markup."""
    writer = _Markdown()
    if draft.draft_mark:
        writer.lines += [f"**{draft.draft_word}**", ""]
    writer.visit_blocks(draft.blocks)
    if draft.footer_note:
        writer.lines += ["---", "", f"*{escape(draft.footer_note)}*", ""]
    return "\n".join(writer.lines)


class _Markdown(BlockVisitor):
    """A draft's blocks as Markdown lines, each followed by a blank line."""

    def __init__(self):
        self.lines: list[str] = []

    def add(self, *lines: str) -> None:
        self.lines += [*lines, ""]

    def visit_section(self, block: Section) -> None:
        self.add(f"## {escape(block.title)}")
        for paragraph in block.paragraphs:
            self.add(escape(paragraph))
        for sub in block.subsections:
            heading = f"*{escape(sub.heading)}* " if sub.heading else ""
            self.add(f"{escape(sub.label)} {heading}{escape(sub.text)}")

    def visit_attestation(self, block: Attestation) -> None:
        for item in block.items:
            if isinstance(item, SignatureLine):
                self.add(escape(SIGNATURE_RULE), escape(item.label))
            else:
                self.add(escape(item.text))

    def visit_heading(self, block: Heading) -> None:
        self.add(f"{'#' * block.level} {escape(block.text)}")

    def visit_table(self, block: Table) -> None:
        def row(cells):
            return "| " + " | ".join(escape(c).replace("\n", " / ") for c in cells) + " |"
        self.lines += [row(block.columns), "|" + "---|" * len(block.columns)]
        self.add(*[row(r) for r in block.rows])

    def visit_page_break(self, block: PageBreak) -> None:
        pass

    def visit_qr(self, block: QrCode) -> None:        # no picture in Markdown: the link itself
        self.add(escape(block.caption))

    def visit_number(self, block: NumberLine) -> None:
        self.add(f"# {escape(block.text)}")

    def _bold(self, block) -> None:                    # the caption and the enacting clause
        self.add(f"**{escape(block.text)}**")

    visit_caption = visit_enacting = _bold

    def _plain(self, block) -> None:                   # recitals and paragraphs
        self.add(escape(block.text))

    visit_recital = visit_paragraph = _plain
