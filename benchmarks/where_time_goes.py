"""Where drafter's time goes: run this before changing anything for speed.

    .venv/bin/python benchmarks/where_time_goes.py            # all three parts
    .venv/bin/python benchmarks/where_time_goes.py css        # one part: imports, stages or css

1. imports: what `drafter --help` and `drafter draft` load, from `python -X importtime`
   (the ten slowest packages, cumulative).
2. stages: the example packet's documents, warm, one by one: HTML, WeasyPrint layout,
   PDF writing, DOCX, Markdown (ms), then the ten functions with the most time of their
   own under cProfile.
3. css: each CSS feature's cost in layout and writing, measured by switching it off in
   the page's own stylesheet (text-align: justify, counter(pages), the font fallbacks,
   orphans/widows, fixed table layout), median of several runs, on the ordinance (text)
   and the worksheet (tables).
"""
from __future__ import annotations

import cProfile
import io
import os
import pstats
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENDER = ROOT / "jurisdictions/senders/elm-harbor-coalition.yaml"
# CSS feature -> (text in print.css, what replaces it)
CSS_SWITCHES = {
    "text-align: justify": ("text-align: justify", "text-align: left"),
    'counter(pages) ("of N")': ('" of " counter(pages)', '""'),
    "font fallback list": ('"Times New Roman", "Liberation Serif", "Tinos", serif', '"Liberation Serif"'),
    "orphans/widows": ("orphans: 2; widows: 2;", "orphans: 1; widows: 1;"),
    "table-layout: fixed": ("table-layout: fixed", "table-layout: auto"),
}


def imports() -> None:
    for label, args in (("drafter --help", ["--help"]),
                        ("drafter draft ordinance", ["draft", "ordinance", "--out", "/tmp/drafter-profile"])):
        result = subprocess.run([sys.executable, "-X", "importtime", "-m", "drafter", *args],
                                capture_output=True, text=True, cwd=ROOT)
        rows = []
        for line in result.stderr.splitlines():
            match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
            if match and len(match[2]) <= 2:      # top-level packages only
                rows.append((int(match[1]) / 1000, match[3]))
        total = sum(ms for ms, _ in rows)
        print(f"\n{label}: imports {total:.0f} ms (inflated by -X importtime)")
        for ms, name in sorted(rows, reverse=True)[:10]:
            print(f"  {ms:7.1f} ms  {name}")


def _drafts():
    """The example packet's drafts, built and not rendered (a packet of no formats)."""
    from drafter.documents.packet import make_packet
    from drafter.inputs.doctypes import document_types
    from drafter.pipeline import Request, prepare

    job = prepare(Request(sender=SENDER))
    return [part.draft for part in make_packet(job, (), documents=list(document_types())).parts]


def stages() -> None:
    from drafter.render import render_bytes
    from drafter.render.html import render_html
    from drafter.render.pdf import lay_out, write_pdf

    drafts = _drafts()
    render_bytes(drafts[0], "pdf"), render_bytes(drafts[0], "docx")    # fonts, styles loaded
    totals = dict.fromkeys(("html", "layout", "write", "docx", "md"), 0.0)
    print(f"\n{'document':48} pages   html layout  write   docx     md  (ms, warm)")

    def timed(stage, func, *args):
        started = time.perf_counter()
        result = func(*args)
        totals[stage] += time.perf_counter() - started
        return result, (time.perf_counter() - started) * 1000

    for draft in drafts:
        html, t_html = timed("html", render_html, draft)
        document, t_layout = timed("layout", lay_out, html)
        _, t_write = timed("write", write_pdf, document)
        _, t_docx = timed("docx", render_bytes, draft, "docx")
        _, t_md = timed("md", render_bytes, draft, "md")
        print(f"{draft.stem[:48]:48} {len(document.pages):5} {t_html:6.0f} {t_layout:6.0f} "
              f"{t_write:6.0f} {t_docx:6.0f} {t_md:6.0f}")
    print(f"{'total':48} {'':5} " + " ".join(f"{v * 1000:6.0f}" for v in totals.values()))
    profiler = cProfile.Profile()
    profiler.enable()
    for draft in drafts:
        render_bytes(draft, "pdf"), render_bytes(draft, "docx")
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(10)
    print("\nfunctions with the most time of their own (cProfile, all documents, PDF + DOCX):")
    print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))


def css() -> None:
    from drafter.render.html import render_html
    from drafter.render.pdf import lay_out, write_pdf

    drafts = {d.doc_type: d for d in _drafts()}
    runs = 7
    print(f"\nCSS feature costs (median of {runs}; layout + write, ms; negative = saved when off)")
    for doc_type in ("ordinance", "worksheet"):
        html = render_html(drafts[doc_type])

        def cost(page: str) -> tuple[float, float]:
            layouts, writes = [], []
            for _ in range(runs):
                started = time.perf_counter()
                document = lay_out(page)
                laid = time.perf_counter()
                write_pdf(document)
                layouts.append(laid - started)
                writes.append(time.perf_counter() - laid)
            return statistics.median(layouts) * 1000, statistics.median(writes) * 1000

        cost(html)
        base_layout, base_write = cost(html)
        print(f"  {doc_type}: layout {base_layout:.0f}, write {base_write:.0f}")
        for name, (on, off) in CSS_SWITCHES.items():
            if on not in html:
                continue
            layout, write = cost(html.replace(on, off))
            print(f"    without {name:28} layout {layout - base_layout:+6.0f} "
                  f"({(layout - base_layout) / base_layout:+.0%}), write {write - base_write:+5.0f}")


def main() -> None:
    os.chdir(ROOT)
    parts = {"imports": imports, "stages": stages, "css": css}
    for name in sys.argv[1:] or parts:
        parts[name]()


if __name__ == "__main__":
    main()
