"""Where the built-in clauses, jurisdictions and templates live, installed or in a checkout."""
from __future__ import annotations

from functools import cache
from pathlib import Path

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
