"""PDF: the page template laid out by WeasyPrint, tagged (drafter.render.pdf)."""
from ...i18n import N_

LABEL = N_("PDF")
MEDIA_TYPE = "application/pdf"
ORDER = 20
DEFAULT = True


def render(draft, templates=()) -> bytes:
    from ..pdf import render_pdf

    return render_pdf(draft, templates)
