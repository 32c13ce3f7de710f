"""Draft -> Markdown that also reads as plain text, for e-mail and online comment forms."""
from __future__ import annotations

from ..draft import FOOTER_NOTE, SIGNATURE_RULE, Attestation, Draft, Section, SignatureLine


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
        elif block.kind == "number":
            lines += [f"# {block.text}", ""]
        elif block.kind in ("caption", "enacting"):
            lines += [f"**{block.text}**", ""]
        else:
            lines += [block.text, ""]
    lines += ["---", "", f"*{FOOTER_NOTE}*", ""]
    return "\n".join(lines)
