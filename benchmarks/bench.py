"""`make bench`: how long drafting takes on this machine. Prints a table, writes JSON.

Measures, for the bundled example city:
  - cold: wall time of `drafter draft ordinance` (DOCX + PDF) as a new process, median of 5,
    and of `drafter packet`, median of 3;
  - warm: inside one process, assembling the draft and rendering the DOCX and the PDF,
    median of 20 each.
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def median_seconds(func, runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    from drafter import build_draft, render_bytes

    drafter_bin = Path(sys.executable).with_name("drafter")
    with tempfile.TemporaryDirectory() as out:
        cold = median_seconds(lambda: subprocess.run(
            [str(drafter_bin), "draft", "ordinance", "--out", out], check=True,
            capture_output=True), 5)
        packet_cold = median_seconds(lambda: subprocess.run(
            [str(drafter_bin), "packet", "--out", out], check=True, capture_output=True), 3)
    draft = build_draft("ordinance")
    render_bytes(draft, "pdf")    # first call loads fonts and stylesheets
    results = {
        "cold `drafter draft ordinance` (DOCX+PDF), s": cold,
        "cold `drafter packet` (example city, DOCX+PDF+MD, packet), s": packet_cold,
        "warm assemble ordinance, ms": median_seconds(lambda: build_draft("ordinance"), 20) * 1000,
        "warm render DOCX, ms": median_seconds(lambda: render_bytes(draft, "docx"), 20) * 1000,
        "warm render PDF, ms": median_seconds(lambda: render_bytes(draft, "pdf"), 20) * 1000,
    }
    width = max(map(len, results))
    for name, value in results.items():
        print(f"{name:<{width}}  {value:8.3f}")
    Path("benchmarks/results.json").write_text(json.dumps(results, indent=2) + "\n")
    print("wrote benchmarks/results.json")


if __name__ == "__main__":
    main()
