"""Babel extractors for drafter's own files, named in babel.cfg (`make catalogs`).

- clause files: a campaign clause's whole body is one message (msgctxt: its id); a rule's
  or extra's title, heading and summary are messages too (msgctxt: "<id> title", ...);
- document-type outlines: the type's name (msgctxt "document type").

Code (`_()`, `pgettext()`, `ngettext()`) and page templates use Babel's own python and
jinja2 extractors.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from .inputs.clauses import split_front_matter
from .words import squash

RULE_FIELDS = ("title", "heading", "summary")


def _text(fileobj) -> str:
    data = fileobj.read()
    return data.decode("utf-8") if isinstance(data, bytes) else data


def extract_clause(fileobj, keywords, comment_tags, options):
    """(line, 'pgettext', (context, message), comments) for one clause file."""
    source = getattr(fileobj, "name", "clause")
    front, body, body_line = split_front_matter(_text(fileobj), source)
    meta = yaml.safe_load(front) or {}
    clause_id = meta.get("id") or Path(source).stem
    if str(options.get("bodies", "false")).lower() == "true":
        stripped = body.lstrip("\n")
        body_line += len(body) - len(stripped)
        comment = f"Clause {clause_id} ({meta.get('title', '')}). Keep every {{{{ ... }}}} and " \
                  "{% ... %} as it is; translate the words around them."
        yield body_line, "pgettext", (clause_id, stripped.rstrip()), [comment]
    # A rule's words for the campaign papers (its text is translated in the clause library);
    # a supporting clause's or definition's heading and term for a courtesy translation.
    fields = (RULE_FIELDS if meta.get("kind") in ("rule", "extra") else
              ("title", "heading", "term") if str(options.get("headings")).lower() == "true"
              else ())
    for name in fields:
        if meta.get(name):
            yield 2, "pgettext", (f"{clause_id} {name}", squash(str(meta[name]))), []


def extract_outline(fileobj, keywords, comment_tags, options):
    """A document type's name, summary and next step, as the packet's contents and the web
    page give them."""
    data = yaml.safe_load(_text(fileobj)) or {}
    if data.get("name"):
        yield 1, "pgettext", ("document type", data["name"]), []
    # Legislation's number line ("ORDINANCE NO. ____"), for a courtesy translation.
    for outline in [data, *(data.get("variants") or {}).values()]:
        if outline.get("number_line"):
            yield 1, "pgettext", ("number line", outline["number_line"]), []
    if data.get("summary"):
        yield 1, "pgettext", ("document type summary", squash(data["summary"])), []
    if data.get("next_step"):
        yield 1, "pgettext", ("document type next step", squash(data["next_step"])), []


def _the(name: str) -> str:
    return name if name.lower().startswith("the ") else f"the {name}"


def extract_government(fileobj, keywords, comment_tags, options):
    """The names of governments, their bodies, officers and agencies, the readings and when
    a law takes effect, as papers in another language name them: every kind's generic
    words (drafter/inputs/kinds.py) and every form in the forms-of-government data. Names
    come with their article ("the City of {name}"), since the article's gender and the
    contractions follow the translated noun."""
    from .inputs.jurisdiction import TAKES_EFFECT_LOCAL, TAKES_EFFECT_STATE
    from .documents.campaign import OFFICE_TITLES
    from .documents.localized import HEAD_NOUNS
    from .inputs.kinds import INSTRUMENTS, KINDS, US_STATES

    found: dict[tuple[str, str], None] = {}
    entries = [vars(k) for k in KINDS.values()]
    data = yaml.safe_load(_text(fileobj)) or {}
    entries += list(data.get("forms") or []) + list(data.get("places") or [])
    named = (("legal_name", "legal name"), ("governing_body", "governing body"),
             ("word", "kind of government"), ("executive", "executive"), ("clerk", "office"),
             ("police", "agency"), ("sheriff", "agency"))
    for entry in entries:
        for field, context in named:
            value = entry.get(field)
            if isinstance(value, str) and value and value != "none":
                found[(context, _the(value))] = None
        for officer in entry.get("presiding_officers") or ():
            found[("office", _the(officer))] = None
        for reading in [*(entry.get("readings") or ()), entry.get("publication")]:
            if reading:
                found[("reading", squash(reading))] = None
        if entry.get("takes_effect"):
            found[("effective", squash(entry["takes_effect"]))] = None
    for instrument in INSTRUMENTS.values():
        found[("instrument", instrument.with_article)] = None
    for state in US_STATES.values():           # "New Mexico": Nuevo México
        found[("state", state)] = None
    for noun in HEAD_NOUNS:                    # the article an English name takes
        found[("article of an English name", noun)] = None
    found[("a body of a place", "{body} of {place}")] = None
    for title in OFFICE_TITLES:                # a letter's addressee, by gender
        for context in ("office title", "office title (female)", "office title (male)"):
            found[(context, title)] = None
    for default in (TAKES_EFFECT_LOCAL, TAKES_EFFECT_STATE):
        found[("effective", default)] = None
    for context, message in found:
        yield 1, "pgettext", (context, message), []


def extract_groups(fileobj, keywords, comment_tags, options):
    """The guide's groups of rules as the explainer heads them: label and why."""
    data = yaml.safe_load(_text(fileobj)) or {}
    for group in data.get("groups") or []:
        for name in ("label", "why", "topic"):
            if group.get(name):
                yield 1, "pgettext", (f"{group['id']} {name}", squash(str(group[name]))), []
