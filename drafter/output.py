"""Write files atomically: a temp file in the same folder, then a rename."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError, Problem


def write_atomically(files: dict[Path, bytes]) -> list[Path]:
    """Write every file, each via temp file + rename, so none is ever half-written.

    All content is rendered before this is called (gather, validate, then write); a
    failure names the path and leaves earlier files and any old version intact.
    """
    written = []
    for path, content in files.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(content)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.chmod(tmp, 0o644)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise OutputError(Problem(f"cannot write this file: {reason}; check that the folder "
                                      "exists, is writable and the disk is not full, and close "
                                      "the file if it is open in another program",
                                      file=str(path))) from None
        written.append(path)
    return written
