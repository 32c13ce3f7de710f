"""A template folder's letterhead (`base/reference.docx`), checked before anything parses it.

A group's letterhead is a Word file from a shared folder, so it is untrusted the way a
clause file is. Word files are zips of XML: before python-docx or docxtpl opens one,
every part is read here in small pieces, so a part that claims 1 KB and holds 1 GB is
stopped at its claim (zipfile cuts it there) and the whole at MAX_UNCOMPRESSED_BYTES.
Refused: DOCTYPE and entity declarations, macros (vbaProject), embedded or OLE objects and
ActiveX controls, relationships that point outside the file (an `attachedTemplate` on a
server, a linked image) or leave the package with `..`. What passes is copied into every
DOCX drafter writes, so it must hold nothing that reaches out or runs.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from functools import lru_cache
from pathlib import Path

from ..errors import DrafterError, Problem
from ..paths import modified, read_bytes

MAX_LETTERHEAD_BYTES = 5 * 1024 * 1024         # the built-in one is 14 KB; a logo fits
MAX_UNCOMPRESSED_BYTES = 25 * 1024 * 1024
MAX_MEMBERS = 200                               # the built-in one has 17
PIECE = 64 * 1024
# Parts that run code or hold other programs' objects.
FORBIDDEN_PARTS = re.compile(r"(vbaproject|vbadata|/activex/|/embeddings/|oleobject|"
                             r"\.bin$|\.exe$|\.dll$)", re.IGNORECASE)
MACRO_TYPES = re.compile(rb"macroEnabled|vbaProject|ms-office\.activeX|oleObject", re.IGNORECASE)
# Relationship types that bring in other programs' objects, even inside the package.
FORBIDDEN_RELATIONSHIPS = ("/oleObject", "/package", "/control", "/vbaProject",
                           "/attachedTemplate", "/subDocument", "/frame")


def letterhead_bytes(path: Path, folder: Path, styles: tuple[str, ...] = ()) -> bytes:
    """The letterhead's bytes, once checked, `styles` (names) defined in it; a refused one
    names every problem found. Read and checked once per version of the file (a packet
    renders 13 DOCX, a batch thousands)."""
    return _checked_bytes(str(path), str(folder), modified(path), styles)


@lru_cache(maxsize=8)
def _checked_bytes(path: str, folder: str, changed: int, styles: tuple[str, ...]) -> bytes:
    data = read_bytes(Path(path), max_bytes=MAX_LETTERHEAD_BYTES, folder=Path(folder))
    problems = _checked(path, data, styles)
    if problems:
        raise DrafterError(list(problems))
    return data


def letterhead_problems(path: Path, folder: Path, styles: tuple[str, ...] = ()) -> list[Problem]:
    """What `drafter check` reports for a letterhead: the same checks, as a list."""
    try:
        letterhead_bytes(path, folder, styles)
    except DrafterError as exc:
        return exc.problems
    return []


@lru_cache(maxsize=8)
def _checked(source: str, data: bytes, styles: tuple[str, ...]) -> tuple[Problem, ...]:
    """Check each version of a file once per process."""
    def refused(why: str) -> Problem:
        return Problem(f"letterhead refused: {why}; save the letterhead again in Word as a "
                       "plain .docx (no macros, links to other files or embedded objects)",
                       file=source)

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        return (refused("it is not a Word document (.docx)"),)
    if len(members) > MAX_MEMBERS:
        return (refused(f"it has {len(members)} parts, more than {MAX_MEMBERS}"),)
    claimed = sum(info.file_size for info in members)
    if claimed > MAX_UNCOMPRESSED_BYTES:
        return (refused(f"it unpacks to {claimed // (1024 * 1024)} MB, more than "
                        f"{MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB"),)
    names = {info.filename for info in members}
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        return (refused("it is not a Word document (.docx)"),)
    problems: list[Problem] = []
    for info in members:
        name = info.filename
        if name.startswith(("/", "\\")) or ".." in name.split("/") or "\\" in name:
            problems.append(refused(f"part {name!r} has a name that leaves the file"))
            continue
        if FORBIDDEN_PARTS.search(name):
            problems.append(refused(f"it holds {name!r} (macros or an embedded object)"))
            continue
        try:
            content = _read_part(archive, info)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
                RuntimeError, zlib.error) as exc:     # RuntimeError: an encrypted part
            problems.append(refused(f"part {name!r} cannot be read ({exc})"))
            continue
        if name.lower().endswith((".xml", ".rels")) or _looks_like_text(content):
            problems += [refused(f"{name}: {why}") for why in _xml_problems(name, content, names)]
    if not problems:
        missing = _missing_styles(archive, names, styles)
        if missing:
            problems.append(Problem(
                f"letterhead refused: it lacks Word styles drafter writes with ({', '.join(missing)}); "
                "add styles with these names in Word (Styles, New Style), or start from a DOCX "
                "drafter made and change its header, footer and styles there", file=source))
    return tuple(problems)


def _missing_styles(archive: zipfile.ZipFile, names: set[str], styles: tuple[str, ...]) -> list[str]:
    """The `styles` (drafter.render.docx.WORD_STYLES: those drafter writes with) that the
    letterhead does not define: python-docx would stop at the first with a KeyError."""
    from lxml import etree

    if not styles:
        return []
    defined: set[str] = set()
    if "word/styles.xml" in names:       # well-formed and without a DTD: checked above
        root = etree.fromstring(archive.read("word/styles.xml"),
                                etree.XMLParser(resolve_entities=False, no_network=True))
        defined = {name.get(f"{{{W}}}val", "").casefold()
                   for name in root.iterfind(f"{{{W}}}style/{{{W}}}name")}
    return [style for style in styles if style.casefold() not in defined]


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A part, read in pieces (zipfile stops at the size the part claims and checks it)."""
    pieces = []
    with archive.open(info) as handle:
        while piece := handle.read(PIECE):
            pieces.append(piece)
    return b"".join(pieces)


