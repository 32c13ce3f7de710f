"""Write files atomically, as a set: temp files beside their targets, then renames.

Two runs may write into one folder at once (two terminals, a batch and a draft), and a run
may be killed at any moment. So:
- each run's temp files carry its process id (`.<name>.<pid>-<random>.tmp`), and a run
  removes only its own, or those of a run that is no longer alive;
- the renames happen under a lock on the folder (flock on the folder itself: no lock
  file), after a journal listing them is on disk; a run killed among its renames leaves
  the journal, and the next run into that folder finishes them, so a set of files is
  replaced as a set, never a mix of old and new;
- files get the permissions the user's umask gives a new file.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

from .errors import OutputError, Problem

TEMP_SUFFIX = ".tmp"
JOURNAL = re.compile(r"^\.drafter-(\d+)\.journal$")
LOCK_SECONDS = 60.0        # another run's renames take milliseconds; this is a stuck run


def write_atomically(files: dict[Path, bytes]) -> list[Path]:
    """Write every file or none: all are written to temp files beside their targets first,
    then renamed into place together, so a full disk or a kill never leaves a half-written
    file or a set that mixes new files with old ones.

    All content is rendered before this is called (gather, validate, then write); a
    failure names the path and leaves earlier files and any old version intact.
    """
    folders = sorted({path.parent for path in files})
    staged: list[tuple[str, Path]] = []
    with ExitStack() as stack:
        for folder in folders:
            _make_folder(folder, next(p for p in files if p.parent == folder))
            stack.enter_context(_locked(folder))
            _finish_interrupted(folder)
        try:
            for path, content in files.items():
                staged.append((_stage(path, content), path))
            journals = [_journal(folder, [(t, p) for t, p in staged if p.parent == folder])
                        for folder in folders] if len(staged) > 1 else []
            for tmp, path in staged:
                try:
                    os.replace(tmp, path)
                except OSError as exc:
                    raise _output_error(path, exc) from None
            for journal in journals:
                journal.unlink(missing_ok=True)
        finally:
            for tmp, _ in staged:
                Path(tmp).unlink(missing_ok=True)    # nothing left after a failure part-way
    return [path for _, path in staged]


def _make_folder(folder: Path, example: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _output_error(example, exc) from None


@contextmanager
def _locked(folder: Path):
    """Hold the folder's lock (flock on the folder's own descriptor) while writing into it."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        waited = time.monotonic()
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() - waited > LOCK_SECONDS:
                    raise OutputError(Problem(
                        f"another drafter run has been writing into this folder for over "
                        f"{LOCK_SECONDS:g} seconds; wait for it to finish or stop it, or "
                        "choose another --out folder", file=str(folder))) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)          # and with it the lock


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owner(name: str) -> int | None:
    """The process id in one of our temp file names, None for an old-style name."""
    found = re.search(r"\.(\d+)-[^.]*\.tmp$", name)
    return int(found[1]) if found else None


def _finish_interrupted(folder: Path) -> None:
    """Under the folder's lock: finish the renames of a run killed among them (its journal
    is there and its process is gone), then remove temp files no live run owns."""
    for journal in folder.glob(".drafter-*.journal"):
        found = JOURNAL.match(journal.name)
        if not found or _alive(int(found[1])):
            continue
        try:
            entries = json.loads(journal.read_text(encoding="utf-8"))
            for tmp, target in entries:
                if "/" in tmp + target or not tmp.endswith(TEMP_SUFFIX):
                    break
                if (folder / tmp).exists():
                    os.replace(folder / tmp, folder / target)
        except (OSError, ValueError, TypeError):
            pass     # a damaged journal: its temp files are removed below
        journal.unlink(missing_ok=True)
    for leftover in folder.glob(f".*{TEMP_SUFFIX}"):
        owner = _owner(leftover.name)
        if owner is None or not _alive(owner):
            leftover.unlink(missing_ok=True)


def _journal(folder: Path, renames: list[tuple[str, Path]]) -> Path:
    """On disk before the first rename: which temp file becomes which file."""
    path = folder / f".drafter-{os.getpid()}.journal"
    entries = [(Path(tmp).name, target.name) for tmp, target in renames]
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(entries, handle)
        handle.flush()
        os.fsync(handle.fileno())
    return path


def _umask() -> int:
    """The process's umask, read without changing it (Linux), else by setting it back."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _stage(path: Path, content: bytes) -> str:
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=TEMP_SUFFIX,
                                   dir=path.parent)
    except OSError as exc:
        raise _output_error(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())      # as any new file of the user's (mkstemp: 0600)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _output_error(path, exc) from None
        raise
    return tmp


def _output_error(path: Path, exc: OSError) -> OutputError:
    reason = exc.strerror or str(exc)
    return OutputError(Problem(f"cannot write this file: {reason}; check that the folder "
                               "exists, is writable and the disk is not full, and close "
                               "the file if it is open in another program", file=str(path)))


# Spreadsheets run a cell that starts with one of these as a formula (=HYPERLINK, DDE).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell) -> str:
    """A CSV cell Excel and LibreOffice Calc show as text, never run (OWASP's rule)."""
    text = str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
