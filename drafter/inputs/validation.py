"""Turn pydantic errors into `file:line: field: message` problems a person can act on."""
from __future__ import annotations

import difflib
import re
import typing
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ValidationError

from ..errors import DrafterError, Problem
from .yamlfile import XML_FORBIDDEN, LineMap, line_for

M = TypeVar("M", bound=BaseModel)



def check_one_line(value: str) -> str:
    """Names and titles sit inside sentences: no line breaks or tabs."""
    if any(c in value for c in "\n\r\t\u2028\u2029\x85"):
        raise ValueError("must be on one line; remove the line break or tab")
    return check_plain_text(re.sub(" {2,}", " ", value))


# Characters that change how text reads without being seen: direction overrides and
# isolates (a name that displays as one thing and prints as another) and zero-width marks.
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def check_plain_text(value: str) -> str:
    """Reject text that cannot reach a Word or PDF file intact, or looks like a placeholder."""
    bad = XML_FORBIDDEN.search(value)
    if bad:
        raise ValueError(f"contains the control character U+{ord(bad.group()):04X}, which "
                         "Word and PDF files cannot hold; retype the text without it")
    hidden = INVISIBLE.search(value)
    if hidden:
        raise ValueError(f"contains the invisible character U+{ord(hidden.group()):04X} (a text "
                         "direction or zero-width mark), which can make a name read differently "
                         "from what it says; retype the text without it")
    if any(mark in value for mark in ("{{", "}}", "{%", "%}", "{#", "#}")):
        raise ValueError("contains template markers ({{, {%, {#); write plain text")
    if "[" in value or "]" in value:
        raise ValueError("contains square brackets, which are kept for placeholders such as "
                         "[oversight entity]; write the actual name instead")
    return value


def check_link(value: str) -> str:
    """A web link to print (a QR code, a petition's online version): http(s), one line."""
    value = value.strip()
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`\[\]]{1,300}", value):
        raise ValueError(f"{value[:80]!r} is not a web link drafter can print; give the whole "
                         "address, starting with https://, without spaces (at most 300 characters)")
    return check_plain_text(value)


def _field_name(loc: tuple) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1]}[{part + 1}]" if parts else f"[{part + 1}]"]
        else:
            parts.append(str(part))
    return ".".join(parts)


def _message(error: dict[str, Any], model: type[BaseModel], loc: tuple) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        known = _known_fields(model, loc[:-1])
        hint = difflib.get_close_matches(str(loc[-1]), known, n=1)
        suggestion = f"did you mean '{hint[0]}'? " if hint else ""
        return f"unknown field; {suggestion}known fields are: {', '.join(known)}"
    if kind == "missing":
        return "required field is missing; add it"
    if kind in ("string_type", "str_type"):
        return "should be text"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{error['input']!r} is not allowed; use one of: {expected}"
    message = error["msg"]
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def _known_fields(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names of the (nested) model at `loc`, for 'did you mean' hints."""
    current: Any = model
    keyed = False          # the part after a dict field is a key (a rule id), not a field
    for part in loc:
        if isinstance(part, int) or keyed:
            keyed = False
            continue
        field = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if field is None:
            return []
        annotation = field.annotation
        keyed = typing.get_origin(annotation) is dict
        args = getattr(annotation, "__args__", ())
        candidates = [annotation, *args]
        current = next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None)
        if current is None:
            return []
    return list(current.model_fields)


def validate(model: type[M], data: Any, *, lines: LineMap, source: str,
             error: type[DrafterError] = DrafterError, context: dict | None = None) -> M:
    """Validate `data` as `model`, reporting every error at once with its line."""
    if not isinstance(data, dict):
        raise error(Problem("should be a set of `field: value` lines", file=source, line=1))
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        problems = []
        for item in exc.errors():
            loc = tuple(item["loc"])
            problems.append(Problem(_message(item, model, loc), file=source,
                                    line=line_for(lines, loc), field=_field_name(loc) or None))
        raise error(problems) from None


def field_errors(model: type[M], data: Any) -> tuple[M | None, dict[str, tuple[str, str]]]:
    """Validate for a web form: the model, or (error type, message) per dotted field name;
    the type lets the page choose its own words without reading the message."""
    try:
        return model.model_validate(data), {}
    except ValidationError as exc:
        errors: dict[str, tuple[str, str]] = {}
        for item in exc.errors():
            loc = tuple(item["loc"])
            key = ".".join(str(part) for part in loc) or "form"
            errors.setdefault(key, (item["type"], _message(item, model, loc)))
        return None, errors


# A source a document prints names what a reader can look up, never a file of drafter's own
# build tree (its working notes beside the checkout).
_TREE_PATH = re.compile(r"(?:^|[\s(\[,;])\.\./|shared/reference/")    # not ".../" (an ellipsis)


def check_public_source(value: str) -> str:
    """Refuse a source naming a path of drafter's own tree."""
    if _TREE_PATH.search(value):
        raise ValueError("names a file of drafter's own tree; cite what a reader can look "
                         "up (the statute, the page, the record), or say what was searched "
                         "and when")
    return value


# A source field of drafter's data (forms of government, state law): checked as above.
PublicSource = Annotated[str, AfterValidator(check_public_source)]