UTF_16 = (b"\xff\xfe", b"\xfe\xff", b"\x00<", b"<\x00")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Word fields that fetch or run something when the file is opened or updated.
FORBIDDEN_FIELDS = re.compile(r"\s*(DDE|DDEAUTO|INCLUDEPICTURE|INCLUDETEXT|INCLUDE|LINK|IMPORT|"
                              r"HYPERLINK|MACROBUTTON|AUTOTEXT|DATABASE|EMBED)\b", re.IGNORECASE)
# An attribute that loads what it names (a VML image's src, o:href), pointing outside.
LOADING_ATTRIBUTES = {"src", "href", "althref", "action", "dde", "ddeservice"}
EXTERNAL = re.compile(r"^(https?|ftp|file|smb|mhtml|res):|^\\\\", re.IGNORECASE)


def _looks_like_text(content: bytes) -> bool:
    """A part of any name holding XML (or UTF-16 text): checked as XML is."""
    return content.startswith(UTF_16) or content.lstrip().startswith(b"<")



def _xml_problems(name: str, content: bytes, names: set[str]) -> list[str]:
    """What is wrong with one XML part: only UTF-8 (Word writes nothing else, and a check
    of bytes must read what the XML says), well-formed, no DTD, and for relationships,
    targets that are parts of this file."""
    from lxml import etree

    if content.startswith(UTF_16) or b"\x00" in content[:200]:
        return ["it is not UTF-8 XML"]
    if re.search(rb"<!DOCTYPE|<!ENTITY", content, re.IGNORECASE):
        return ["a DOCTYPE or entity declaration"]
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        return [f"it is not well-formed XML ({exc})"]
    found = []
    for element in root.iter():
        instruction = (element.text if element.tag == f"{{{W}}}instrText"
                       else element.get(f"{{{W}}}instr"))
        if instruction and FORBIDDEN_FIELDS.match(instruction):
            found.append(f"a field that reaches out or runs ({instruction.strip()[:60]!r})")
        for attribute, value in element.attrib.items():
            if etree.QName(attribute).localname.lower() in LOADING_ATTRIBUTES and \
                    EXTERNAL.match(value.strip()):
                found.append(f"a link to {value.strip()[:80]!r} outside the file "
                             f"({etree.QName(attribute).localname})")
    if name == "[Content_Types].xml" and MACRO_TYPES.search(content):
        found.append("a content type for macros, ActiveX or OLE objects")
    if name.lower().endswith(".rels"):
        base = posixpath.dirname(posixpath.dirname(name))     # word/_rels/x.rels -> word
        for element in root.iter("{*}Relationship"):
            kind = element.get("Type", "").rsplit("/", 1)[-1]
            target = element.get("Target", "")
            part = posixpath.normpath(target.lstrip("/") if target.startswith("/")
                                      else posixpath.join(base, target))
            if element.get("TargetMode", "").strip().lower() == "external":
                found.append(f"a link to {target[:80]!r} outside the file ({kind})")
            elif element.get("Type", "").endswith(FORBIDDEN_RELATIONSHIPS):
                found.append(f"a {kind} relationship")
            elif part not in names:
                found.append(f"a relationship ({kind}) to {target[:80]!r}, which is not a part "
                             "of this file")
    return found
