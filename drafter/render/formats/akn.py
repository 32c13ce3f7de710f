"""Akoma Ntoso XML, for legislative drafting systems: legislation only (drafter.render.akn)."""
from ...i18n import N_

LABEL = N_("Akoma Ntoso XML")
LIMITS = N_("legislation only")     # what it can render, for help texts
MEDIA_TYPE = "application/akn+xml"
ORDER = 40


def accepts(draft) -> str | None:
    from ..akn import legislation_problem

    return legislation_problem(draft)


def render(draft, templates=()) -> bytes:
    from ..akn import render_akn

    return render_akn(draft, templates)
