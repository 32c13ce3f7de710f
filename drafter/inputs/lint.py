"""`drafter check --strict`: problems that do not stop drafting but a lawyer should fix."""
from __future__ import annotations

import re

from ..errors import Problem
from .clauses import TRANSLATIONS, Clause, ClauseLibrary, load_translations, model_hash
from .jurisdiction import Jurisdiction

PLACEHOLDERS = ("[County/City/State]", "[oversight entity]")
BRACKETS = re.compile(r"\[[^\]\n]*\]")
MARKERS = re.compile(r"\b(TODO|XXX)\b")
CROSS_REFERENCE = re.compile(r"""\bsections?\(([^)]*)\)""")
QUOTED = re.compile(r"""['"]([^'"]+)['"]""")
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def plain(text: str, word: str) -> str:
    """A clause's text with the jurisdiction word filled in and other template code removed."""
    for placeholder in ("[County/City/State]", "{{ jurisdiction.word }}"):
        text = text.replace(placeholder, word)
    return " ".join(JINJA.sub(" ", text).split())


def appears(phrase: str, text: str) -> bool:
    """Whole-word, case-insensitive for words, exact for acronyms (ICE); plurals count."""
    flags = 0 if phrase.isupper() else re.IGNORECASE
    return re.search(rf"\b{re.escape(phrase)}", text, flags) is not None


def lint(library: ClauseLibrary, model: ClauseLibrary, jurisdiction: Jurisdiction) -> list[Problem]:
    word = jurisdiction.word
    definitions = {c.id: c for c in library.clauses.values() if c.meta.kind == "definition"}
    terms = {i: plain(d.meta.term or "", word) for i, d in definitions.items()}
    problems: list[Problem] = []

    def at(clause: Clause, message: str, line: int | None = None, field: str | None = None):
        problems.append(Problem(message, file=str(clause.path), line=line, field=field))

    for clause in library.clauses.values():
        text = plain(clause.body, word)
        listed = set(clause.meta.terms)
        # A term listed but never used (for "City official", the word "official" suffices:
        # "City agency or official" uses it).
        for term_id in clause.meta.terms:
            term = terms.get(term_id, "")
            core = term[len(word) + 1:] if term.startswith(word + " ") else term
            if term and not appears(core, text):
                at(clause, f"lists the term “{term}” ({term_id}) but its text never uses it; "
                           "remove it from terms", clause.field_lines.get(("terms",)), "terms")
        # A defined term used in operative text but not listed, so it would not be defined.
        if clause.meta.kind in ("rule", "extra", "definition"):
            for term_id, term in terms.items():
                if term_id != clause.id and term_id not in listed and appears(term, text):
                    at(clause, f"uses the defined term “{term}” but does not list {term_id} in "
                               "terms, so the definitions would leave it out",
                       clause.field_lines.get(("terms",)) or clause.field_lines.get(("id",)), "terms")
        for offset, line in enumerate(clause.body.splitlines()):
            number = clause.body_line + offset
            for found in BRACKETS.findall(line):
                if found not in PLACEHOLDERS:
                    at(clause, f"leftover placeholder {found}; replace it with text", number)
            for found in MARKERS.findall(line):
                at(clause, f"leftover {found} note; resolve it before drafting", number)
            for call in CROSS_REFERENCE.findall(line):
                for target in QUOTED.findall(call):
                    if target not in library.clauses:
                        at(clause, f"cross-reference to {target!r}, which no clause has", number)
        origin = clause.meta.copied_from
        if origin:
            current = model.clauses.get(origin.id)
            if current is None:
                at(clause, f"copied from {origin.id!r}, which the built-in library no longer has",
                   clause.field_lines.get(("copied_from", "id")), "copied_from.id")
            elif model_hash(current.body) != origin.sha256:
                at(clause, f"the model clause {origin.id!r} ({current.path}) has changed since this "
                           "copy was made; compare them (drafter redline), update your text, then "
                           f"set copied_from.sha256 to {model_hash(current.body)}",
                   clause.field_lines.get(("copied_from", "sha256")), "copied_from.sha256")
    return problems


def stale_translations(model: ClauseLibrary) -> list[Problem]:
    """Translations whose English text has changed since they were made: a courtesy
    translation must never say what the English no longer does."""
    from .. import paths

    problems = []
    root = paths.clauses_dir() / TRANSLATIONS
    for folder in sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []:
        for translation in load_translations(folder.name).values():
            origin = translation.meta.translation_of
            english = model.clauses.get(origin.id)
            line = translation.field_lines.get(("translation_of", "sha256"))
            if english is None:
                problems.append(Problem(f"translates {origin.id!r}, which the built-in library "
                                        "no longer has", file=str(translation.path), line=line))
            elif model_hash(english.body) != origin.sha256:
                problems.append(Problem(
                    f"the English text of {origin.id!r} ({english.path}) has changed since this "
                    "translation was made; compare them, update the translation, then set "
                    f"translation_of.sha256 to {model_hash(english.body)}",
                    file=str(translation.path), line=line, field="translation_of.sha256"))
    return problems
