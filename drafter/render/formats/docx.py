"""Word: the Draft on the reference document's named styles (drafter.render.docx)."""
from ...i18n import N_

LABEL = N_("Word")
MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ORDER = 10
DEFAULT = True


def render(draft, templates=()) -> bytes:
    from ..docx import render_docx

    return render_docx(draft, templates)
