"""`drafter batch` and `drafter doctor`: many jurisdictions, and a ready machine."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from ..errors import DrafterError, Problem
from .common import request_from, request_options


class Progress:
    """One status line: a bar, the count, the drafting rate and the time left. The rate is
    that of the rows drafted lately (the last few dozen): rows found up to date take no
    time and would make the estimate too hopeful, and the first rows, which load the
    libraries, too gloomy."""

    WINDOW = 40

    def __init__(self, total: int, report=None):
        self.total, self.started, self.last, self.width = total, time.perf_counter(), 0.0, 0
        self.tty = sys.stderr.isatty()
        self.report = report
        self.drafted: list[float] = []     # when each of the last rows drafted finished

    def rate(self, now: float) -> float:
        """Rows drafted per second between the first and the last of the window; 0 (no
        estimate yet) until three have been, since the first includes starting up."""
        if len(self.drafted) < 3:
            return 0.0
        return (len(self.drafted) - 1) / max(self.drafted[-1] - self.drafted[0], 1e-6)

    def __call__(self, done: int, total: int, result) -> None:
        now = time.perf_counter()
        if self.report is not None:
            self.report.add([result])
        if result.status == "failed":
            click.echo(f"\nerror: {result.label}: {result.message}", err=True)
        if result.status != "skipped":
            self.drafted = [*self.drafted, now][-self.WINDOW:]
        if not self.tty and done < total and now - self.last < 5:
            return
        self.last = now
        rate = self.rate(now)
        left = f"{(total - done) / rate:.0f} s left" if rate else "estimating"
        bar = "#" * int(30 * done / total) + "." * (30 - int(30 * done / total))
        line = f"[{bar}] {done}/{total}  {rate:.1f}/s  {left}"
        # On a terminal the line is rewritten in place: pad it so no tail of a longer
        # earlier line is left behind ("0 s leftt").
        padded, self.width = line.ljust(self.width), max(self.width, len(line))
        click.echo(("\r" + padded) if self.tty else line, err=True, nl=not self.tty or done == total)


@click.command()
@click.argument("source", type=click.Path(path_type=Path, exists=True), required=False)
@click.option("--counties", metavar="STATE|all",
              help="Instead of SOURCE: every county-equivalent of a state (TX, Texas), or of "
                   "every state (all), from the Census list; census areas without a "
                   "government of their own are left out.")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("out"),
              show_default=True, help="Folder to write into: one subfolder per jurisdiction.")
@click.option("--jobs", type=click.IntRange(1, 64), default=None,
              help="Processes to run at once. Default: the number of cores.")
@request_options("batch")
@click.option("--force", is_flag=True, help="Redo jurisdictions whose files are up to date.")
@click.option("--resume", is_flag=True,
              help="Go on from an interrupted run: the rows OUT/batch-report.csv lists as "
                   "done (and whose files are intact) are kept, not drafted again; the "
                   "rest are drafted.")
@click.option("--row-seconds", type=click.FloatRange(1, 3600), default=None,
              help="Stop a jurisdiction that takes longer than this many seconds and report "
                   "it as failed. Default: 300.")
def batch(source, counties, out_dir, jobs, force, resume, row_seconds, **params):
    """Draft for many jurisdictions at once: a folder of profiles, a CSV, or every county.

    The CSV has one jurisdiction per row; its columns are profile fields (kind, name,
    state, oversight_entity, governing_body, executive, police, sheriff, ...). A bad
    row is reported with its line and field, and the others go on. Each jurisdiction
    goes to OUT/<jurisdiction>/; a re-run skips those whose inputs did not change.
    OUT/batch-report.csv lists every row's result, written as rows finish, so a run
    stopped part way goes on with --resume.

    \b
    Examples:
      drafter batch jurisdictions/batch/example-50.csv --out batch-out
      drafter batch my-profiles/ --documents ordinance,resolution --jobs 2
      drafter batch --counties TX --rules 1-7,9 --documents ordinance --out texas
      drafter batch --counties all --rules 1-7,9 --out national --resume
    """
    import datetime as dt
    import os
    from dataclasses import replace

    from ..batch import (ROW_SECONDS, JobResult, RunningReport, county_rows, data_fingerprint,
                         done_in_report, read_source, report_lines, run_batch, up_to_date)
    from ..inputs.doctypes import document_types
    from ..output import write_atomically

    if (source is None) == (counties is None):
        raise click.UsageError("give a SOURCE (a CSV or a folder of profiles) or --counties "
                               "STATE, not both")
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
    fingerprint_settings = data_fingerprint() + repr(request)
    report_path = out_dir / "batch-report.csv"
    if counties is not None:
        _counties_need_no_oversight_entity(request)
        good, left_out, problems = county_rows(counties, fingerprint_settings)
        if left_out:
            click.echo(f"note: left out {len(left_out)} census areas and municipios, which "
                       "have no government of their own to adopt a law", err=True)
    else:
        good, problems = read_source(source, fingerprint_settings)
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    kept: list[JobResult] = []
    if resume:
        done = done_in_report(report_path)
        if not done:
            raise DrafterError(Problem("no rows done in an earlier run's report; run without "
                                       "--resume", file=str(report_path)))
        finished = [row for row in good if row.label in done and up_to_date(row, out_dir)]
        kept = [JobResult(row.label, row.jurisdiction.legal_name, "skipped",
                          message="done in an earlier run") for row in finished]
        good = [row for row in good if row not in finished]
        click.echo(f"Resuming: {len(kept)} done in an earlier run, {len(good)} to go.", err=True)
    count = jobs or os.cpu_count() or 1
    click.echo(f"Drafting for {len(good)} jurisdictions with {count} process(es) ...", err=True)
    started = time.perf_counter()
    # Every row is in the report: those refused before drafting too.
    refused = [JobResult(f"{p.file}:{p.line}" if p.line else str(p.file), "", "invalid",
                         message=f"{p.field}: {p.message}" if p.field else p.message)
               for p in problems]
    running = RunningReport(report_path, refused + kept)
    try:
        results = run_batch(good, settings, count, Progress(len(good), running)) if good else []
    except KeyboardInterrupt:
        running.close()
        click.echo(f"\nInterrupted. {report_path} lists what was done: run the same command "
                   "with --resume to go on.", err=True)
        sys.exit(130)
    running.close()
    write_atomically({report_path: report_lines(refused + kept + results)})
    elapsed = time.perf_counter() - started
    by = {s: [r for r in results if r.status == s] for s in ("written", "skipped", "failed")}
    warned = sum(bool(r.warnings) for r in results)
    click.echo(f"{len(by['written'])} drafted, {len(by['skipped']) + len(kept)} up to date "
               f"(skipped), {len(by['failed']) + len(problems)} failed, in {elapsed:.1f} s "
               f"({len(results) / max(elapsed, 1e-6):.2f} per second).")
    if by["written"]:
        peak = max(r.peak_rss_mb for r in by["written"])
        click.echo(f"Peak memory of a worker: {peak:.0f} MB. Report: {report_path}")
    if warned:
        click.echo(f"warning: {warned} jurisdictions are in states whose law may conflict with "
                   "the rules, or use unverified citations; see the report's warnings column. "
                   "Drafting help, not legal advice.", err=True)
    if by["failed"] or problems:
        sys.exit(1)


def _counties_need_no_oversight_entity(request) -> None:
    """The county list names no oversight entity: refuse, before anything is drafted, a
    choice of rules that needs one (every row would fail the same way). County rows read
    the built-in library: a batch takes no clause folders."""
    from ..inputs.clauses import load_library, needs_oversight_entity, select_rules

    chosen = select_rules(load_library(), request.rules, include_1373=request.include_1373,
                          extras=request.extras)
    needing = [rule.label for rule in chosen if needs_oversight_entity(rule)]
    if needing:
        raise DrafterError(Problem(
            f"{', '.join(needing)} names who takes complaints, which the county list does not "
            "say; leave it out (--rules 1-7,9) or use a CSV with an oversight_entity column",
            field="--counties"))


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
