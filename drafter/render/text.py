"""Draft -> Markdown that also reads as plain text, for e-mail and online comment forms."""
from __future__ import annotations

from ..document import (SIGNATURE_RULE, Attestation, Draft, Heading, PageBreak,
                        Paragraph, QrCode, Section, SignatureLine, Table)


def render_markdown(draft: Draft) -> str:
    """Render a Draft as Markdown; user text is kept exactly as typed (no escaping)."""
    lines: list[str] = []
    if draft.draft_mark:
        lines += ["**DRAFT**", ""]
    for block in draft.blocks:
        if isinstance(block, Section):
            lines += [f"## {block.title}", ""]
            for paragraph in block.paragraphs:
                lines += [paragraph, ""]
            for sub in block.subsections:
                heading = f"*{sub.heading}* " if sub.heading else ""
                lines += [f"{sub.label} {heading}{sub.text}", ""]
        elif isinstance(block, Attestation):
            for item in block.items:
                if isinstance(item, SignatureLine):
                    lines += [SIGNATURE_RULE, item.label, ""]
                else:
                    lines += [item.text, ""]
        elif isinstance(block, Heading):
            lines += [f"{'#' * block.level} {block.text}", ""]
        elif isinstance(block, Paragraph):
            lines += [block.text, ""]
        elif isinstance(block, Table):
            def row(cells):
                return "| " + " | ".join(c.replace("\n", " / ") for c in cells) + " |"
            lines += [row(block.columns), "|" + "---|" * len(block.columns)]
            lines += [row(r) for r in block.rows] + [""]
        elif isinstance(block, PageBreak):
            continue
        elif isinstance(block, QrCode):          # no picture in Markdown: the link itself
            lines += [block.caption, ""]
        elif block.kind == "number":
            lines += [f"# {block.text}", ""]
        elif block.kind in ("caption", "enacting"):
            lines += [f"**{block.text}**", ""]
        else:
            lines += [block.text, ""]
    if draft.footer_note:
        lines += ["---", "", f"*{draft.footer_note}*", ""]
    return "\n".join(lines)


def render_markdown_bytes(draft: Draft, templates: tuple = ()) -> bytes:
    """The registry's Markdown renderer. Markdown has no page template, so `templates` (the
    search path the other formats use) does not apply."""
    return render_markdown(draft).encode("utf-8")
