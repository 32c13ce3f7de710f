"""The languages drafter writes its campaign papers in: gettext catalogs read with Babel.

Every word drafter writes in a language other than English comes from one catalog,
`locale/<code>/LC_MESSAGES/drafter.po`, made the usual way (`make catalogs`: Babel's
extractors read the code, the page templates, the clause files and the outlines). A
volunteer adds a language by translating one catalog. A message the catalog lacks is
written in English and named in a warning, never a crash.

Clause files are messages whole: their Jinja body is the msgid, their id the msgctxt, so
a translation keeps the clause's `{{ ... }}` and `{% if %}` and is rendered in the same
sandbox. A group that rewords a clause in its own folder gets the English wording (and a
warning) until its translation is updated too: a translation never says something the
English does not.

A template folder may carry catalogs of its own (`locale/<code>/LC_MESSAGES/drafter.po`,
as MkDocs themes carry theirs): they are searched first, along the template search path,
so a group's own document type drafts in Spanish from its own folder. Such a catalog is a
shared file like any other of the folder: read as its files are, and each translation may
use only the `{fields}` of its English (code formats some messages with str.format).
"""
from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType

from . import paths
from .errors import DrafterError, Problem

ENGLISH = "en"
DOMAIN = "drafter"


def N_(message: str) -> str:
    """Marks a message for the catalog (Babel's extractor knows N_); translated where shown."""
    return message


def locale_dir():
    return paths.data_root() / "locale"


def language_codes(templates: tuple[Path, ...] = ()) -> list[str]:
    """English, then each language with a catalog, drafter's own or one in the template
    folders (first found first); without Babel, for `drafter --help`."""
    found = [ENGLISH]
    catalogs = [po for root in (*(Path(t) / "locale" for t in templates), locale_dir())
                for po in sorted(root.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))]
    for po in catalogs:
        code = po.parent.parent.name
        if code not in found and re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", code):
            found.append(code)
    return found


@cache
def languages(templates: tuple[Path, ...] = ()) -> dict[str, str]:
    """{code: name in that language}: English, then each language with a catalog, drafter's
    own or one in the template folders."""
    from babel import Locale

    found = {ENGLISH: "English"}
    for code in language_codes(templates)[1:]:
        try:
            found[code] = Locale.parse(code).get_display_name(code) or code
        except (ValueError, LookupError):     # a folder Babel does not know: still usable
            found[code] = code
    return found


def babel_locale(code: str) -> str:
    """The locale dates are written in: 'en_US', and 'es_US' for Spanish in the US."""
    from babel import Locale, UnknownLocaleError

    for candidate in (f"{code}_US", code):
        try:
            Locale.parse(candidate)
            return candidate
        except (ValueError, UnknownLocaleError):
            continue
    return "en_US"


def html_language(code: str) -> str:
    """The BCP 47 tag of documents in `code`: 'en-US', 'es-US'."""
    return babel_locale(code).replace("_", "-")


# Where a message comes from: its translation, and the catalog file and line that hold it.
Entry = tuple[str, Path, int]


@cache
def _catalog(code: str, folder: Path | None = None) -> MappingProxyType:
    """{(context, msgid): (msgstr, file, line)} of one catalog: drafter's own (`folder`
    None) or a template folder's; fuzzy and untranslated entries left out. A folder's
    catalog is refused whole, naming each bad entry, if it cannot be read or a translation
    uses a {field} its English does not."""
    from babel.messages.pofile import read_po

    path = catalog_path(code, folder)
    if folder is not None and not os.path.lexists(path) and not path.parent.is_symlink() \
            and not path.parent.parent.is_symlink() and not (Path(folder) / "locale").is_symlink():
        return MappingProxyType({})
    data = (path.read_bytes() if folder is None
            else paths.read_bytes(path, max_bytes=MAX_CATALOG_BYTES, folder=folder))
    problems = []
    try:
        catalog = read_po(io.BytesIO(data), locale=None, domain=DOMAIN)
    except Exception as exc:        # noqa: BLE001 -- Babel's parser has no error class of its own
        problems.append(Problem(f"not a catalog Babel can read ({exc})", file=str(path)))
        catalog = []
    messages = {}
    for message in catalog:
        if not (message.id and isinstance(message.id, str) and isinstance(message.string, str)
                and message.string and not message.fuzzy):
            continue
        if folder is not None:
            why = _unsafe(message.id, message.string)
            if why:
                problems.append(Problem(why, file=str(path), line=message.lineno))
                continue
        messages[(message.context, message.id)] = (message.string, path, message.lineno or 1)
    if problems:
        raise DrafterError(problems)
    return MappingProxyType(messages)


