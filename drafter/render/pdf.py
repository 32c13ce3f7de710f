"""Draft -> PDF through WeasyPrint: same words as the DOCX, fonts embedded, tagged."""
from __future__ import annotations

import re
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path

from ..document import Draft
from .html import render_html


def import_weasyprint():
    """WeasyPrint, imported without its slow search for the C libraries.

    WeasyPrint opens Pango, HarfBuzz, fontconfig and GObject by trying each one's names on
    every platform in turn (Windows and macOS names first). On Linux each of those fails,
    and cffi then asks ctypes.util.find_library about it, which runs ldconfig, gcc and ld:
    about 50 processes, a quarter of a second of every cold `drafter draft` and of every
    render worker's start. While WeasyPrint is imported, that search answers "not found" at
    once; each library is still opened, by the Linux name WeasyPrint tries after the others.
    Should WeasyPrint not import that way (libraries only find_library can find), it is
    imported again as it comes."""
    import sys

    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    import ctypes.util

    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint
    except OSError:
        for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
            del sys.modules[name]
        ctypes.util.find_library = search
        import weasyprint
    finally:
        ctypes.util.find_library = search
    return weasyprint


def _no_fetching():
    """A URL fetcher that refuses every URL: a draft needs no file, network or data access."""
    from weasyprint.urls import URLFetcher

    class RefuseAll(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"drafter does not load external resources ({url[:60]!r})")

    return RefuseAll()


@cache
def _font_config():
    """One font configuration per process: WeasyPrint finds and loads the fonts once."""
    from weasyprint.text.fonts import FontConfiguration

    _reuse_array_types()
    return FontConfiguration()


_SIZED_ARRAY = re.compile(r"(.+)\[(\d+)\]")


def _reuse_array_types() -> None:
    """Let cffi parse each C array type once, not once per length.

    WeasyPrint 70 subsets each font of each PDF with arrays typed by their length
    (`ffi.new(f"hb_codepoint_t[{n}]", values)`); cffi parses every new type string with
    pycparser, 11 ms each, which was a fifth of the time spent writing PDFs. The same array
    asked as "hb_codepoint_t[]" with its values is the same array, and its type is parsed
    once. Arrays asked without values are left as they are (their types are
    fixed strings, parsed once already)."""
    from weasyprint.text.ffi import ffi

    if getattr(ffi, "_drafter_arrays", False):
        return
    new = ffi.new

    def new_array(cdecl, init=None):
        if init is not None and isinstance(cdecl, str) and cdecl.endswith("]"):   # cheap first
            sized = _SIZED_ARRAY.fullmatch(cdecl)
            if sized and hasattr(init, "__len__") and len(init) == int(sized[2]):
                return new(sized[1] + "[]", init)
        return new(cdecl, init)

    ffi.new = new_array
    ffi._drafter_arrays = True


# One document's pages: the longest drafter makes is the petition with 50 signature sheets
# (about 55 pages). A page template that breaks pages without end is stopped here.
MAX_PAGES = 400
PDF_SECONDS = 60.0          # to lay out and write one document (the petition: about 2 s)


class _TooManyPages(Exception):
    pass


def _cap_pages() -> None:
    """Stop laying out a document at MAX_PAGES pages, as each page is made (WeasyPrint
    makes them one by one in weasyprint.layout.make_all_pages, several passes over)."""
    import weasyprint.layout as layout

    if getattr(layout, "_drafter_capped", False):
        return
    make_all_pages = layout.make_all_pages

    def capped(*args, **kwargs):
        for count, page in enumerate(make_all_pages(*args, **kwargs), start=1):
            if count > MAX_PAGES:
                raise _TooManyPages()
            yield page

    layout.make_all_pages = capped
    layout._drafter_capped = True


# Rules whose effect reaches outside their stylesheet (the document's fonts, counters,
# colour profiles, cascade layers, other files), or an at-rule's name written with a CSS
# escape (which could be any of them): a stylesheet with any is parsed afresh.
_REACHES_OUT = re.compile(r"@(?:import|font-face|counter-style|color-profile|layer)\b|@[-\w]*\\",
                          re.I)
# Kept: drafter's own stylesheets are under 8 KB; a longer one is parsed for each document,
# so a page template cannot keep large stylesheets alive in a long-running worker.
_KEPT_STYLESHEET_CHARS = 64 * 1024


def _reuse_stylesheets() -> None:
    """Parse each page's <style> once per process, not once per document.

    WeasyPrint parses a document's <style> text into a stylesheet (tinycss2, then its
    selectors compiled by cssselect2) for every document, and every document of a packet
    or a batch has the same text (base/print.css and its page rules): about a twentieth of
    the time of a PDF. A stylesheet keeps its own selectors and page rules, which the
    cascade only reads, so one parsed stylesheet serves every document whose <style> text
    is the same. Pages with a stylesheet rule that reaches outside it (_REACHES_OUT), a
    long stylesheet, a linked one, a <style> with attributes or a base URL are read as
    WeasyPrint reads them."""
    import weasyprint.css as css

    if getattr(css, "_drafter_reused", False):
        return
    find_stylesheets, text_of = css.find_stylesheets, css.get_child_text
    CSS = import_weasyprint().CSS

    @lru_cache(maxsize=16)
    def parsed(text: str, media_type: str, font_config):
        return CSS(string=text, media_type=media_type, font_config=font_config,
                   url_fetcher=_no_fetching())

    def reused(wrapper_element, media_type, url_fetcher, base_url, font_config, *rest):
        elements = [wrapper.etree_element for wrapper in wrapper_element.query_all("style", "link")]
        texts = [text_of(element) for element in elements
                 if element.tag == "style" and not element.attrib]
        if base_url is None and len(texts) == len(elements) and not any(
                len(text) > _KEPT_STYLESHEET_CHARS or _REACHES_OUT.search(text) for text in texts):
            for text in texts:
                yield parsed(text, media_type, font_config)
            return
        yield from find_stylesheets(wrapper_element, media_type, url_fetcher, base_url,
                                    font_config, *rest)

    css.find_stylesheets = reused
    css._drafter_reused = True


