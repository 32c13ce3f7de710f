"""Plain data for templates: str, int, float, bool, None, tuples and read-only mappings.

Every template context in drafter goes through `plain()`. A live object reaching a
template is a hole: a pydantic model carries class methods that unpickle or read files,
a `pathlib.Path` reads and writes any file. Converting at the boundary (rather than
filtering attributes one by one) means a field added to a model later cannot reopen it.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

SCALARS = (str, int, float, bool, type(None))
MAX_DEPTH = 12


class TemplateHelper:
    """A documented function a template may call, such as `section(id)`.

    The sandbox allows calling instances of this class and nothing else of ours; it has
    no attributes a template can reach (the sandbox refuses every attribute on it).
    """

    __slots__ = ("_function", "_name")

    def __init__(self, name: str, function):
        self._name = name
        self._function = function

    def __call__(self, *args):
        return self._function(*args)

    def __repr__(self) -> str:
        return f"<helper {self._name}>"


def plain(value: Any, *, exclude: frozenset[str] = frozenset(), _depth: int = 0) -> Any:
    """A plain, read-only copy of `value` for a template context.

    Dataclasses and pydantic models become mappings of their fields (a dataclass's `kind`
    class variable and the names in its `TEMPLATE_PROPERTIES` included); lists, tuples and
    sets become tuples; dates become ISO strings. Anything else (a path, a function, an
    arbitrary object) is a programming error and raises TypeError.
    """
    if _depth > MAX_DEPTH:
        raise TypeError("template data nested too deeply")
    if isinstance(value, SCALARS):
        # str subclasses (markupsafe.Markup) keep their class: they are our own escaping.
        return value
    if isinstance(value, TemplateHelper):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    down = _depth + 1
    if isinstance(value, BaseModel):
        fields = {name: getattr(value, name) for name in type(value).model_fields}
        return _mapping(fields, exclude, down)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        for extra in ("kind", *getattr(type(value), "TEMPLATE_PROPERTIES", ())):
            if hasattr(type(value), extra):
                fields[extra] = getattr(value, extra)
        return _mapping(fields, exclude, down)
    if isinstance(value, Mapping):
        return _mapping(dict(value), exclude, down)
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(plain(item, _depth=down) for item in value)
    raise TypeError(f"{type(value).__name__} is not plain data and must not reach a template")


def plain_context(values: Mapping[str, Any]) -> dict[str, Any]:
    """A template context: each value made plain (the dict itself is ours, never a template's)."""
    return {name: plain(value) for name, value in values.items()}


def _mapping(fields: dict, exclude: frozenset[str], depth: int) -> MappingProxyType:
    return MappingProxyType({str(key): plain(item, _depth=depth)
                             for key, item in fields.items() if key not in exclude})


def is_plain(value: Any, _depth: int = 0) -> bool:
    """True when `value` holds only what `plain()` produces (a cheap guard at render time)."""
    if _depth > MAX_DEPTH:
        return False
    if isinstance(value, (*SCALARS, TemplateHelper)):
        return True
    if isinstance(value, MappingProxyType):
        return all(isinstance(k, str) and is_plain(v, _depth + 1) for k, v in value.items())
    if isinstance(value, tuple):
        return all(is_plain(item, _depth + 1) for item in value)
    return False
