"""Draft -> Markdown that also reads as plain text, for e-mail and online comment forms."""
from __future__ import annotations

import re

from ..document import (SIGNATURE_RULE, Attestation, Draft, Heading, PageBreak,
                        Paragraph, QrCode, Section, SignatureLine, Table)


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
    lines: list[str] = []
    if draft.draft_mark:
        lines += [f"**{draft.draft_word}**", ""]
    for block in draft.blocks:
        if isinstance(block, Section):
            lines += [f"## {escape(block.title)}", ""]
            for paragraph in block.paragraphs:
                lines += [escape(paragraph), ""]
            for sub in block.subsections:
                heading = f"*{escape(sub.heading)}* " if sub.heading else ""
                lines += [f"{escape(sub.label)} {heading}{escape(sub.text)}", ""]
        elif isinstance(block, Attestation):
            for item in block.items:
                if isinstance(item, SignatureLine):
                    lines += [escape(SIGNATURE_RULE), escape(item.label), ""]
                else:
                    lines += [escape(item.text), ""]
        elif isinstance(block, Heading):
            lines += [f"{'#' * block.level} {escape(block.text)}", ""]
        elif isinstance(block, Paragraph):
            lines += [escape(block.text), ""]
        elif isinstance(block, Table):
            def row(cells):
                return "| " + " | ".join(escape(c).replace("\n", " / ") for c in cells) + " |"
            lines += [row(block.columns), "|" + "---|" * len(block.columns)]
            lines += [row(r) for r in block.rows] + [""]
        elif isinstance(block, PageBreak):
            continue
        elif isinstance(block, QrCode):          # no picture in Markdown: the link itself
            lines += [escape(block.caption), ""]
        elif block.kind == "number":
            lines += [f"# {escape(block.text)}", ""]
        elif block.kind in ("caption", "enacting"):
            lines += [f"**{escape(block.text)}**", ""]
        else:
            lines += [escape(block.text), ""]
    if draft.footer_note:
        lines += ["---", "", f"*{escape(draft.footer_note)}*", ""]
    return "\n".join(lines)


def render_markdown_bytes(draft: Draft, templates: tuple = ()) -> bytes:
    """The registry's Markdown renderer. Markdown has no page template, so `templates` (the
    search path the other formats use) does not apply."""
    return render_markdown(draft).encode("utf-8")
