"""Draft -> HTML, the input to WeasyPrint (and a stable intermediate for golden tests).

HTML templates are looked up on a search path, as Datasette and MkDocs do it: the user's
template folders first (a profile's `templates:`, then each --templates), the built-in
folder last. A document of type T uses `T/document.html` where a folder has one, else
`base/document.html`; a user template can extend the built-in one it replaces as
`default:base/document.html`. Every template renders in the sandbox with plain data.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from .. import paths
from ..document import SIGNATURE_RULE, Draft
from ..jinja import make_environment
from ..plain import plain_context


@lru_cache(maxsize=16)
def html_environment(templates: tuple[Path, ...] = ()):
    """The sandboxed environment for page templates, searching `templates` first."""
    builtin = jinja2.FileSystemLoader(str(paths.templates_dir()))
    loader = jinja2.ChoiceLoader([
        *(jinja2.FileSystemLoader(str(folder)) for folder in templates),
        jinja2.PrefixLoader({"default": builtin}, delimiter=":"),
        builtin,
    ])
    return make_environment(autoescape=True, loader=loader)


def stylesheet(env) -> Markup:
    """base/print.css from the search path: our own (or the user's) trusted stylesheet;
    Markup keeps autoescape from mangling its quotes."""
    source, _, _ = env.loader.get_source(env, "base/print.css")
    return Markup(source)


def render_html(draft: Draft, templates: tuple[Path, ...] = ()) -> str:
    """Render a Draft to a self-contained HTML page (styles inline, no external URLs)."""
    env = html_environment(tuple(templates))
    template = env.select_template([f"{draft.doc_type}/document.html", "base/document.html"])
    return template.render(plain_context(
        {"draft": draft, "css": stylesheet(env), "footer_note": draft.footer_note,
         "signature_rule": SIGNATURE_RULE}))
