"""A translation holds what its English holds: the same recitals, sections, rules,
subsections, paragraphs and table rows, block by block. A catalog entry that drops a
sentence's worth of text (two recitals of twelve) is found here, not by a reader."""
from __future__ import annotations

import difflib
import re

from ..document import Draft, Paragraph, Section, Table

# The numbers a text cites (years, sections, case numbers) read the same in any language:
# they anchor a recital to its translation when the recitals around it are alike.
_NUMBERS = re.compile(r"\d+(?:[.,:-]\d+)*")


def shape(draft: Draft) -> list[tuple[str, str]]:
    """Each block as (what it is, its English-side text): a recital, a section with its
    number, each of its paragraphs and subsections, a paragraph by style, a table's rows."""
    parts: list[tuple[str, str]] = []
    for block in draft.blocks:
        if isinstance(block, Section):
            parts.append((f"section {block.number}", block.heading))
            parts += [(f"paragraph of section {block.number}", text) for text in block.paragraphs]
            parts += [(f"subsection {sub.label} of section {block.number}", sub.heading or sub.text)
                      for sub in block.subsections]
        elif isinstance(block, Paragraph):
            parts.append((f"{block.style} paragraph", block.text))
        elif isinstance(block, Table):
            parts.append(("table", " | ".join(block.columns)))
            parts += [("table row", " | ".join(row)) for row in block.rows]
        else:
            parts.append((block.kind, getattr(block, "text", "")))
    return parts


def _quote(text: str) -> str:
    words = " ".join(text.split())
    return f"“{words[:70]}…”" if len(words) > 70 else f"“{words}”"


def differences(english: Draft, translation: Draft) -> list[str]:
    """What the translation lacks or adds, named by the English it stands for."""
    ours, theirs = shape(english), shape(translation)
    if theirs[:1] and theirs[0][0] == "note paragraph" and ours[:1] != theirs[:1]:
        theirs = theirs[1:]       # the notice a courtesy translation opens with

    def signature(part: tuple[str, str]) -> str:
        kind, text = part
        if kind.startswith("subsection"):     # definitions are sorted in each language
            return kind
        return kind + " " + " ".join(sorted(set(_NUMBERS.findall(text))))
    kinds = difflib.SequenceMatcher(a=[signature(p) for p in ours],
                                    b=[signature(p) for p in theirs], autojunk=False)
    found = []
    for op, a1, a2, b1, b2 in kinds.get_opcodes():
        if op in ("delete", "replace"):
            found += [f"no {kind} for {_quote(text)}" for kind, text in ours[a1:a2]]
        if op in ("insert", "replace"):
            found += [f"an extra {kind} {_quote(text)}" for kind, text in theirs[b1:b2]]
    return found


def parity_warning(english: Draft, translation: Draft, language_name: str) -> str:
    """One warning naming what the translation lacks, or '' when it matches."""
    found = differences(english, translation)
    if not found:
        return ""
    shown = "; ".join(found[:6]) + (f"; and {len(found) - 6} more" if len(found) > 6 else "")
    return (f"{translation.stem}: the {language_name} text does not match the English block "
            f"for block ({shown}); have the translation completed before handing it out")
