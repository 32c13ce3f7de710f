"""`drafter batch` and `drafter doctor`: many jurisdictions, and a ready machine."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from ..errors import DrafterError, Problem
from .common import request_from, request_options


class Progress:
    """One status line: a bar, the count, the rate and the time left."""

    def __init__(self, total: int):
        self.total, self.started, self.last, self.width = total, time.perf_counter(), 0.0, 0
        self.tty = sys.stderr.isatty()

    def __call__(self, done: int, total: int, result) -> None:
        now = time.perf_counter()
        if result.status == "failed":
            click.echo(f"\nerror: {result.label}: {result.message}", err=True)
        if not self.tty and done < total and now - self.last < 5:
            return
        self.last = now
        rate = done / max(now - self.started, 1e-6)
        left = (total - done) / rate if rate else 0
        bar = "#" * int(30 * done / total) + "." * (30 - int(30 * done / total))
        line = f"[{bar}] {done}/{total}  {rate:.1f}/s  {left:.0f} s left"
        # On a terminal the line is rewritten in place: pad it so no tail of a longer
        # earlier line is left behind ("0 s leftt").
        padded, self.width = line.ljust(self.width), max(self.width, len(line))
        click.echo(("\r" + padded) if self.tty else line, err=True, nl=not self.tty or done == total)


@click.command()
@click.argument("source", type=click.Path(path_type=Path, exists=True))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("out"),
              show_default=True, help="Folder to write into: one subfolder per jurisdiction.")
@click.option("--jobs", type=click.IntRange(1, 64), default=None,
              help="Processes to run at once. Default: the number of cores.")
@request_options("batch")
@click.option("--force", is_flag=True, help="Redo jurisdictions whose files are up to date.")
@click.option("--row-seconds", type=click.FloatRange(1, 3600), default=None,
              help="Stop a jurisdiction that takes longer than this many seconds and report "
                   "it as failed. Default: 300.")
def batch(source, out_dir, jobs, force, row_seconds, **params):
    """Draft for many jurisdictions at once: a folder of profiles or a CSV.

    The CSV has one jurisdiction per row; its columns are profile fields (kind, name,
    state, oversight_entity, governing_body, executive, police, sheriff, ...). A bad
    row is reported with its line and field, and the others go on. Each jurisdiction
    goes to OUT/<jurisdiction>/; a re-run skips those whose inputs did not change.
    OUT/batch-report.csv lists every row's result.

    \b
    Examples:
      drafter batch jurisdictions/batch/example-50.csv --out batch-out
      drafter batch my-profiles/ --documents ordinance,resolution --jobs 2
    """
    import datetime as dt
    import os
    from dataclasses import replace

    from ..batch import (ROW_SECONDS, JobResult, data_fingerprint, read_source, report_csv,
                         run_batch)
    from ..inputs.doctypes import document_types
    from ..output import write_atomically

    request = request_from("batch", params)
    unknown = [d for d in request.documents if d not in document_types()]
    if unknown:
        raise DrafterError(Problem(f"unknown document types {unknown}; see `drafter list "
                                   "documents`", field="--documents"))
    # The whole packet unless some documents are named; one date for every row.
    request = replace(request, packet=not request.documents,
                      date=request.date or dt.date.today())
    settings = {"out_dir": str(out_dir), "force": force, "request": request,
                "row_seconds": row_seconds or ROW_SECONDS}
    fingerprint_settings = repr(request)
    good, problems = read_source(source, data_fingerprint() + fingerprint_settings)
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    count = jobs or os.cpu_count() or 1
    click.echo(f"Drafting for {len(good)} jurisdictions with {count} process(es) ...", err=True)
    started = time.perf_counter()
    results = run_batch(good, settings, count, Progress(len(good))) if good else []
    # Every row is in the report: those refused before drafting too.
    refused = [JobResult(f"{p.file}:{p.line}" if p.line else str(p.file), "", "invalid",
                         message=f"{p.field}: {p.message}" if p.field else p.message)
               for p in problems]
    write_atomically({out_dir / "batch-report.csv": report_csv(refused + results)})
    elapsed = time.perf_counter() - started
    by = {s: [r for r in results if r.status == s] for s in ("written", "skipped", "failed")}
    warned = sum(bool(r.warnings) for r in results)
    click.echo(f"{len(by['written'])} drafted, {len(by['skipped'])} up to date (skipped), "
               f"{len(by['failed']) + len(problems)} failed, in {elapsed:.1f} s "
               f"({len(results) / max(elapsed, 1e-6):.2f} per second).")
    if by["written"]:
        peak = max(r.peak_rss_mb for r in by["written"])
        click.echo(f"Peak memory of a worker: {peak:.0f} MB. Report: {out_dir / 'batch-report.csv'}")
    if warned:
        click.echo(f"warning: {warned} jurisdictions are in states whose law may conflict with "
                   "the rules, or use unverified citations; see the report's warnings column. "
                   "Drafting help, not legal advice.", err=True)
    if by["failed"] or problems:
        sys.exit(1)


@click.command()
def doctor():
    """Check that this machine can draft: Pango, HarfBuzz subsetting, fonts.

    Prints what to install for anything missing; exit status 1 if something needed is.

    \b
    Example:
      drafter doctor
    """
    from ..doctor import checks

    found = checks()
    for check in found:
        mark = "ok" if check.ok else ("missing" if check.required else "optional")
        click.echo(f"{mark + ':':9} {check.name}: {check.detail}")
    missing = sorted({c.fix for c in found if not c.ok and c.fix})
    if missing:
        click.echo(f"To install what is missing (Debian/Ubuntu): sudo apt-get install -y "
                   f"{' '.join(missing)}")
    if any(not c.ok and c.required for c in found):
        sys.exit(1)
