"""`drafter batch`: draft for many jurisdictions at once, in parallel processes.

SOURCE is a folder of profiles or a CSV file with one jurisdiction per row; the CSV's
columns are profile fields (kind, name, state, oversight_entity, governing_body, ...).
Every row is validated first; a bad row is reported with its line and field and the
others go on. Re-running skips a jurisdiction whose inputs have not changed.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import resource
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import __version__, paths
from .errors import DrafterError, Problem, ProfileError
from .jinja import TimeLimit, Timeout
from .inputs.jurisdiction import (Jurisdiction, Profile, load_jurisdiction, one_line_fields,
                                  resolve, slugify)
from .inputs.kinds import STATE_CODES
from .inputs.validation import validate
from .inputs.yamlfile import read_text
from .output import spreadsheet_safe

# CSV columns: the profile's one-line fields (lists such as officials need a YAML profile).
CSV_COLUMNS = one_line_fields()
MANIFEST = ".drafter-inputs.json"
MAX_CSV_BYTES = 20 * 1024 * 1024
ROW_SECONDS = 300.0            # one jurisdiction's packet takes a few seconds
WORKER_MARGIN_SECONDS = 60.0


@dataclass(frozen=True)
class BatchRow:
    label: str                    # "towns.csv:7" or the profile's path
    jurisdiction: Jurisdiction
    fingerprint: str


@dataclass
class JobResult:
    label: str
    name: str
    status: str                   # "written", "skipped" or "failed"
    seconds: float = 0.0
    files: int = 0
    message: str = ""
    warnings: list[str] = field(default_factory=list)
    peak_rss_mb: float = 0.0


def data_fingerprint() -> str:
    """A hash of drafter's version and every clause, template and law file it reads."""
    digest = hashlib.sha256(__version__.encode())
    root = paths.data_root()
    for folder in ("clauses", "templates", "jurisdictions/law", "jurisdictions/forms"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def read_source(source: Path, settings: str) -> tuple[list[BatchRow], list[Problem]]:
    """Validate every jurisdiction in SOURCE; return the good ones and the problems."""
    rows: list[BatchRow] = []
    problems: list[Problem] = []

    def fingerprint(text: str) -> str:
        return hashlib.sha256((settings + "\0" + text).encode()).hexdigest()

    if source.is_dir():
        for path in paths_in(source):
            try:
                jurisdiction = load_jurisdiction(path)
                status = jurisdiction_status_text(jurisdiction)
                rows.append(BatchRow(str(path), jurisdiction,
                                fingerprint(path.read_text(encoding="utf-8") + status)))
            except DrafterError as exc:
                problems.extend(exc.problems)
        rows, collisions = distinct_folders(rows)
        return rows, problems + collisions
    text = read_text(source, max_bytes=MAX_CSV_BYTES)
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = reader.fieldnames
    except csv.Error as exc:
        raise DrafterError(Problem(f"the header row cannot be read ({exc})", file=str(source),
                                   line=1)) from None
    unknown = [c for c in (header or []) if c not in CSV_COLUMNS]
    if unknown or not header:
        raise DrafterError(Problem(f"unknown column(s) {unknown or '(none)'}; columns are profile "
                                   f"fields: {', '.join(CSV_COLUMNS)}", file=str(source), line=1))
    for row in _csv_rows(reader, source):
        line = reader.line_num
        data = {k: v.strip() for k, v in row.items() if k in CSV_COLUMNS and v and v.strip()}
        label = f"{source}:{line}"
        try:
            profile = validate(Profile, data, lines={}, source=str(source), error=ProfileError)
        except ProfileError as exc:
            problems.extend(Problem(p.message, file=str(source), line=line, field=p.field)
                            for p in exc.problems)
            continue
        rows.append(BatchRow(label, resolve(profile, source=label),
                        fingerprint(json.dumps(data, sort_keys=True))))
    rows, collisions = distinct_folders(rows)
    return rows, problems + collisions


def county_rows(which: str, settings: str) -> tuple[list[BatchRow], list[str], list[Problem]]:
    """One row per county-equivalent of a state ("TX", "Texas") or of every state ("all"),
    from the Census list drafter already reads (drafter.inputs.places): its kind from the
    list's suffix (Travis County, Orleans Parish, Juneau City and Borough, Alexandria city).
    Returns the rows, what was left out (census areas and municipios, which have no
    government of their own to adopt a law), and the rows whose folders would collide."""
    from .inputs.kinds import normalise_state
    from .inputs.places import county_equivalents, us_states

    if which.strip().lower() == "all":
        codes = [code for code in us_states() if code in STATE_CODES.values()]
    else:
        state = normalise_state(which)
        if state is None:
            raise DrafterError(Problem(f"{which!r} is not a U.S. state; write its name "
                                       "(Texas), its two-letter code (TX) or all",
                                       field="--counties"))
        codes = [STATE_CODES[state]]
    states = {code: name for name, code in STATE_CODES.items()}
    rows: list[BatchRow] = []
    left_out: list[str] = []
    for code in codes:
        for county in county_equivalents(code):
            if county.kind is None:      # the suffix names no kind of government
                left_out.append(f"{county.census_name}, {code}")
                continue
            data = {"kind": county.kind, "name": county.name, "state": states[code]}
            label = f"{county.census_name}, {code}"
            profile = validate(Profile, data, lines={}, source=label, error=ProfileError)
            rows.append(BatchRow(label, resolve(profile, source=label),
                                 hashlib.sha256((settings + "\0" + json.dumps(
                                     data, sort_keys=True)).encode()).hexdigest()))
    rows, collisions = distinct_folders(rows)
    return rows, left_out, collisions


def done_in_report(report: Path) -> dict[str, str]:
    """The rows an earlier run's report lists as drafted or up to date, by source label,
    with their status: what --resume need not draft again."""
    try:
        text = report.read_text(encoding="utf-8")
    except OSError:
        return {}
    return {row["source"]: row["status"] for row in csv.DictReader(io.StringIO(text))
            if row.get("status") in ("written", "skipped") and row.get("source")}


def up_to_date(row: BatchRow, out_dir: Path, recorded: dict | None = None) -> bool:
    """Whether the row's folder holds what its manifest says (`recorded`, when read
    already), made from these inputs."""
    folder = Path(out_dir) / row.jurisdiction.slug
    if recorded is None:
        recorded = _read_manifest(folder / MANIFEST)
    return (recorded is not None and recorded["fingerprint"] == row.fingerprint
            and all((folder / name).exists() for name in recorded["files"]))


def _csv_rows(reader: csv.DictReader, source: Path):
    """The CSV's rows; a row the csv module cannot read (a cell past its 128 KB limit, a
    stray quote) stops the batch with the line to fix, before anything is drafted."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise DrafterError(Problem(f"this row cannot be read ({exc}); a cell holds one "
                                       "profile field, a few words long", file=str(source),
                                       line=reader.reader.line_num)) from None


def distinct_folders(rows: list[BatchRow]) -> tuple[list[BatchRow], list[Problem]]:
    """Give every jurisdiction its own output folder, never silently sharing one.

    Two places with one derived name (Springfield, Illinois and Springfield, Missouri) get
    the state's postal code added: city-of-springfield-il, city-of-springfield-mo. What
    still collides (a `slug:` given twice, or the same place twice) is refused, naming both.
    """
    from collections import Counter

    counts = Counter(row.jurisdiction.slug for row in rows)
    renamed = []
    for row in rows:
        j = row.jurisdiction
        derived = j.slug == slugify(j.legal_name)
        if counts[j.slug] > 1 and derived and j.state and not j.state_level:
            j = replace(j, slug=f"{j.slug}-{STATE_CODES[j.state].lower()}")
            row = replace(row, jurisdiction=j)
        renamed.append(row)
    kept: list[BatchRow] = []
    problems: list[Problem] = []
    first: dict[str, BatchRow] = {}
    for row in renamed:
        slug = row.jurisdiction.slug
        if slug in first:
            problems.append(Problem(f"would write to the same folder ({slug}) as "
                                    f"{first[slug].label}; give one of them its own `slug:`",
                                    file=row.label))
            continue
        first[slug] = row
        kept.append(row)
    return kept, problems


def paths_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if not p.name.endswith(".status.yaml"))


def jurisdiction_status_text(jurisdiction: Jurisdiction) -> str:
    from .inputs.status import has_status_file, status_path

    return status_path(jurisdiction).read_text(encoding="utf-8") \
        if has_status_file(jurisdiction) else ""


# -- the worker: one jurisdiction, in its own process ---------------------------------

_SETTINGS: dict = {}
_SETTLED: list[bool] = []


def _init_pool_worker(settings: dict, parent: int) -> None:
    """A worker of `drafter batch --jobs N`: it ends with the batch, even one ended by a
    signal, instead of drafting on and writing to a terminal nobody reads."""
    from .render.pool import end_with_parent

    end_with_parent(parent)
    _init_worker(settings)


def _init_worker(settings: dict) -> None:
    import signal

    _SETTINGS.update(settings)
    # Ctrl-C at a terminal reaches every process of the group: the batch (the parent)
    # stops its workers and says how to resume; a worker prints no traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _settle() -> None:
    """After a worker's first row, what is left (libraries, fonts, caches) stays for good:
    frozen, the garbage collector stops scanning it for every later row (about a tenth
    of the time of a PDF). A collection first, so no row's garbage is kept."""
    import gc

    if not _SETTLED:
        gc.collect()
        gc.freeze()
        _SETTLED.append(True)


def run_row(row: BatchRow) -> JobResult:
    """Draft one jurisdiction into OUT/<slug>/, unless its manifest says it is up to date;
    a row that fails or runs past its time is that row's error, never the batch's."""
    s = _SETTINGS
    started = time.perf_counter()
    j = row.jurisdiction
    seconds = s.get("row_seconds", ROW_SECONDS)
    try:
        with TimeLimit(seconds) as limit:
            try:
                return _draft_row(row, s, started)
            except Timeout as exc:
                if exc.owner is not limit:
                    raise
                message = (f"took longer than {seconds:g} seconds and was stopped; a template "
                           "or clause may loop without end (drafter check --strict)")
    except DrafterError as exc:     # the row is named beside the message: not again in it
        message = "; ".join(str(replace(p, file=None, line=None) if p.file == row.label else p)
                            for p in exc.problems)
    except (MemoryError, RecursionError) as exc:
        message = f"drafting ran out of {'memory' if isinstance(exc, MemoryError) else 'stack'}"
    except Exception as exc:   # noqa: BLE001 -- one row's failure must not stop the others
        message = f"drafting failed unexpectedly ({type(exc).__name__}: {exc}); please report it"
    return JobResult(row.label, j.legal_name, "failed", time.perf_counter() - started,
                     message=message, peak_rss_mb=_peak_rss_mb())


def _draft_row(row: BatchRow, s: dict, started: float) -> JobResult:
    from .output import write_atomically
    from .pipeline import prepare, run

    j = row.jurisdiction
    folder = Path(s["out_dir"]) / j.slug
    manifest = folder / MANIFEST
    notes: list[str] = []
    if not s["force"] and manifest.exists():
        recorded = _read_manifest(manifest)
        if recorded is None:
            notes.append(f"ignored a damaged record of an earlier run ({manifest}); "
                         "drafted again")
        elif up_to_date(row, Path(s["out_dir"]), recorded):
            return JobResult(row.label, j.legal_name, "skipped", files=len(recorded["files"]))
    made = run(prepare(replace(s["request"], jurisdiction=j)))
    written = write_atomically({folder / name: content for name, content in made.files.items()})
    write_atomically({manifest: json.dumps({"fingerprint": row.fingerprint,
                                            "files": [p.name for p in written]}).encode()})
    _settle()
    return JobResult(row.label, j.legal_name, "written", time.perf_counter() - started,
                     len(written), message="; ".join([*notes, *made.notices]),
                     warnings=list(made.warnings), peak_rss_mb=_peak_rss_mb())


def _read_manifest(path: Path) -> dict | None:
    """An earlier run's record of what it wrote, or None when it cannot be trusted."""
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (isinstance(recorded, dict) and isinstance(recorded.get("fingerprint"), str)
            and isinstance(recorded.get("files"), list)
            and all(isinstance(n, str) and "/" not in n and n not in ("", ".", "..")
                    for n in recorded["files"])):
        return recorded
    return None


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_batch(rows: list[BatchRow], settings: dict, processes: int, progress=None) -> list[JobResult]:
    """Run every row across `processes` processes, calling progress(done, total, result)."""
    import multiprocessing

    results: list[JobResult] = []
    if processes <= 1:
        _init_worker(settings)
        for row in rows:
            results.append(run_row(row))
            if progress:
                progress(len(results), len(rows), results[-1])
        return results
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    # Each row stops itself at its time limit; a worker that cannot (stuck outside Python,
    # or killed) is given a margin, then its rows are reported and the pool ended.
    wait = settings.get("row_seconds", ROW_SECONDS) + WORKER_MARGIN_SECONDS
    with context.Pool(processes, initializer=_init_pool_worker, initargs=(settings, os.getpid()),
                      maxtasksperchild=200) as pool:
        answers = pool.imap_unordered(run_row, rows, chunksize=1)
        while len(results) < len(rows):
            try:
                result = answers.next(timeout=wait)
            except multiprocessing.TimeoutError:
                done = {r.label for r in results}
                for row in rows:
                    if row.label not in done:
                        results.append(JobResult(
                            row.label, row.jurisdiction.legal_name, "failed", wait,
                            message=f"no answer from its worker within {wait:g} seconds; "
                                    "stopped with the rows still running"))
                        if progress:
                            progress(len(results), len(rows), results[-1])
                pool.terminate()
                break
            results.append(result)
            if progress:
                progress(len(results), len(rows), result)
    return results


REPORT_COLUMNS = ["source", "jurisdiction", "status", "seconds", "files", "message", "warnings"]


def report_lines(results: list[JobResult], header: bool = True) -> bytes:
    """Rows of the batch report (CSV), with its header first when `header`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if header:
        writer.writerow(REPORT_COLUMNS)
    for r in results:
        writer.writerow([spreadsheet_safe(cell) for cell in (
            r.label, r.name, r.status, f"{r.seconds:.2f}", r.files, r.message,
            " | ".join(r.warnings))])
    return buffer.getvalue().encode("utf-8")


class RunningReport:
    """The report written as rows finish, so a batch stopped part way (Ctrl-C, a killed
    machine) leaves the list of what it did, for --resume; the finished run replaces it
    with the whole report at once."""

    def __init__(self, path: Path, first: list[JobResult]):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.file = path.open("wb")
        self.add(first, header=True)

    def add(self, results: list[JobResult], header: bool = False) -> None:
        self.file.write(report_lines(results, header))
        self.file.flush()

    def close(self) -> None:
        self.file.close()
