"""`drafter doctor`: is this machine ready to draft, and what to install if not."""
from __future__ import annotations

import io
import shutil
from dataclasses import dataclass


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""           # the Debian package that fixes it, when not ok
    required: bool = True


def _pango() -> Check:
    try:
        from weasyprint.text.ffi import pango
    except (OSError, ImportError) as exc:
        return Check("Pango", False, f"cannot load it ({exc})", "libpango-1.0-0 libpangoft2-1.0-0")
    version = pango.pango_version()
    text = f"{version // 10000}.{version // 100 % 100}.{version % 100}"
    ok = version >= 14400
    return Check("Pango", ok, f"version {text}" + ("" if ok else " (WeasyPrint needs 1.44 or newer)"),
                 "libpango-1.0-0")


def _harfbuzz_subset() -> Check:
    from weasyprint.text.ffi import harfbuzz_subset

    ok = harfbuzz_subset is not None
    return Check("HarfBuzz subset library", ok,
                 "present: fonts are subset fast" if ok else
                 "missing: WeasyPrint falls back to fontTools and writes PDFs about 6x slower",
                 "libharfbuzz-subset0")


def _font(family: str, expect: tuple[str, ...], package: str) -> Check:
    """Render a word in `family` and read back which font WeasyPrint embedded."""
    from pypdf import PdfReader

    from .render.pdf import html_to_pdf

    pdf = html_to_pdf(f'<p style="font-family: {family}">Test</p>', tagged=False)
    fonts = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"]
    names = [str(font.get_object()["/BaseFont"]).split("+")[-1] for font in fonts.values()]
    ok = any(any(e in name for e in expect) for name in names)
    return Check(f"font for {family}", ok, f"uses {', '.join(names)}", package)


def checks() -> list[Check]:
    found = [_pango(), _harfbuzz_subset(),
             _font("'Times New Roman'", ("TimesNewRoman", "Liberation-Serif", "LiberationSerif", "Tinos"),
                   "fonts-liberation2"),
             _font("'DejaVu Sans'", ("DejaVu",), "fonts-dejavu-core")]
    office = shutil.which("soffice")
    found.append(Check("LibreOffice (optional: tests and benchmarks)", bool(office),
                       office or "not installed", "libreoffice-writer-nogui", required=False))
    return found
