"""Limits and switches a deployment or a user sets by environment variable (DRAFTER_<NAME>)."""
from __future__ import annotations

import os


def setting(name: str, default: float, low: float, high: float, *, whole: bool = True):
    """The value of the environment variable DRAFTER_<NAME> when it is set, else `default`;
    a value out of range is refused, saying what to write."""
    from .errors import DrafterError, Problem

    raw = os.environ.get(f"DRAFTER_{name}", "").strip()
    if not raw:
        return default
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        kind = "a whole number" if whole else "a number"
        raise DrafterError(Problem(f"must be {kind} from {low:g} to {high:g}, not {raw!r}",
                                   field=f"DRAFTER_{name}"))
    return value
