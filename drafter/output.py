"""Write files atomically: a temp file in the same folder, then a rename."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError, Problem

TEMP_PATTERN = ".{name}.*.tmp"


def write_atomically(files: dict[Path, bytes]) -> list[Path]:
    """Write every file or none: all are written to temp files beside their targets first,
    then renamed into place, so a full disk or a kill never leaves a half-written file or a
    packet that mixes new files with old ones.

    All content is rendered before this is called (gather, validate, then write); a
    failure names the path and leaves earlier files and any old version intact. Temp files
    a killed run left behind are removed here, on the next run.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for path, content in files.items():
            staged.append((_stage(path, content), path))
        for tmp, path in staged:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise _output_error(path, exc) from None
    finally:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)    # nothing left after a failure part-way
    return [path for _, path in staged]


def _stage(path: Path, content: bytes) -> str:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for leftover in path.parent.glob(TEMP_PATTERN.format(name=path.name)):
            leftover.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _output_error(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
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
