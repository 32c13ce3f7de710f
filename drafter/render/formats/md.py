"""Markdown that reads as plain text, for e-mail and online comment forms
(drafter.render.text). It has no page template, so the template folders do not apply."""
from ...i18n import N_

LABEL = N_("Markdown")
MEDIA_TYPE = "text/markdown; charset=utf-8"
ORDER = 30


def render(draft, templates=()) -> bytes:
    from ..text import render_markdown

    return render_markdown(draft).encode("utf-8")
