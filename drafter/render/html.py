"""Draft -> HTML, the input to WeasyPrint (and a stable intermediate for golden tests)."""
from __future__ import annotations

from functools import cache

import jinja2
from markupsafe import Markup

from .. import paths
from ..draft import FOOTER_NOTE, SIGNATURE_RULE, Draft
from ..jinja import make_environment
from ..plain import plain_context


@cache
def _html_env():
    loader = jinja2.FileSystemLoader(str(paths.templates_dir() / "base"))
    return make_environment(autoescape=True, loader=loader)


def render_html(draft: Draft) -> str:
    """Render a Draft to a self-contained HTML page (styles inline, no external URLs)."""
    env = _html_env()
    # Our own stylesheet, trusted: Markup keeps autoescape from mangling its quotes.
    css = Markup((paths.templates_dir() / "base" / "print.css").read_text(encoding="utf-8"))
    return env.get_template("document.html").render(plain_context(
        {"draft": draft, "css": css, "footer_note": FOOTER_NOTE, "signature_rule": SIGNATURE_RULE}))
