"""Where the built-in clauses, jurisdictions and templates live, installed or in a checkout,
and the one way a file of a user's folder is read (read_bytes)."""
from __future__ import annotations

import os
import stat
from functools import cache
from pathlib import Path

from .errors import DrafterError, Problem

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_root() -> Path:
    """The folder holding clauses/, jurisdictions/ and templates/.

    A wheel carries them inside the package as drafter/_data/; an editable install or a
    checkout reads them from the repository's top level.
    """
    for candidate in (_PACKAGE / "_data", _PACKAGE.parent):
        if (candidate / "clauses").is_dir() and (candidate / "templates").is_dir():
            return candidate
    raise RuntimeError("drafter's data folders (clauses/, templates/) are missing; reinstall drafter")


def clauses_dir() -> Path:
    return data_root() / "clauses"


def jurisdictions_dir() -> Path:
    return data_root() / "jurisdictions"


def templates_dir() -> Path:
    return data_root() / "templates"


def example_profile() -> Path:
    """The bundled example city, used when no --jurisdiction is given."""
    return jurisdictions_dir() / "elm-harbor-city.yaml"


def example_profiles() -> list[Path]:
    """The bundled profiles (not their .status.yaml files)."""
    return sorted(p for p in jurisdictions_dir().glob("*.yaml") if not p.name.endswith(".status.yaml"))


def is_builtin(path: Path) -> bool:
    """A file of drafter's own clauses or templates (installers such as uv hard-link them)."""
    parents = Path(path).resolve().parents
    return clauses_dir() in parents or templates_dir() in parents


SYSTEM_FOLDERS = ("/bin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc", "/run", "/sbin",
                  "/sys", "/usr")


def is_system_folder(folder: Path) -> bool:
    """The root or a system folder: never a folder of a user's clauses or templates (a
    profile saying `clauses: [/]` must not turn a draft into a walk of the whole disk)."""
    resolved = Path(folder).resolve()
    text = str(resolved)
    return resolved == Path(resolved.anchor) or any(text == f or text.startswith(f + "/")
                                                    for f in SYSTEM_FOLDERS)


HARD_LINK = ("is a hard link (the file has other names, perhaps outside this folder); a "
             "clause or template folder is read only from its own files: copy the file into it")


def read_bytes(path: Path, *, max_bytes: int, folder: Path | None = None) -> bytes:
    """A regular file's bytes, refused with a clear message when it is not one, is too
    large, or (for a file of a user's clause or template folder) lies outside `folder`.

    Every file a shared folder holds is read this way: a link inside the folder to
    /proc/self/environ or ~/.ssh must not print the server's secrets into a PDF. Links that
    stay inside the folder are followed; the file is opened without following a link
    again, so it cannot be swapped for one between the check and the read.
    """
    source = str(path)
    try:
        if folder is not None:
            resolved = path.resolve(strict=False)
            root = Path(folder).resolve()
            if resolved != root and root not in resolved.parents:
                raise DrafterError(Problem(
                    f"is a link to a file outside its folder ({folder}); a clause or template "
                    "folder is read only from its own files: copy the file into it",
                    file=source))
            path = resolved
        info = path.stat()
        if folder is not None and info.st_nlink > 1 and stat.S_ISREG(info.st_mode) \
                and not is_builtin(path):
            # A hard link is a second name for a file that may live anywhere (/etc/shadow):
            # nothing in the folder tells where, so a shared folder may not hold one.
            raise DrafterError(Problem(HARD_LINK, file=source))
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError()
        if not stat.S_ISREG(info.st_mode):
            # /dev/zero, a pipe or a socket: reading it could never end.
            raise DrafterError(Problem("is not a regular file (a device, pipe or socket); "
                                       "give the path of a saved file", file=source))
        if info.st_size > max_bytes:
            raise DrafterError(Problem(f"file is {info.st_size // 1024} KB, larger than the "
                                       f"{max_bytes // 1024} KB limit", file=source))
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            opened = os.fstat(handle.fileno())
            # What was opened is what was checked: a file swapped for a (hard) link between
            # the check and the open is refused, not read.
            if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != \
                    (info.st_dev, info.st_ino):
                raise DrafterError(Problem("changed while it was being read; try again",
                                           file=source))
            if folder is not None and opened.st_nlink > 1 and not is_builtin(path):
                raise DrafterError(Problem(HARD_LINK, file=source))
            data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise DrafterError(Problem(f"file is larger than the {max_bytes // 1024} KB limit",
                                       file=source))
        return data
    except FileNotFoundError:
        raise DrafterError(Problem("file not found; check the path", file=source)) from None
    except IsADirectoryError:
        raise DrafterError(Problem("is a folder, not a file", file=source)) from None
    except PermissionError:
        raise DrafterError(Problem("cannot read this file (permission denied)", file=source)) from None
    except RuntimeError:       # Path.resolve: a link that leads back to itself
        raise DrafterError(Problem("is a link that leads back to itself; replace it with the "
                                   "file", file=source)) from None
    except OSError as exc:      # ELOOP: a loop, or swapped for a link after the check
        raise DrafterError(Problem(f"cannot read this file ({exc.strerror or exc})",
                                   file=source)) from None


def modified(path: Path) -> int:
    """When a file last changed, for caches (0 for a broken link: reading it reports that)."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0
