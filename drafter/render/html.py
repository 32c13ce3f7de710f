"""Draft -> HTML, the input to WeasyPrint (and a stable intermediate for golden tests).

HTML templates are looked up on a search path, as Datasette and MkDocs do it: the user's
template folders first (a profile's `templates:`, then each --templates), the built-in
folder last. A document of type T uses `T/document.html` where a folder has one, else
`base/document.html`; a user template can extend the built-in one it replaces as
`default:base/document.html`. Every template renders in the sandbox with plain data, within
the limits clause files have (a page's larger sizes: drafter.jinja.PAGE_LIMITS), and is
read as every file of a shared folder is: a regular file inside its folder.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path
from markupsafe import Markup

from .. import paths
from ..document import SIGNATURE_RULE, Draft
from ..errors import DrafterError, Problem
from ..inputs.yamlfile import read_text
from ..paths import modified
from ..jinja import PAGE_LIMITS, make_environment, render_limited, within_limits
from ..plain import plain_context

MAX_PAGE_TEMPLATE_BYTES = 256 * 1024   # the built-in ones are under 25 KB


class FolderLoader(jinja2.BaseLoader):
    """Page templates from one folder, read as every file of a shared folder is: no `..`
    (Jinja's split_template_path refuses it), no link leaving the folder, regular files of
    a bounded size (drafter.inputs.yamlfile.read_bytes)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def get_source(self, environment, template):
        path = self.folder.joinpath(*split_template_path(template))
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        text = read_text(path, max_bytes=MAX_PAGE_TEMPLATE_BYTES, folder=self.folder)
        changed = modified(path)
        return text, str(path), lambda: modified(path) == changed


@lru_cache(maxsize=16)
def html_environment(templates: tuple[Path, ...] = ()):
    """The sandboxed environment for page templates, searching `templates` first."""
    builtin = FolderLoader(paths.templates_dir())
    loader = jinja2.ChoiceLoader([
        *(FolderLoader(folder) for folder in templates),
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
    names = [f"{draft.doc_type}/document.html", "base/document.html"]
    context = plain_context({"draft": draft, "css": stylesheet(env),
                             "footer_note": draft.footer_note, "signature_rule": SIGNATURE_RULE})
    return render_limited(lambda: env.select_template(names), context, filename=names[0],
                          limits=PAGE_LIMITS)


PAGE_SUFFIXES = (".html", ".css")
CATALOG = re.compile(r"locale/[^/]+/LC_MESSAGES/drafter\.po")
LETTERHEAD = "base/reference.docx"


def template_folder_problems(folder: Path) -> list[Problem]:
    """`drafter check`: every file of a template folder read as drafting reads it (a
    regular file inside the folder, of a bounded size), its page templates compiled in the
    sandbox, its letterhead checked. Drafting with it would stop at each of these."""
    from ..inputs.clauses import MAX_CLAUSE_BYTES, folder_files
    from ..i18n import catalog_problems
    from ..inputs.letterhead import MAX_LETTERHEAD_BYTES, letterhead_problems
    from .docx import WORD_STYLES
    from ..paths import read_bytes

    folder = Path(folder)
    files, problems = folder_files(folder, what="template")
    env = html_environment((folder,))
    for path in files:
        name = path.relative_to(folder).as_posix()
        try:
            if name == LETTERHEAD:
                problems += letterhead_problems(path, folder, WORD_STYLES)
            elif CATALOG.fullmatch(name):
                continue                   # below, with the catalogs os.walk does not reach
            elif name.endswith(PAGE_SUFFIXES):
                read_text(path, max_bytes=MAX_PAGE_TEMPLATE_BYTES, folder=folder)
                if name.endswith(".html"):      # compiled: syntax, Python's nesting limit
                    with within_limits(str(path), PAGE_LIMITS):
                        env.get_template(name)
            else:
                read_bytes(path, max_bytes=max(MAX_CLAUSE_BYTES, MAX_LETTERHEAD_BYTES),
                           folder=folder)
        except DrafterError as exc:
            problems += exc.problems
    locale = folder / "locale"
    for language in sorted(locale.iterdir()) if locale.is_dir() else []:
        problems += catalog_problems(language.name, folder)    # links leading out included
    return problems
