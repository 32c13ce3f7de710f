"""`make bench`: drafter against the route it replaces (docxtpl fills a Word file, LibreOffice
makes the PDF), side by side, in one run on this machine.

Measured, each as the median of interleaved pairs (drafter, then LibreOffice, then drafter...):
  1. a new `drafter draft ordinance` command (DOCX and PDF) against a cold LibreOffice
     converting that DOCX: as a user runs it, the warm process (drafter.warm) started by
     the first, uncounted run; and again with no warm process (DRAFTER_WARM_SECONDS=0);
  2. `drafter packet` (every document as DOCX, PDF and Markdown, the combined PDF, the
     zip), the same two ways, against LibreOffice converting all the packet's DOCX files in
     one call;
  3. `drafter batch` of the 50 example jurisdictions' packets with --jobs 2, against the
     docassemble-style pipeline on the same 50 rows and the same documents: docxtpl fills
     each document's Word template for the row, then each of 2 workers converts its DOCX
     files in as few LibreOffice calls as work (200 files each: one call given 338 files
     stopped after 247 without an error; every PDF is counted);
  and also: warm renders in one process, `drafter --help`, the peak memory of a batch worker
  (full packets for the 50 rows; the ordinance for 100 and for 1,000 rows, to see it flat),
  every county at once (`drafter batch --counties TX`: Texas's 254 counties' whole packets;
  `--counties all`: every county's ordinance, about 3,100), the web page
  (benchmarks/load.py: preview and download latency), and the hosted page at 1, 2 and 4
  server processes (requests per second, p95, memory per process).
Prints the table with ratios, writes benchmarks/results.json and benchmarks/results.md, and
puts the tables into README.md between its `<!-- bench -->` markers.
BENCH_QUICK=1 makes a short run (fewer pairs and rows) to try a change.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from multiprocessing import get_context
from pathlib import Path

QUICK = os.environ.get("BENCH_QUICK") == "1"
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SENDER = ROOT / "jurisdictions/senders/elm-harbor-coalition.yaml"
EXAMPLE_ROWS = ROOT / "jurisdictions/batch/example-50.csv"
GOALS = {"ordinance": 0.8, "packet": 0.8}      # drafter's time / LibreOffice's, at most
README_START, README_END = "<!-- bench -->", "<!-- /bench -->"


def timed(*args, cwd=ROOT, env=None) -> float:
    os.sync()       # the last job's files on disk first, so their writing is not timed here
    started = time.perf_counter()
    subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True, cwd=cwd,
                   env=dict(os.environ, **env) if env else None)
    return time.perf_counter() - started


# The first command on a machine, or the first after changing drafter: no warm process.
NO_WARM = {"DRAFTER_WARM_SECONDS": "0"}


def warm_process_ready(seconds: float = 60) -> None:
    """Wait until the warm process the last command started listens (drafter.warm), so
    the runs measured after a first one are the ones a user gets from the second on."""
    from drafter import warm

    path = warm.socket_path()
    deadline = time.monotonic() + seconds
    while path is not None and not path.exists():
        if time.monotonic() > deadline:
            raise SystemExit("drafter's warm process did not start")
        time.sleep(0.1)


def soffice(docs: list[Path], outdir: Path) -> float:
    """One cold LibreOffice call converting `docs` to PDF, with a fresh profile."""
    profile = tempfile.mkdtemp(prefix="lo-")
    try:
        return timed("soffice", "--headless", f"-env:UserInstallation=file://{profile}",
                     "--convert-to", "pdf", "--outdir", outdir, *docs)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def pairs(ours, theirs, runs: int) -> tuple[float, float]:
    """Medians of `runs` interleaved runs of each (a first run of each is not counted)."""
    ours(), theirs()
    warm_process_ready()
    mine, other = [], []
    for _ in range(runs):
        mine.append(ours())
        other.append(theirs())
    return statistics.median(mine), statistics.median(other)


def rows_csv(count: int, path: Path) -> Path:
    """The example rows repeated to `count`, each name made unique."""
    rows = list(csv.DictReader(EXAMPLE_ROWS.open()))
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, rows[0].keys(), lineterminator="\n")
        writer.writeheader()
        for index in range(count):
            row = dict(rows[index % len(rows)])
            if index >= len(rows):
                row["name"] = f"{row['name']} {index + 1}"
                row["oversight_entity"] = f"the Review Board {index + 1}"
            writer.writerow(row)
    return path


def batch(source: Path, out: Path, jobs: int, *extra) -> tuple[float, float, float]:
    """(packets per second, peak memory of a worker in MB, wall seconds) of `drafter batch`."""
    os.sync()
    started = time.perf_counter()
    # Exit status 1 when a row fails: an Ohio township's ordinance does (it acts by
    # resolution only), which is right; the rows drafted are counted.
    result = subprocess.run([str(BIN / "drafter"), "batch", str(source), "--out", str(out),
                             "--jobs", str(jobs), "--force", *extra],
                            capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - started
    drafted = re.search(r"(\d+) drafted", result.stdout)
    if drafted is None:
        raise SystemExit(f"drafter batch failed: {result.stderr[-2000:]}")
    memory = float(re.search(r"Peak memory of a worker: ([\d.]+) MB", result.stdout)[1])
    return int(drafted[1]) / wall, memory, wall


def counties(which: str, out: Path, *extra) -> dict:
    """`drafter batch --counties WHICH` (rules 1-7 and 9: the county list names no
    oversight entity): rows, rows per second, wall seconds, peak memory of a worker."""
    os.sync()
    started = time.perf_counter()
    result = subprocess.run([str(BIN / "drafter"), "batch", "--counties", which, "--rules",
                             "1-7,9", "--out", str(out), "--jobs", "2", "--force", *extra],
                            capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - started
    found = re.search(r"(\d+) drafted, \d+ up to date \(skipped\), (\d+) failed", result.stdout)
    if found is None:
        raise SystemExit(f"drafter batch --counties {which} failed: {result.stderr[-2000:]}")
    drafted = int(found[1])
    report = list(csv.DictReader((out / "batch-report.csv").open(encoding="utf-8")))
    failed = [row["message"] for row in report if row["status"] in ("failed", "invalid")]
    # A county whose board acts by resolution only is refused an ordinance, rightly.
    by_resolution = sum("acts by resolution only" in message for message in failed)
    memory = float(re.search(r"Peak memory of a worker: ([\d.]+) MB", result.stdout)[1])
    return {"rows": drafted, "by_resolution": by_resolution,
            "failed": len(failed) - by_resolution, "rate": drafted / wall, "s": wall,
            "memory_mb": memory}


# -- the docxtpl + LibreOffice route ---------------------------------------------------

def make_templates(example_docx: list[Path], folder: Path) -> list[Path]:
    """Word templates as a docassemble interview would have them: the example city's
    documents with its words replaced by Jinja fields docxtpl fills per row."""
    from docx import Document

    words = {"City of Elm Harbor": "{{ legal_name }}", "Elm Harbor": "{{ name }}",
             "Michigan": "{{ state }}",
             "the Elm Harbor Civilian Police Review Board": "{{ oversight_entity }}"}
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for path in example_docx:
        doc = Document(str(path))
        paragraphs = list(doc.paragraphs) + [p for table in doc.tables for row in table.rows
                                             for cell in row.cells for p in cell.paragraphs]
        for paragraph in paragraphs:
            for run in paragraph.runs:
                text = run.text
                for word in sorted(words, key=len, reverse=True):
                    text = text.replace(word, words[word])
                run.text = text
        target = folder / path.name.replace("city-of-elm-harbor-", "")
        doc.save(str(target))
        made.append(target)
    return made


LIBREOFFICE_FILES = 200     # files per LibreOffice call (it stopped silently after 247 of 338)
def answers(source: Path) -> list[dict]:
    """Each row's answers as a docassemble interview would hold them: the same words
    drafter derives from the row (legal name, state), so both routes fill the same text."""
    from drafter.batch import read_source

    rows, problems = read_source(source, "bench")
    if problems:
        raise SystemExit(f"{source}: {problems[0]}")
    return [{"name": j.name, "state": j.state, "legal_name": j.legal_name,
             "oversight_entity": j.oversight_entity} for j in (row.jurisdiction for row in rows)]


def _docassemble_worker(job: tuple[list[dict], list[str], str]) -> float:
    """Fill every template for each row with docxtpl, then convert them with LibreOffice,
    LIBREOFFICE_FILES a call."""
    from docxtpl import DocxTemplate

    contexts, templates, folder = job
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    filled = []
    for number, context in enumerate(contexts):
        for template in templates:
            document = DocxTemplate(template)
            document.render(context, autoescape=True)
            target = out / f"{number:03}-{Path(template).name}"
            document.save(str(target))
            filled.append(target)
    for start in range(0, len(filled), LIBREOFFICE_FILES):
        soffice(filled[start:start + LIBREOFFICE_FILES], out / "pdf")
    return len(list((out / "pdf").glob("*.pdf")))


def docassemble_rate(rows: list[dict], templates: list[Path], folder: Path, workers: int = 2):
    """(packets per second, wall seconds) of the docxtpl + LibreOffice route; `rows` are
    the answers() of each jurisdiction."""
    shares = [rows[i::workers] for i in range(workers)]
    jobs = [(share, [str(t) for t in templates], str(folder / f"worker-{i}"))
            for i, share in enumerate(shares)]
    os.sync()
    started = time.perf_counter()
    with get_context("spawn").Pool(workers) as pool:
        converted = sum(pool.map(_docassemble_worker, jobs))
    wall = time.perf_counter() - started
    if converted != len(rows) * len(templates):
        raise SystemExit(f"LibreOffice converted {converted} of {len(rows) * len(templates)} files")
    return len(rows) / wall, wall


# -- the run ---------------------------------------------------------------------------

def measure() -> dict:
    from drafter import build_draft, render_bytes

    figures: dict = {"date": dt.date.today().isoformat(), "quick": QUICK,
                     "cores": os.cpu_count()}
    runs = 3 if QUICK else 7
    draft = build_draft("ordinance")
    render_bytes(draft, "pdf"), render_bytes(draft, "docx")   # fonts and styles loaded
    figures["warm_pdf_ms"] = statistics.median(
        timed_call(lambda: render_bytes(draft, "pdf")) for _ in range(runs * 3)) * 1000
    figures["warm_docx_ms"] = statistics.median(
        timed_call(lambda: render_bytes(draft, "docx")) for _ in range(runs * 3)) * 1000
    figures["help_s"] = statistics.median(timed(BIN / "drafter", "--help") for _ in range(runs))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        one, packet = tmp / "one", tmp / "packet"
        def ordinance(env=None):
            return timed(BIN / "drafter", "draft", "ordinance", "--out", one, env=env)

        def whole_packet(env=None):
            return timed(BIN / "drafter", "packet", "--from", SENDER, "--out", packet, env=env)

        def lo_ordinance():
            return soffice([one / "city-of-elm-harbor-ordinance.docx"], tmp / "lo-one")

        def lo_packet():
            return soffice(sorted(packet.glob("*.docx")), tmp / "lo-packet")

        # Each command as a user runs it (the warm process from the second on), then with
        # no warm process at all.
        figures["ordinance_s"], figures["ordinance_lo_s"] = pairs(ordinance, lo_ordinance, runs)
        figures["ordinance_no_warm_s"], figures["ordinance_no_warm_lo_s"] = pairs(
            lambda: ordinance(NO_WARM), lo_ordinance, runs)
        figures["packet_s"], figures["packet_lo_s"] = pairs(whole_packet, lo_packet, runs)
        figures["packet_no_warm_s"], figures["packet_no_warm_lo_s"] = pairs(
            lambda: whole_packet(NO_WARM), lo_packet, runs)
        figures["packet_documents"] = len(list(packet.glob("*.docx")))
        count = 10 if QUICK else 50
        source = rows_csv(count, tmp / "rows.csv")
        figures["batch_rows"] = count
        figures["batch_rate"], figures["batch_memory_mb"], figures["batch_s"] = batch(
            source, tmp / "batch", 2)
        templates = make_templates(sorted(packet.glob("*.docx")), tmp / "templates")
        rows = answers(source)
        figures["batch_lo_rate"], figures["batch_lo_s"] = docassemble_rate(
            rows, templates, tmp / "docassemble")
        small, large = (10, 50) if QUICK else (100, 1000)
        figures["memory_rows"] = [small, large]
        figures["memory_small_mb"] = batch(rows_csv(small, tmp / "s.csv"), tmp / "m1", 2,
                                           "--documents", "ordinance")[1]
        figures["memory_large_mb"] = batch(rows_csv(large, tmp / "l.csv"), tmp / "m2", 2,
                                           "--documents", "ordinance")[1]
        # Every county at once: one large state's packets, every county's ordinance.
        state, everyone = ("RI", "DE") if QUICK else ("TX", "all")
        figures["counties_state"] = counties(state, tmp / "state")
        figures["counties_state"]["which"] = state
        figures["counties_all"] = counties(everyone, tmp / "all", "--documents", "ordinance")
        figures["counties_all"]["which"] = everyone
    sys.path.insert(0, str(Path(__file__).parent))
    import load

    figures["web"] = load.main()
    figures["scaling"] = load.scaling(seconds=5 if QUICK else 15)
    return figures


def timed_call(func) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def markdown(f: dict) -> str:
    """The tables README.md shows, from the figures of one run."""
    def ratio(ours, theirs, goal=None, higher=False):
        value = ours / theirs
        met = "" if goal is None else (" (goal met)" if (value >= goal if higher else value <= goal)
                                       else f" (goal {'>=' if higher else '<='} {goal})")
        return f"{value:.2f}{met}"

    docs = f["packet_documents"]
    lines = [
        f"Measured by `make bench` on {f['date']}, {f['cores']} cores"
        + (" (BENCH_QUICK: fewer runs and rows)" if f["quick"] else "") + ".",
        "",
        "| job | drafter | LibreOffice route | drafter / LibreOffice |",
        "|---|---|---|---|",
        f"| `drafter draft ordinance` (DOCX and PDF), a new command (warm process) | "
        f"{f['ordinance_s']:.2f} s | "
        f"{f['ordinance_lo_s']:.2f} s (PDF from our DOCX, one file, cold) | "
        f"{ratio(f['ordinance_s'], f['ordinance_lo_s'], GOALS['ordinance'])} |",
        f"| the same with no warm process (a machine's first command) | "
        f"{f['ordinance_no_warm_s']:.2f} s | {f['ordinance_no_warm_lo_s']:.2f} s | "
        f"{ratio(f['ordinance_no_warm_s'], f['ordinance_no_warm_lo_s'])} |",
        f"| `drafter packet` ({docs} documents as DOCX, PDF, Markdown; combined PDF; zip), "
        f"a new command (warm process) | {f['packet_s']:.2f} s | "
        f"{f['packet_lo_s']:.2f} s (all {docs} DOCX in one call, cold) | "
        f"{ratio(f['packet_s'], f['packet_lo_s'], GOALS['packet'])} |",
        f"| the same with no warm process | {f['packet_no_warm_s']:.2f} s | "
        f"{f['packet_no_warm_lo_s']:.2f} s | "
        f"{ratio(f['packet_no_warm_s'], f['packet_no_warm_lo_s'])} |",
        f"| `drafter batch`, {f['batch_rows']} jurisdictions' packets, `--jobs 2` | "
        f"{f['batch_rate']:.2f} packets/s | {f['batch_lo_rate']:.2f} packets/s (docxtpl fills "
        f"{docs} templates a row; 2 workers, each converting with LibreOffice {LIBREOFFICE_FILES} "
        "files a call) | "
        f"{f['batch_rate'] / f['batch_lo_rate']:.2f}x the rate (goal >= 1) |",
        "",
        "| measure | value |",
        "|---|---|",
        f"| `drafter --help` | {f['help_s']:.2f} s |",
        f"| warm render of the ordinance, in one process: PDF / DOCX | "
        f"{f['warm_pdf_ms']:.0f} ms / {f['warm_docx_ms']:.0f} ms |",
        f"| peak memory of a batch worker: {f['batch_rows']} full packets | "
        f"{f['batch_memory_mb']:.0f} MB |",
        f"| peak memory of a batch worker: ordinances for {f['memory_rows'][0]:,} / "
        f"{f['memory_rows'][1]:,} jurisdictions | {f['memory_small_mb']:.0f} MB / "
        f"{f['memory_large_mb']:.0f} MB |",
    ]
    for key, what in (("counties_state", "every county's whole packet"),
                      ("counties_all", "every county's ordinance (DOCX and PDF)")):
        c = f[key]
        where = "all states" if c["which"] == "all" else c["which"]
        refused = ((f"; {c['by_resolution']:,} refused: their boards act by resolution only"
                    if c.get("by_resolution") else "")
                   + (f"; {c['failed']:,} failed" if c.get("failed") else ""))
        lines.append(f"| `drafter batch --counties {c['which']}`: {what}, {c['rows']:,} "
                     f"counties drafted ({where}{refused}), `--jobs 2`: rate / time / peak "
                     f"memory of a worker | {c['rate']:.2f} per second / {c['s']:.0f} s / "
                     f"{c['memory_mb']:.0f} MB |")
    lines += [f"| web page: {name} | {value} |" for name, value in f["web"]["table"]]
    lines += ["", "| hosted page (`--workers N`, one render worker each) | ordinance previews: "
              "per second / p95 (8 clients) | whole packets: per second / p95 (4 clients) | "
              "memory per server process |", "|---|---|---|---|"]
    for count, row in f["scaling"].items():
        lines.append(f"| {count} process{'es' if int(count) > 1 else ''} | "
                     f"{row['preview']['per_second']:.0f} / {row['preview']['p95_ms']:.0f} ms | "
                     f"{row['packet']['per_second']:.2f} / {row['packet']['p95_ms'] / 1000:.1f} s | "
                     f"{row['memory_per_process_mb']:.0f} MB |")
    return "\n".join(lines) + "\n"


def update_readme(table: str) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text()
    start, end = text.index(README_START) + len(README_START), text.index(README_END)
    readme.write_text(text[:start] + "\n" + table + text[end:])


def main() -> None:
    os.chdir(ROOT)
    figures = measure()
    table = markdown(figures)
    print(table)
    (ROOT / "benchmarks/results.json").write_text(json.dumps(figures, indent=2) + "\n")
    (ROOT / "benchmarks/results.md").write_text(table)
    update_readme(table)
    print("wrote benchmarks/results.json, benchmarks/results.md and README.md's table")


if __name__ == "__main__":
    main()
