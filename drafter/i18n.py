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
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType

from . import paths

ENGLISH = "en"
DOMAIN = "drafter"


def N_(message: str) -> str:
    """Marks a message for the catalog (Babel's extractor knows N_); translated where shown."""
    return message


def locale_dir():
    return paths.data_root() / "locale"


@cache
def languages() -> dict[str, str]:
    """{code: name in that language}: English, then each language with a catalog."""
    from babel import Locale

    found = {ENGLISH: "English"}
    for po in sorted(locale_dir().glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        code = po.parent.parent.name
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


@cache
def _messages(code: str) -> MappingProxyType:
    """{(context, msgid): msgstr} of a catalog; fuzzy and untranslated entries left out."""
    from babel.messages.pofile import read_po

    with catalog_path(code).open("rb") as po:
        catalog = read_po(po, locale=None, domain=DOMAIN)
    messages = {}
    for message in catalog:
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy:
            messages[(message.context, message.id)] = message.string
            _LINES[(code, message.context, message.id)] = message.lineno or 1
    return MappingProxyType(messages)


_LINES: dict = {}      # (code, context, msgid) -> the catalog line of its msgstr's entry


def catalog_path(code: str):
    return locale_dir() / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalog_line(code: str, context: str | None, message: str) -> int:
    _messages(code)
    return _LINES.get((code, context, message), 1)


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
    missing: list[str] = field(default_factory=list)

    @property
    def english(self) -> bool:
        return self.code == ENGLISH

    def __call__(self, message: str, context: str | None = None) -> str:
        """`message` in this language, or in English when the catalog lacks it."""
        if self.english:
            return message
        found = _messages(self.code).get((context, message))
        if found is None:
            label = f"{context}: " if context else ""
            short = " ".join(message.split())
            note = f"{label}{short[:60]}{'…' if len(short) > 60 else ''}"
            if note not in self.missing:
                self.missing.append(note)
            return message
        return found

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
        return self.english or (context, message) in _messages(self.code)

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
        name = languages().get(self.code, self.code)
        return (f"the {name} catalog ({catalog_path(self.code)}) has no "
                f"translation for {len(self.missing)} text(s), written in English instead: "
                + "; ".join(self.missing[:5]) + ("; ..." if len(self.missing) > 5 else ""))


def catalog_progress(code: str) -> tuple[int, int]:
    """(messages translated, messages in the catalog)."""
    from babel.messages.pofile import read_po

    with catalog_path(code).open("rb") as po:
        catalog = read_po(po, domain=DOMAIN)
    messages = [m for m in catalog if m.id]
    return sum(bool(m.string) and all(m.string) and not m.fuzzy for m in messages), len(messages)


def check_language(code: str) -> str:
    code = code.strip().lower().replace("-", "_")
    if code not in languages():
        from .errors import DrafterError, Problem

        raise DrafterError(Problem(
            f"drafter has no catalog for {code!r}; use one of {', '.join(languages())} "
            "(`drafter list languages`), or add locale/<code>/LC_MESSAGES/drafter.po",
            field="--lang"))
    return code