# A page that brings fonts of its own (a user's page template): @font-face, its name maybe
# written with a CSS escape.
_FONT_FACE = re.compile(r"@(?:font-face\b|[-\w]*\\)", re.I)


@contextmanager
def _fonts_for(html: str):
    """The font configuration to lay out and write `html` with: the process's own, found
    once; for a page with @font-face rules, a new one for that page alone.

    For a page's @font-face fonts WeasyPrint makes a temporary folder, which it removes
    only when the font configuration is collected; the process's own never is before a
    render helper ends with os._exit, so every such command left a `weasyprint-*` folder
    behind (empty: drafter fetches no font file). Here it is removed once the page's PDF
    is written, and whatever a page's rules add to its configuration reaches no other
    document of the same process (a batch worker, a web worker)."""
    shared = _font_config()
    if _FONT_FACE.search(html):
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()
    else:
        fonts = shared
    try:
        yield fonts
    finally:
        folder = getattr(fonts, "_folder", None)     # made on the first @font-face font
        if folder:
            import shutil

            shutil.rmtree(folder, ignore_errors=True)
            if fonts is shared:
                # A rule spelled past _FONT_FACE (character references in an inline SVG's
                # <style>) reached the process's own: the next page gets a fresh one.
                _font_config.cache_clear()


def lay_out(html: str, fonts=None):
    """HTML laid out in pages by WeasyPrint (a weasyprint Document): no URL is ever
    fetched, the fonts are found once per process (or `fonts`, from _fonts_for), each
    stylesheet is parsed once per process, and at most MAX_PAGES pages are made. Callers
    hold it to PDF_SECONDS with `limited`."""
    HTML = import_weasyprint().HTML     # imported here, when first needed: it takes a while
    _cap_pages()
    _reuse_stylesheets()
    return HTML(string=html, url_fetcher=_no_fetching(), base_url=None).render(
        font_config=fonts or _font_config())


@contextmanager
def limited(document: str = ""):
    """Lay out and write one PDF within PDF_SECONDS, its pages capped; `document` names it
    in messages."""
    from ..errors import DrafterError, Problem
    from ..jinja import TimeLimit, Timeout

    def refused(why: str) -> DrafterError:
        return DrafterError(Problem(f"{why}; a page template must not repeat pages or boxes "
                                    "without end", file=f"{document}.pdf" if document else None))

    try:
        with TimeLimit(PDF_SECONDS) as limit:
            try:
                yield
            except Timeout as exc:
                if exc.owner is not limit:
                    raise
                raise refused(f"laying out and writing the pages took longer than "
                              f"{PDF_SECONDS:g} seconds") from None
    except _TooManyPages:
        raise refused(f"the document would be longer than {MAX_PAGES} pages") from None
    except RecursionError:
        raise refused("the page nests boxes too deeply to lay out") from None


def warm_up() -> None:
    """Import WeasyPrint and lay out a line, which loads the fonts: what a render helper
    does while the drafts are built (drafter.render.pool)."""
    lay_out("<!DOCTYPE html><html lang=en><title>.</title><p>.</p>")


def write_pdf(document, *, identifier: str = "drafter", tagged: bool = True) -> bytes:
    """A laid-out document's PDF, tagged (PDF/UA) unless `tagged` is off."""
    extra = {"pdf_variant": "pdf/ua-1", "pdf_tags": True} if tagged else {}
    return document.write_pdf(pdf_identifier=identifier.encode()[:32] or b"drafter", **extra)


def html_to_pdf(html: str, *, identifier: str = "drafter", tagged: bool = True,
                document: str = "") -> bytes:
    """The one way drafter turns HTML into a PDF (the packet joins these PDFs)."""
    with limited(document), _fonts_for(html) as fonts:
        return write_pdf(lay_out(html, fonts), identifier=identifier, tagged=tagged)


@lru_cache(maxsize=64)
def repeated_pdf(html: str) -> bytes:
    """An untagged PDF of `html`, kept for the next call with the same HTML: the packet's
    page numbers are the same from one jurisdiction to the next in a batch. The 50 example
    rows' packets have 12 different runs of pages; a layer of 39 pages is 13 KB."""
    return html_to_pdf(html, tagged=False)


def pdf_with_anchors(html: str, anchors: tuple[str, ...], *,
                     identifier: str = "drafter") -> tuple[bytes, int]:
    """A tagged PDF with `anchors` placed at the top of its first page, for links whose
    targets are only known later (the packet's contents), without bookmarks; and its
    number of pages."""
    with limited(), _fonts_for(html) as fonts:
        document = lay_out(html, fonts)
        for page in document.pages:
            page.bookmarks = []
        for anchor in anchors:
            document.pages[0].anchors[anchor] = (0, 0, 0, 0)      # x, y, width, height
        return write_pdf(document, identifier=identifier), len(document.pages)


def render_pdf(draft: Draft, templates: tuple[Path, ...] = ()) -> bytes:
    """Render a Draft to the bytes of a tagged PDF, its page template from `templates`."""
    return html_to_pdf(render_html(draft, templates), identifier=draft.jurisdiction_slug,
                       document=draft.stem)