def catalog_problems(code: str, folder: Path) -> list[Problem]:
    """`drafter check`: what is wrong with a template folder's catalog for `code`."""
    try:
        _catalog(code, Path(folder))
    except DrafterError as exc:
        return exc.problems
    return []


MAX_CATALOG_BYTES = 2 * 1024 * 1024            # drafter's own is about 300 KB
# Characters Word and PDF files cannot hold (as drafter.inputs.yamlfile refuses them).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _fields(text: str) -> set[tuple] | None:
    """The str.format fields of a message, as str.format reads them (name, spec and
    conversion); None when it is no format string at all."""
    import string

    try:
        return {(name, spec, conversion) for _, name, spec, conversion
                in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def _unsafe(english: str, translation: str) -> str | None:
    """Why a template folder's translation may not be used: code formats some messages
    with str.format, which reads attributes ({name.__class__}) and pads to any width
    ({name:>1000000000}), so a translation may use only the fields of its English, exactly."""
    bad = _FORBIDDEN.search(translation)
    if bad:
        return (f"the translation contains the control character U+{ord(bad.group()):04X}, "
                "which Word and PDF files cannot hold; delete it")
    fields = _fields(english)
    if fields is None:        # not a format string (a clause's Jinja): never str.format-ed
        return None
    used = _fields(translation)
    extra = sorted(f"{{{name}{'!' + conv if conv else ''}{':' + spec if spec else ''}}}"
                   for name, spec, conv in (used or set()) - fields)
    if used is None or extra:
        return (f"the translation uses {', '.join(extra) or 'braces'} that its English does "
                "not; a translation may only move the English's {fields}")
    return None


@cache
def _messages(code: str, templates: tuple[Path, ...] = ()) -> MappingProxyType:
    """Every catalog along the template search path, the folders' first, merged."""
    merged: dict = {}
    for folder in (*templates, None):
        for key, entry in _catalog(code, Path(folder) if folder else None).items():
            merged.setdefault(key, entry)
    return MappingProxyType(merged)


def catalog_path(code: str, folder: Path | None = None) -> Path:
    root = Path(folder) / "locale" if folder else locale_dir()
    return root / code / "LC_MESSAGES" / f"{DOMAIN}.po"


class _PluralForms:
    def __init__(self, strings: tuple[str, ...], rule):
        self.strings, self.rule = strings, rule

    def __call__(self, n: int) -> int:
        return int(self.rule(n))


@cache
def _plurals(code: str) -> MappingProxyType:
    """{singular msgid: its forms} of a catalog's plural messages, with its plural rule."""
    import gettext

    from babel.messages.pofile import read_po

    with catalog_path(code).open("rb") as po:
        catalog = read_po(po, locale=None, domain=DOMAIN)
    rule = gettext.c2py(catalog.plural_expr)
    return MappingProxyType({
        message.id[0]: _PluralForms(tuple(message.string), rule) for message in catalog
        if isinstance(message.id, tuple) and all(message.string) and not message.fuzzy})


@dataclass
class Translator:
    """Translates drafter's own words into one language, remembering what it lacked."""

    code: str = ENGLISH
    templates: tuple[Path, ...] = ()     # template folders whose catalogs come first
    missing: list[str] = field(default_factory=list)
    # The reader is on the web page, not at a command line: a message says what to do
    # there ("tick ...", "choose ..."), never a flag or a profile key.
    page: bool = False

    @property
    def english(self) -> bool:
        return self.code == ENGLISH

    def __call__(self, message: str, context: str | None = None) -> str:
        """`message` in this language, or in English when the catalog lacks it."""
        if self.english:
            return message
        found = _messages(self.code, self.templates).get((context, message))
        if found is None:
            label = f"{context}: " if context else ""
            short = " ".join(message.split())
            note = f"{label}{short[:60]}{'…' if len(short) > 60 else ''}"
            if note not in self.missing:
                self.missing.append(note)
            return message
        return found[0]

    def where(self, message: str, context: str | None = None) -> tuple[Path, int]:
        """The catalog file and line of a message's translation (for error messages)."""
        found = _messages(self.code, self.templates).get((context, message))
        return (found[1], found[2]) if found else (catalog_path(self.code), 1)

    def pgettext(self, context: str, message: str) -> str:
        return self(message, context)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form for `n` ("1 rule" / "2 rules"), by the catalog's plural rule."""
        if self.english:
            return singular if n == 1 else plural
        forms = _plurals(self.code).get(singular)
        if forms is None:
            self(singular)            # noted as missing
            return singular if n == 1 else plural
        index, strings = forms(n), forms.strings
        return strings[min(index, len(strings) - 1)]

    def has(self, message: str, context: str | None = None) -> bool:
        return self.english or (context, message) in _messages(self.code, self.templates)

    def date(self, value) -> str:
        from .dates import long_date

        return long_date(value, babel_locale(self.code))

    def finish(self, text: str) -> str:
        """The language's obligatory spelling rules on assembled text (Spanish: a + el ->
        al, de + el -> del, where a translated name with its article follows 'a' or 'de';
        'El Paso' keeps its capital and is left alone)."""
        if self.code == "es":
            text = re.sub(r"\b([Aa]) el\b", r"\1l", text)
            text = re.sub(r"\b([Dd])e el\b", r"\1el", text)
        return text

    def warning(self) -> str | None:
        if not self.missing:
            return None
        name = languages(self.templates).get(self.code, self.code)
        catalogs = [str(catalog_path(self.code, t)) for t in self.templates
                    if catalog_path(self.code, t).exists()] + [str(catalog_path(self.code))]
        names = [m for m in self.missing if m.split(": ", 1)[0] in NAME_CONTEXTS]
        hint = (f" (a name of the profile's can be given in {name} under names: {self.code}: "
                "in the profile, with its article)" if names else "")
        return (f"the {name} catalog ({', '.join(catalogs)}) has no "
                f"translation for {len(self.missing)} text(s), written in English instead: "
                + "; ".join(self.missing[:5]) + ("; ..." if len(self.missing) > 5 else "") + hint)


def state_name(_: Translator, state: str) -> str:
    """'Nuevo México' for New Mexico: the state as the language names it (catalog)."""
    return _.pgettext("state", state) if _.has(state, "state") else state


# The contexts of a profile's names (documents.localized.named): printed in English with
# the article their noun takes when neither the catalog nor the profile's names: has them.
NAME_CONTEXTS = {"legal name", "governing body", "executive", "office", "agency", "oversight"}


def catalog_progress(code: str) -> tuple[int, int]:
    """(messages translated, messages in the catalog)."""
    from babel.messages.pofile import read_po

    with catalog_path(code).open("rb") as po:
        catalog = read_po(po, domain=DOMAIN)
    messages = [m for m in catalog if m.id]
    return sum(bool(m.string) and all(m.string) and not m.fuzzy for m in messages), len(messages)


def check_language(code: str, templates: tuple[Path, ...] = ()) -> str:
    code = code.strip().lower().replace("-", "_")
    if code not in languages(tuple(templates)):
        raise DrafterError(Problem(
            f"drafter has no catalog for {code!r}; use one of "
            f"{', '.join(languages(tuple(templates)))} (`drafter list languages`), or add "
            "locale/<code>/LC_MESSAGES/drafter.po to drafter or to your template folder",
            field="--lang"))
    return code
