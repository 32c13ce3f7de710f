"""`make bench`: drafter's speed on this machine, against same-run baselines.

Prints a table and writes benchmarks/results.json. Measured in one run:
  1. warm render of the example ordinance, PDF and DOCX, inside one process (median of 20);
  2. cold wall time of `drafter draft ordinance` and of `drafter packet` (median of 5 runs);
  3. batch throughput for 200 jurisdictions at --jobs 1 and --jobs 2 (packets per second),
     and the peak memory of a worker, for 100 and 1,000 jurisdictions;
  4. baselines: LibreOffice converting our ordinance DOCX to PDF (one cold call), and all
     the packet's DOCX files in one call; and a docxtpl render followed by that conversion,
     the way docassemble does it.
Set BENCH_QUICK=1 for a short run (fewer repetitions and jurisdictions).
"""
from __future__ import annotations

import csv
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUICK = os.environ.get("BENCH_QUICK") == "1"
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TARGETS = {   # the targets on a 2-core machine
    "warm PDF render, ms": ("<=", 60), "warm DOCX render, ms": ("<=", 15),
    "cold drafter packet, s": ("<=", 1.5), "batch --jobs 2, packets/s": (">=", 5),
    "peak worker memory (1,000), MB": ("<=", 250),
}


def median_seconds(func, runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def run(*args, **kwargs):
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True, **kwargs)


def soffice(docs: list[Path], outdir: Path) -> float:
    profile = tempfile.mkdtemp(prefix="lo-")
    started = time.perf_counter()
    run("soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
        "--outdir", outdir, *docs)
    elapsed = time.perf_counter() - started
    shutil.rmtree(profile, ignore_errors=True)
    return elapsed


def csv_of(count: int, path: Path) -> Path:
    """The example CSV repeated to `count` rows, each name made unique."""
    rows = list(csv.DictReader((ROOT / "jurisdictions/batch/example-50.csv").open()))
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, rows[0].keys(), lineterminator="\n")
        writer.writeheader()
        for index in range(count):
            row = dict(rows[index % len(rows)])
            row["name"] = f"{row['name']} {index + 1}"
            row["oversight_entity"] = f"the Review Board {index + 1}"
            writer.writerow(row)
    return path


def batch(source: Path, out: Path, jobs: int, *extra) -> tuple[float, float]:
    result = run(BIN / "drafter", "batch", source, "--out", out, "--jobs", jobs, "--force", *extra)
    rate = float(re.search(r"\(([\d.]+) per second\)", result.stdout)[1])
    memory = float(re.search(r"Peak memory of a worker: ([\d.]+) MB", result.stdout)[1])
    return rate, memory


def main() -> None:
    from drafter import build_draft, render_bytes

    os.chdir(ROOT)
    results: dict[str, float] = {}
    reps = 5 if QUICK else 20
    draft = build_draft("ordinance")
    render_bytes(draft, "pdf")
    render_bytes(draft, "docx")      # first calls load fonts, templates and styles
    results["warm PDF render, ms"] = median_seconds(lambda: render_bytes(draft, "pdf"), reps) * 1000
    results["warm DOCX render, ms"] = median_seconds(lambda: render_bytes(draft, "docx"), reps) * 1000
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cold_runs = 3 if QUICK else 5
        results["cold drafter draft ordinance, s"] = median_seconds(
            lambda: run(BIN / "drafter", "draft", "ordinance", "--out", tmp / "o"), cold_runs)
        results["cold drafter packet, s"] = median_seconds(
            lambda: run(BIN / "drafter", "packet", "--format", "docx,pdf", "--out", tmp / "p"),
            cold_runs)
        if shutil.which("soffice"):
            results["LibreOffice: ordinance DOCX -> PDF (cold), s"] = soffice(
                [tmp / "o" / "city-of-elm-harbor-ordinance.docx"], tmp / "lo1")
            packet_docx = sorted((tmp / "p").glob("*.docx"))
            results["LibreOffice: packet DOCX -> PDF (one call), s"] = soffice(packet_docx, tmp / "lo2")

            def docassemble_way():
                from docxtpl import DocxTemplate

                from drafter.render.docx import _docx_env

                template = DocxTemplate(str(tmp / "o" / "city-of-elm-harbor-ordinance.docx"))
                template.render({}, jinja_env=_docx_env(), autoescape=True)
                template.save(tmp / "tpl.docx")
                soffice([tmp / "tpl.docx"], tmp / "lo3")

            results["docxtpl render + LibreOffice (docassemble way), s"] = median_seconds(
                docassemble_way, 1 if QUICK else 3)
        count = 20 if QUICK else 200
        source = csv_of(count, tmp / "many.csv")
        rate1, _ = batch(source, tmp / "b1", 1)
        rate2, memory = batch(source, tmp / "b2", 2)
        results[f"batch --jobs 1, packets/s ({count})"] = rate1
        results["batch --jobs 2, packets/s"] = rate2
        results["batch speed-up, jobs 2 / jobs 1"] = rate2 / rate1
        small, large = (10, 50) if QUICK else (100, 1000)
        _, memory_small = batch(csv_of(small, tmp / "s.csv"), tmp / "m1", 2, "--documents", "ordinance")
        _, memory_large = batch(csv_of(large, tmp / "l.csv"), tmp / "m2", 2, "--documents", "ordinance")
        results["peak worker memory, full packets, MB"] = memory
        results[f"peak worker memory ({small:,}), MB"] = memory_small
        results["peak worker memory (1,000), MB" if not QUICK else f"peak worker memory ({large}), MB"] = memory_large
    baselines = {"cold drafter draft ordinance, s": "LibreOffice: ordinance DOCX -> PDF (cold), s",
                 "cold drafter packet, s": "LibreOffice: packet DOCX -> PDF (one call), s"}
    width = max(map(len, results)) + 2
    print(f"{'measure':<{width}} {'value':>9}  target / ratio to baseline")
    for name, value in results.items():
        note = ""
        if name in TARGETS:
            op, goal = TARGETS[name]
            met = value <= goal if op == "<=" else value >= goal
            note = f"target {op} {goal}: {'met' if met else 'MISSED'}"
        if name in baselines and baselines[name] in results:
            note += f"  ({value / results[baselines[name]]:.2f}x LibreOffice alone)"
        print(f"{name:<{width}} {value:9.3f}  {note}")
    Path("benchmarks/results.json").write_text(json.dumps(results, indent=2) + "\n")
    print("wrote benchmarks/results.json")


if __name__ == "__main__":
    main()
