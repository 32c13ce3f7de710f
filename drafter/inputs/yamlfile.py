"""Safe YAML loading that remembers the line of every key, for error messages."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import DrafterError, Problem
from ..paths import read_bytes

MAX_YAML_BYTES = 512 * 1024  # a profile or front matter is a few KB; refuse 50 MB files fast
_PLAIN_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
}

LineMap = dict[tuple, int]
# Characters XML 1.0 cannot hold (lxml refuses them), plus the non-characters.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


# libyaml's parser (PyYAML's C binding, in its wheels) is about nine times faster than the
# pure-Python one; the state-law data alone took 0.07 s to parse in Python.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _refuse_aliases(text: str) -> None:
    """Refuse YAML aliases before composing, so an alias bomb never expands."""
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.MarkedYAMLError(
                problem="YAML aliases (*name) are not allowed; write the value out in full",
                problem_mark=event.start_mark,
            )


MAX_DEPTH = 20   # a profile nests three levels; deeper is a mistake or an attack
NESTED_TOO_DEEPLY = f"nested too deeply (more than {MAX_DEPTH} levels); a profile is a few flat fields"


def _walk(node: yaml.Node, path: tuple, lines: LineMap, bad_tags: list, source: str,
          offset: int = 0) -> None:
    line = node.start_mark.line + 1
    lines.setdefault(path, line)
    if len(path) > MAX_DEPTH:
        raise DrafterError(Problem(NESTED_TOO_DEEPLY, file=source, line=line + offset))
    if node.tag not in _PLAIN_TAGS:
        bad_tags.append((line, node.tag))
        return
    if isinstance(node, yaml.ScalarNode):       # "\x0b" written as a YAML escape
        bad = XML_FORBIDDEN.search(node.value)
        if bad:
            raise DrafterError(Problem(f"contains the control character U+{ord(bad.group()):04X}, "
                                       "which Word and PDF files cannot hold; delete it",
                                       file=source, line=line + offset,
                                       field=".".join(map(str, path)) or None))
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            key_line = key_node.start_mark.line + 1
            if key in seen:
                # PyYAML keeps the last value silently; a profile with two `name:` lines
                # is a mistake the author should see.
                raise DrafterError(Problem(f"{key!r} is given twice, on lines {seen[key] + offset} "
                                           f"and {key_line + offset}; keep one", file=source,
                                           line=key_line + offset))
            seen[key] = key_line
            lines[path + (key,)] = key_line
            _walk(value_node, path + (key,), lines, bad_tags, source, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 1
            _walk(item, path + (index,), lines, bad_tags, source, offset)


def _unreadable_line(loader, node: yaml.Node) -> int | None:
    """The line of the first scalar (a date, a number) the loader cannot turn into a value."""
    if isinstance(node, yaml.ScalarNode):
        loader.constructed_objects, loader.recursive_objects = {}, {}   # after the failure
        try:
            loader.construct_object(node)
        except (ValueError, OverflowError, yaml.YAMLError):
            return node.start_mark.line + 1
        return None
    children = (node.value if isinstance(node, yaml.SequenceNode)
                else [n for pair in node.value for n in pair])
    for child in children:
        line = _unreadable_line(loader, child)
        if line:
            return line
    return None


def parse_yaml(text: str, *, source: str, first_line: int = 1) -> tuple[Any, LineMap]:
    """Parse YAML text with plain tags only; return the data and a key-path -> line map."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_YAML_BYTES:
        raise DrafterError(Problem(f"file is larger than {MAX_YAML_BYTES // 1024} KB; "
                                   "a profile should be a few KB", file=source))
    offset = first_line - 1
    loader = None
    try:
        _refuse_aliases(text)
        loader = _LOADER(text)
        node = loader.get_single_node()
        if node is None:
            return None, {(): first_line}
        lines: LineMap = {}
        bad_tags: list = []
        _walk(node, (), lines, bad_tags, source, offset)
        if bad_tags:
            raise DrafterError([
                Problem(f"YAML tag {tag!r} is not allowed; write plain text, numbers and lists",
                        file=source, line=line + offset)
                for line, tag in bad_tags
            ])
        try:
            data = loader.construct_document(node)
        except (ValueError, OverflowError) as exc:   # 2024-13-45, a 5,000-digit number
            line = _unreadable_line(loader, node)
            why = "a number with too many digits" if "digits" in str(exc) else str(exc)
            raise DrafterError(Problem(
                f"a value YAML cannot read ({why}); put it in quotes to keep it as text",
                file=source, line=line + offset if line else None)) from None
    except yaml.reader.ReaderError as exc:
        line = text[:max(exc.position, 0)].count("\n") + first_line
        raise DrafterError(Problem(f"contains the control character U+{exc.character:04X}, "
                                   "which a profile cannot hold; retype the text without it",
                                   file=source, line=line)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else None
        what = exc.problem or exc.context or "invalid YAML"
        if "maximum nesting depth" in what:      # libyaml's own limit (1,000 levels)
            raise DrafterError(Problem(NESTED_TOO_DEEPLY, file=source, line=line)) from None
        raise DrafterError(Problem(f"{what}; check the indentation and quoting near here",
                                   file=source, line=line)) from None
    except yaml.YAMLError as exc:
        raise DrafterError(Problem(f"invalid YAML: {exc}", file=source)) from None
    except RecursionError:
        raise DrafterError(Problem(NESTED_TOO_DEEPLY, file=source)) from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, {path: line + offset for path, line in lines.items()}


def read_text(path: Path, *, max_bytes: int = MAX_YAML_BYTES, folder: Path | None = None) -> str:
    """Read a UTF-8 text file (see read_bytes), refusing undecodable text and characters
    Word and PDF files cannot hold, with a clear message."""
    source = str(path)
    try:
        text = read_bytes(path, max_bytes=max_bytes, folder=folder).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DrafterError(Problem(f"not UTF-8 text (byte {exc.start}); save it as UTF-8",
                                   file=source)) from None
    text = text.removeprefix("\ufeff")   # Excel's "CSV UTF-8" and some editors start with a BOM
    bad = XML_FORBIDDEN.search(text)
    if bad:
        raise DrafterError(Problem(f"contains the control character U+{ord(bad.group()):04X}, "
                                   "which Word and PDF files cannot hold; delete it",
                                   file=source, line=text.count("\n", 0, bad.start()) + 1))
    return text


def load_yaml_file(path: Path, *, folder: Path | None = None) -> tuple[Any, LineMap]:
    """Read and parse one YAML file (of a user's `folder`: see read_bytes)."""
    return parse_yaml(read_text(path, folder=folder), source=str(path))


def line_for(lines: LineMap, loc: tuple) -> int | None:
    """The line of the nearest key on the path `loc` (a missing key reports its parent)."""
    loc = tuple(loc)
    while loc not in lines and loc:
        loc = loc[:-1]
    return lines.get(loc)
