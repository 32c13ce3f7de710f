"""Clause text, for laws and campaign papers alike: a document type's clauses numbered,
their variables (VARIABLES) filled in from the profile and the run, rendered in the
sandbox, in the document's language. Legislation lays them out as a law
(drafter.documents.legislation); campaign papers as papers (drafter.documents.campaign).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from string import ascii_lowercase

from ..errors import ClauseError, Problem
from ..i18n import Translator
from ..inputs.clauses import Clause, load_translations, model_hash
from ..inputs.doctypes import DocumentType, OutlineEntry, fill_clause_id
from ..inputs.jurisdiction import (TEMPLATE_HIDDEN_FIELDS, Jurisdiction, primary_agency,
                                   section_number)
from ..inputs.kinds import INSTRUMENTS, takes_article
from ..jinja import render_text
from ..plain import TemplateHelper, plain, plain_context
from ..words import join_and, squash
from .localized import english_words, jurisdiction_words, named
from .registry import Job

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


LEFTOVER = re.compile(r"\[[^\]\n]{0,80}\]|\{\{|\{%|\}\}|%\}")

# The variables a clause may use, documented for `drafter list variables` and the README.
VARIABLES = {
    "jurisdiction.legal_name": "the full name, e.g. City of Elm Harbor",
    "jurisdiction.the_legal_name": "the name inside a sentence: the City of Elm Harbor / Juniper County",
    "jurisdiction.name": "the name as the profile gives it, e.g. Elm Harbor",
    "jurisdiction.word": "the word replacing [County/City/State], e.g. City",
    "jurisdiction.state": "the U.S. state (for a state-level profile, its legal name)",
    "jurisdiction.governing_body": "e.g. City Council",
    "jurisdiction.member_title": "e.g. Councilmember",
    "jurisdiction.presiding_officers": "list of titles that sign what passes",
    "jurisdiction.executive": "e.g. Mayor (may be empty: test with {% if %})",
    "jurisdiction.clerk": "e.g. City Clerk",
    "jurisdiction.police": "e.g. Elm Harbor Police Department (may be empty)",
    "jurisdiction.sheriff": "e.g. Juniper County Sheriff’s Office (may be empty)",
    "jurisdiction.oversight_entity": "who takes complaints under the Redress Rule",
    "jurisdiction.the_oversight_entity": "the same with its article, inside a sentence: the Police Review Board / la Junta ...",
    "jurisdiction.the_governing_body_of": "the body and the place: the Board of County Commissioners of Juniper County / la Junta de Comisionados del Condado de Juniper",
    "jurisdiction.code_name": "e.g. Elm Harbor Municipal Code",
    "jurisdiction.code_title": "the number of the code's unit the law is added to (a Title, an Article), if the profile names it (else empty)",
    "jurisdiction.code_chapter": "the number of the unit the law adds (a Chapter), if the profile names it (else empty: the clerk assigns it)",
    "jurisdiction.code_units": "the code's units, largest first, the one a law adds last: Title, Chapter (Chapter alone by default)",
    "jurisdiction.section_number": "how the code numbers the new unit's sections: {chapter}-{n} by default",
    "jurisdiction.section_sign": "what precedes a section's number in the code: Sec. or §",
    "jurisdiction.code_verb": "how a law adds its unit, with the preposition: added to, created in",
    "jurisdiction.manager": "the appointed manager or administrator the governing body directs (else empty)",
    "jurisdiction.executive_elected": "true when the executive is elected on their own, false when they answer to the governing body, empty when not known",
    "jurisdiction.executive_orders": "false when the executive cannot issue executive orders",
    "jurisdiction.executive_approves": "true when an approval / veto line is printed for the executive (not a presiding executive without a veto)",
    "jurisdiction.jail": "who runs the jail: sheriff, county, regional or state (else empty)",
    "jurisdiction.jail_confirmed": "true when the profile or a primary source says who runs the jail",
    "jurisdiction.takes_effect": "when the ordinance takes effect",
    "jurisdiction.readings": "the readings a law gets, for the adoption record: First reading, Second reading (from the state's form)",
    "jurisdiction.publication": "a publication step the state's form requires before final passage (else empty)",
    "jurisdiction.state_level": "true for a state, commonwealth or district",
    "jurisdiction.sheriff_elected": "true when the sheriff is separately elected (jurisdictions/forms/sheriffs.yaml)",
    "jurisdiction.kind": "city, county, town, ... as the profile gives it",
    "jurisdiction.instrument": "what the governing body adopts: ordinance, Act, by-law, local law or resolution (resolution only)",
    "jurisdiction.instruments": "every instrument its form of government can adopt",
    "jurisdiction.instruments_note": "why only those, where the state's form says so (may be empty)",
    "jurisdiction.executive_board": "true when the executive is a board (a Select Board)",
    "jurisdiction.community": "what residents call the place: Nashville; else the legal name in a sentence",
    "jurisdiction.enacting_formula": "the profile's own enacting clause, if it gives one (else empty)",
    "jurisdiction.resolving_formula": "the profile's own resolving clause, if it gives one (else empty)",
    "jurisdiction.resolution_action": "adopt or urge: what the resolution does with the rules",
    "jurisdiction.slug": "the start of every file name, e.g. city-of-elm-harbor",
    "jurisdiction.officials": "the officials in the profile (each has name, title, address, email)",
    "document.instrument": "ordinance, Act, by-law, local law, resolution or order",
    "document.Instrument": "the same, capitalised",
    "document.this": "this ordinance / this Act / this resolution",
    "document.an_instrument": "an ordinance / a local law / a by-law / an order, with its article",
    "document.This": "the same, capitalised",
    "document.rules_section": "where the rules are, e.g. Section 1 or Sections 4 through 12",
    "document.recitals": "true when the document opens with WHEREAS recitals (a by-law's warrant article has none)",
    "document.author": "who adopts or issues it: the City Council, the Mayor, the ... Police Department",
    "document.adopted": "what the author does with it: adopted, enacted (an Act) or issued (an order)",
    "law_enforcement": "the police and sheriff named in the profile, joined with “and”",
    "addressees": "the executive and law enforcement agencies, joined with “and”",
    "code_unit": "the unit of the code a law adds: Chapter (the default), Subtitle, ... (code_units:)",
    "code_parent": "the unit above it, numbered by code_title: Title, Article (else empty)",
    "directed": "the officer the adopting body directs: its manager (manager:), or an executive it chooses (executive_elected: false); else empty",
    "directed_for": "the agencies that officer runs for the body (police, an appointed sheriff), joined with “and” (else empty)",
    "requested": "who a resolution requests and urges: an executive elected on their own or not known to be otherwise, the agencies no one it directs runs, an elected sheriff",
    "requested_each": "the same, each with the preposition the language repeats (Spanish: al Ejecutivo del Condado y a la Oficina del Sheriff); in English as requested (else empty)",
    "directed_agencies": "the police and sheriff the adopting body can direct, joined with “and”",
    "elected_sheriff": "the sheriff's office, when it is separately elected and the document is not its own order (else empty)",
    "agency": "the police department (or else the sheriff's office) a department order is for",
    "agency_head": "Chief of Police or Sheriff",
    "executive_name": "the executive's name when the profile lists them among officials",
    "law_title": "the short title, e.g. Elm Harbor Community Trust Ordinance, Jefferson Parish Community Trust Ordinance",
    "already_in_writing": "with --missing: the rules already in the code, left out, joined with “and” (else empty)",
    "in_policy_only": "with --missing: the rules written only in department policy, kept, joined with “and” (else empty)",
    "state_safe": "with --state-safe: the state whose law the document yields to (else empty)",
    "left_out_by_state_law": "with --state-safe: the rules left out because that law forbids them, joined with “and”",
    "state_laws_forbidding": "with --state-safe: the provisions of state law that forbid them (Ark. Code Ann. § 14-1-103(b)(2)(D)-(E), ...), joined with “and”",
    "limited_by_state_law": "with --state-safe: each rule kept that the law narrows, “the Don’t Ask Rule only to the extent permitted by Idaho Code § 19-6102(3)”, joined with “and” (else empty)",
    "topics": "the subjects of the selected rules, for a caption",
    "groups": "ids of the selected rule groups (deportation-defense, privacy, ...)",
    "rule_ids": "ids of the selected rules and extras (judicial-warrant, no-287g, ...)",
    "section(id)": "the number of the section holding a clause, e.g. Section 4",
    "sections(first, last)": "a range, e.g. Sections 4 through 12",
    "range(n)": "the numbers 0 to n-1, for a loop (at most 100,000)",
    # Campaign papers (petition, letter, testimony, worksheet) also have:
    "sender": "letters: the --from sender (sender.group, sender.the_group with its article, sender.contact, sender.email, ...)",
    "date": "letters: the date printed, e.g. November 25, 2026",
    "speaker": "testimony: the speaker's name, or a blank line to fill in",
    "neighborhood": "testimony: the speaker's neighborhood, or a blank line",
    "agenda_item": "testimony: the agenda item, or a blank line",
    "rule_titles": "the titles of the selected rules, joined with “and” (the 1373 Rule in plain words)",
    "law_word": "the law the profile's body adopts, with its article: an ordinance / a by-law / an Act",
    "official": "letters: the official written to (official.name, official.title, ...)",
    "official_title": "letters: that official's title",
    "recipient": "letters: law-enforcement, elected, body or select-board (who is asked what)",
    "reply_by": "letters: the date to answer by, two weeks after the letter's date",
    # The state-law memo also has:
    "state": "state-law memo: the state whose law it reports",
    "at_risk": "state-law memo: true when a chosen rule is at risk under that law",
    "finding": "state-law memo: restricts, protects, none-found (or not-researched: a place outside the states and DC)",
    "laws_listed": "state-law memo: true when drafter's data lists a law for the state, in force or not",
    # The report back also has:
    "meeting": "report back: the meeting (meeting.date, meeting.official, meeting.attendees, ...)",
    "counts_sentence": "report back: how many rules are in place, in writing and supported",
    "written": "report back: the rules in writing, joined with “and”",
    "practice": "report back: the rules in place but not in writing",
    "unconfirmed": "report back: the rules in place, not known whether in writing",
    "opposed": "report back: the rules the official opposes",
    "supports": "report back: the rules not in place that the official supports",
    "missing": "report back: the rules not in place",
    "unknown": "report back: the rules with no answer yet",
}


@dataclass(frozen=True)
class DocumentWords:
    instrument: str
    Instrument: str
    this: str
    This: str
    an_instrument: str          # "an ordinance", "a local law"
    rules_section: str
    author: str
    recitals: bool              # the document opens with WHEREAS recitals
    adopted: str                # what the author does with it: adopted, enacted or issued


def job_author(options) -> str:
    """The document's author property: the group sending it, or nobody."""
    return options.sender.group if options.sender else ""


# The laws a clerk files in a code (an Act goes to the state's revisers instead).
CODIFIED_INSTRUMENTS = ("ordinance", "by-law", "local law")


def _with_article(instrument: str) -> str:
    """'an ordinance', 'a local law', 'a resolution', 'an order'."""
    if instrument in INSTRUMENTS:
        return INSTRUMENTS[instrument].with_article
    return f"an {instrument}" if instrument[:1] in "aeiou" else f"a {instrument}"


def instrument_words(_: Translator, instrument: str) -> tuple[str, str, str]:
    """('ordinance', 'this ordinance', 'adopted') in `_`'s language: the word, the document
    speaking of itself, and what its author does with it."""
    words = {
        "ordinance": (_.pgettext("instrument word", "ordinance"),
                      _.pgettext("this instrument", "this ordinance"), _.pgettext("adopted", "adopted")),
        "Act": (_.pgettext("instrument word", "Act"), _.pgettext("this instrument", "this Act"),
                _.pgettext("adopted", "enacted")),
        "by-law": (_.pgettext("instrument word", "by-law"),
                   _.pgettext("this instrument", "this by-law"), _.pgettext("adopted", "adopted")),
        "local law": (_.pgettext("instrument word", "local law"),
                      _.pgettext("this instrument", "this local law"),
                      _.pgettext("adopted", "adopted")),
        "resolution": (_.pgettext("instrument word", "resolution"),
                       _.pgettext("this instrument", "this resolution"),
                       _.pgettext("adopted", "adopted")),
        "order": (_.pgettext("instrument word", "order"), _.pgettext("this instrument", "this order"),
                  _.pgettext("adopted", "issued")),
    }
    return words.get(instrument) or (instrument, f"this {instrument}", "adopted")


def roman(number: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        while number >= value:
            out, number = out + letters, number - value
    return out


def official_name(jurisdiction: Jurisdiction, title: str | None) -> str | None:
    """The name of the listed official holding `title`, if the profile lists one."""
    if not title:
        return None
    for official in jurisdiction.officials:
        if official.title.casefold() == title.casefold():
            return official.name
    return None


@dataclass
class _Slot:
    """A section planned in the first pass: its number and what fills it."""
    number: int
    entry: OutlineEntry | None            # None: the section adding the chapter to the code
    clause: Clause | None = None          # clause sections and rule sections
    rules: tuple[Clause, ...] = ()        # rules shown as subsections
    chapter: bool = False                 # a section of the chapter added to the code


def unit_words(_: Translator, unit: str) -> tuple[str, str]:
    """A unit of a code (Title, Chapter, ...) in the document's language, and what a law's
    text calls it when it adds one ("this chapter"); a unit the catalog does not know stays
    as the profile gives it."""
    words = {"Title": (_.pgettext("code unit", "Title"),
                       _.pgettext("this instrument", "this title")),
             "Chapter": (_.pgettext("code unit", "Chapter"),
                         _.pgettext("this instrument", "this chapter")),
             "Article": (_.pgettext("code unit", "Article"),
                         _.pgettext("this instrument", "this article")),
             "Subtitle": (_.pgettext("code unit", "Subtitle"),
                          _.pgettext("this instrument", "this subtitle")),
             "Part": (_.pgettext("code unit", "Part"),
                      _.pgettext("this instrument", "this part")),
             "Division": (_.pgettext("code unit", "Division"),
                          _.pgettext("this instrument", "this division"))}
    return words.get(unit, (unit, f"this {unit.lower()}"))


def short_name(j: Jurisdiction) -> str:
    """The name a short title starts with: "Elm Harbor" for the City of Elm Harbor, but the
    whole "Jefferson Parish" or "Juniper County", whose kind word is part of the name."""
    return j.name if takes_article(j.legal_name) else j.legal_name


class ClauseText:
    """A document's clauses as text, in two passes: number every section, then render each
    clause with its cross-references, the profile's names and the run's words (what a law,
    an order and a campaign paper share; drafter.documents.legislation lays out a law)."""

    def __init__(self, doc_type: DocumentType, job: Job,
                 agency: tuple[str | None, str | None] | None = None, language: str = "en"):
        # The agency an agency's own general order is for (the primary one by default).
        self.agency = agency or primary_agency(job.jurisdiction)
        # The language of the text: another than English for a courtesy translation of a
        # law (from the clause library's translations and the catalog) or a campaign paper.
        self._ = Translator(language, job.templates)
        self.job = job
        self._english: tuple[dict, dict] | None = None   # English contexts, when needed
        self.ref_numbers: dict[str, str] = {}
        self.in_writing = job.options.already_in_writing   # --missing: rules already written
        self.options = job.options
        self.j = jurisdiction = job.jurisdiction
        self.library = job.library
        self.rules = rules = list(job.selection)
        self.refs: dict[str, str] = {}
        # For a law, the jurisdiction's instrument (ordinance, Act, by-law, local law), whose
        # outline may differ; "resolution" or "order" otherwise.
        self.instrument = (jurisdiction.instrument if doc_type.instrument == "law"
                           else doc_type.instrument)
        self.doc_type = doc_type = doc_type.for_instrument(self.instrument)
        self.entries = [e for e in doc_type.sections
                        if (not e.if_rule or e.if_rule in {r.id for r in rules})
                        and (not e.if_option or getattr(job.options, e.if_option))]
        self.definitions = self._definition_clauses()

    # -- pass 1 ---------------------------------------------------------------
    def _clause_id(self, template: str) -> str:
        return fill_clause_id(template, instrument=self.instrument.lower().replace(" ", "-"),
                              resolution_action=self.j.resolution_action)

    @property
    def local_act(self) -> bool:
        """A county's Act (a Maryland charter county's bill): filed in its code and recorded
        like an ordinance, unlike a state's."""
        return self.instrument == "Act" and not self.j.state_level

    @property
    def adds_chapter(self) -> bool:
        """A law a clerk files in a code adds its rules as a new chapter of that code."""
        return ((self.instrument in CODIFIED_INSTRUMENTS or self.local_act)
                and bool(self.doc_type.codify))

    def _in_chapter(self, entry: OutlineEntry, clause: Clause | None) -> bool:
        codify = self.doc_type.codify
        return self.adds_chapter and bool(
            (entry.definitions and "definitions" in codify)
            or (entry.rules == "sections" and "rules" in codify)
            or (entry.clause and clause is not None and clause.id in codify))

    def plan(self) -> list[_Slot]:
        """Every section in order. A law that adds a chapter numbers its own sections 1, 2,
        ... and the chapter's sections ____-1, ____-2, ... after the one that adds it."""
        planned: list[tuple[OutlineEntry, Clause | None, tuple[Clause, ...]]] = []
        for entry in self.entries:
            if entry.rules == "sections":
                planned += [(entry, rule, ()) for rule in self.rules]
            elif entry.definitions:
                if self.definitions:
                    planned.append((entry, self.library.get(entry.definitions, "supporting"), ()))
            else:
                rules = tuple(self.rules) if entry.rules == "subsections" else ()
                planned.append((entry, self.library.get(self._clause_id(entry.clause)), rules))
        slots: list[_Slot] = []
        counts = {False: 0, True: 0}          # the law's own sections, the chapter's
        for entry, clause, rules in planned:
            chapter = self._in_chapter(entry, clause)
            if chapter and not counts[True]:  # the section that adds the chapter
                counts[False] += 1
                slots.append(_Slot(counts[False], None,
                                   clause=self.library.get("codification", "supporting")))
            counts[chapter] += 1
            slots.append(_Slot(counts[chapter], entry, clause=clause, rules=rules,
                               chapter=chapter))
        for slot in slots:
            if slot.clause:
                self.ref_numbers[slot.clause.id] = self.slot_number(slot)
            for label, rule in zip(ascii_lowercase, slot.rules):
                self.ref_numbers[rule.id] = f"{self.slot_number(slot)}({label})"
        self.refs = {key: self.section_word(number) for key, number in self.ref_numbers.items()}
        return slots

    def section_word(self, number: str) -> str:
        """'Section 4', 'Section 4(a)', 'Sección 4'."""
        return self._("Section {number}").format(number=number)

    def sections_word(self, first: str, last: str) -> str:
        return (self.section_word(first) if first == last else
                self._("Sections {first} through {last}").format(first=first, last=last))

    def slot_number(self, slot: _Slot) -> str:
        """'4', 'IV' in a department order, '____-3' in a chapter the clerk will number."""
        if slot.chapter:
            return section_number(self.j.section_number, title=self.j.code_title,
                                  chapter=self.j.code_chapter, n=slot.number)
        return self.number_text(slot.number)

    def label(self, slot: _Slot) -> str:
        """'Sec. ____-3.' in a chapter, 'IV.' in a department order, else '' ('Section 4.')."""
        if slot.chapter and self.j.section_sign != "Sec.":
            return f"{self.j.section_sign} {self.slot_number(slot)}."
        if slot.chapter:
            return self._("Sec. {number}.").format(number=self.slot_number(slot))
        if self.doc_type.numbering == "roman":
            return f"{roman(slot.number)}."
        return "" if self._.english else self._("Section {number}.").format(number=slot.number)

    def number_text(self, number: int) -> str:
        return roman(number) if self.doc_type.numbering == "roman" else str(number)

    def _body_clauses(self) -> list[Clause]:
        """Clauses in the operative text, whose terms the definitions must cover."""
        found = list(self.rules)
        for entry in self.entries:
            if entry.clause:
                found.append(self.library.get(self._clause_id(entry.clause)))
        return found + ([self.library.get("codification", "supporting")]
                        if self.adds_chapter else [])

    def _definition_clauses(self) -> list[Clause]:
        """Definitions of every term the body uses, directly or through another definition."""
        wanted: list[str] = []
        queue = [term for clause in self._body_clauses() for term in clause.meta.terms]
        while queue:
            term = queue.pop(0)
            if term not in wanted:
                wanted.append(term)
                queue.extend(self.library.get(term, "definition").meta.terms)
        return [self.library.get(term, "definition") for term in wanted]

    # -- pass 2 ---------------------------------------------------------------
    def _section_ref(self, clause_id: str) -> str:
        if clause_id not in self.refs:
            raise ValueError(f"no section holds {clause_id!r} in this document")
        return self.refs[clause_id]

    def _sections_ref(self, first: str, last: str) -> str:
        self._section_ref(first), self._section_ref(last)      # both must exist
        return self.sections_word(self.ref_numbers[first], self.ref_numbers[last])

    def context(self, slots: list[_Slot]) -> dict:
        j = self.j
        instrument = self.instrument
        rules_slot = next((s for s in slots if s.rules), None)
        rule_slots = [self.slot_number(s) for s in slots
                      if s.entry and s.entry.rules == "sections"]
        _ = self._
        if rules_slot:
            rules_section = self.section_word(self.slot_number(rules_slot))
        elif rule_slots:
            rules_section = self.sections_word(rule_slots[0], rule_slots[-1])
        else:
            rules_section = ""
        words = (english_words(j, plain(j, exclude=TEMPLATE_HIDDEN_FIELDS)) if _.english else
                 jurisdiction_words(_, j, plain(j, exclude=TEMPLATE_HIDDEN_FIELDS)))

        def the(name: str, context: str = "agency") -> str:
            if not _.english:
                return named(_, j, name, context)
            return name if name.lower().startswith("the ") else f"the {name}"

        def join(items: list[str]) -> str:
            return join_and(items, _.code)

        def all_agencies() -> str:
            return _.pgettext("all agencies", "all {word} agencies").format(
                word=words["word"], the_word=words.get("the_word", ""))

        def rule_names(titles) -> str:      # "the Judicial Warrant Rule", in the language
            by_title = {rule.meta.title: rule for rule in self.library.rules()}
            return join([_.pgettext("a rule in a sentence", "the {title}").format(
                title=_.pgettext(f"{by_title[t].id} title", t)) if t in by_title
                else f"the {t}" for t in (t.removeprefix("the ") for t in titles)])

        agencies = [the(a) for a in (j.police, j.sheriff) if a]
        executive = [the(j.executive, "executive")] if j.executive else []
        addressees = executive + agencies
        # A separately elected sheriff answers to the voters, not to the council or the
        # executive: only the sheriff's own general order may direct the office.
        elected = j.sheriff if j.sheriff_elected and self.doc_type.issued_by != "agency" else None
        directed_agencies = [the(a) for a in (j.police, j.sheriff) if a and a != elected]
        # A body directs only the officers it appoints or controls: its manager, or an
        # executive it chooses. An executive elected on their own (or not known to be
        # otherwise) and an elected sheriff are requested and urged instead.
        in_charge = ([the(j.manager, "executive")] if j.manager else
                     executive if j.executive_elected is False else [])
        requested = [*(executive if j.executive_elected or
                       (j.executive_elected is None and not j.manager) else []),
                     *([] if in_charge else directed_agencies),
                     *([the(elected)] if elected else [])]
        agency, agency_head = self.agency
        issued_by = self.doc_type.issued_by
        author = (executive[0] if issued_by == "executive" and executive else
                  the(agency) if issued_by == "agency" and agency else
                  words["the_governing_body"] if not _.english else f"the {j.governing_body}")
        groups = []
        for rule in self.rules:
            if rule.meta.group not in groups:
                groups.append(rule.meta.group)
        topics = [_.pgettext(f"{g} topic", self.library.groups[g].topic) for g in groups]
        word, this, adopted = instrument_words(_, instrument)
        return plain_context({
            "jurisdiction": words,
            "document": DocumentWords(word, word[:1].upper() + word[1:],
                                      this, this[:1].upper() + this[1:],
                                      _.pgettext("instrument", _with_article(instrument)),
                                      rules_section, author, bool(self.doc_type.recitals),
                                      adopted),
            "law_enforcement": join(agencies),
            "addressees": join(addressees) or all_agencies(),
            "code_unit": unit_words(_, j.code_units[-1])[0],
            "code_parent": unit_words(_, j.code_units[-2])[0] if len(j.code_units) > 1 else "",
            "directed": join(in_charge),
            "directed_for": join(directed_agencies) if in_charge else "",
            "requested": join(list(dict.fromkeys(requested))) or ("" if in_charge
                                                                 else all_agencies()),
            # Spanish repeats the preposition before each person asked: "al Ejecutivo del
            # Condado y a la Oficina del Sheriff".
            "requested_each": _.finish(join([
                _.pgettext("asked of each", "{who}").format(who=who)
                for who in dict.fromkeys(requested)])) if requested else "",
            "directed_agencies": join(directed_agencies),
            "elected_sheriff": the(elected) if elected else "",
            "topics": join(topics),
            "already_in_writing": rule_names(self.in_writing),
            "in_policy_only": rule_names(self.options.in_policy_only),
            "state_safe": self.options.state_safe,
            "left_out_by_state_law": (join(list(self.options.left_out_by_state_law)) if _.english
                                      else rule_names(self.options.left_out_by_state_law)),
            "state_laws_forbidding": join(list(self.options.state_laws_forbidding)),
            "limited_by_state_law": join([
                _.pgettext("state-safe", "{rule} only to the extent permitted by {subsections}")
                .format(rule=rule_names([rule]), subsections=join(list(subsections)))
                for rule, subsections in self.options.limited_by_state_law]),
            "law_title": f"{short_name(j)} Community Trust {INSTRUMENTS[j.instrument].title}",
            "law_word": _.pgettext("instrument", INSTRUMENTS[j.instrument].with_article),
            "groups": tuple(groups),
            "rule_ids": tuple(rule.id for rule in self.rules),
            "agency": agency,
            "agency_head": agency_head,
            "executive_name": official_name(j, j.executive),
            "section": TemplateHelper("section", self._section_ref),
            "sections": TemplateHelper("sections", self._sections_ref),
        })

    def english_context(self, context: dict) -> dict:
        """The English template context matching `context` (inside the chapter or not), for
        a clause a courtesy translation leaves in English."""
        if self._english is None:
            english = ClauseText(self.doc_type, self.job, self.agency)
            base = english.context(english.plan())
            unit = f"this {self.j.code_units[-1].lower()}"
            self._english = (base, {**base, "document": plain(
                {**base["document"], "this": unit, "This": unit[:1].upper() + unit[1:]})})
        in_chapter = context["document"]["this"] == unit_words(self._, self.j.code_units[-1])[1]
        # Only the words the assembler supplies go back to English; a campaign paper's own
        # (sender, date, ...) stay.
        return {**context, **self._english[1 if in_chapter else 0]}

    def translated(self, clause: Clause) -> Clause:
        """The clause in a courtesy translation's language: a rule or extra from the clause
        library's translation of that exact English text (clauses/translations/<code>/), any
        other clause from the catalog. What has no translation stays English, noted."""
        _ = self._
        if _.english:
            return clause
        if clause.meta.kind in ("rule", "extra"):
            translation = load_translations(_.code).get(clause.id)
            if translation and translation.meta.translation_of.sha256 == model_hash(clause.body):
                return replace(clause, body=translation.body, path=translation.path,
                               body_line=translation.body_line)
            _(clause.body, clause.id)                  # noted as missing
            return clause
        if not _.has(clause.body, clause.id):
            _(clause.body, clause.id)
            return clause
        catalog, line = _.where(clause.body, clause.id)
        return replace(clause, body=_(clause.body, clause.id), path=catalog, body_line=line)

    def heading(self, clause: Clause) -> str:
        """A section's or subsection's heading: the clause's heading, else its title."""
        _, meta = self._, clause.meta
        if not _.english and meta.kind in ("rule", "extra"):
            translation = load_translations(_.code).get(clause.id)
            if translation and translation.meta.translation_of.sha256 == model_hash(clause.body):
                return translation.meta.heading or translation.meta.title
            return meta.heading or meta.title      # its text stays English: so does its name
        if meta.heading:
            return _.pgettext(f"{meta.id} heading", meta.heading)
        return _.pgettext(f"{meta.id} title", meta.title)

    def render(self, clause: Clause, context: dict) -> str:
        translated = self.translated(clause)
        if translated is clause and not self._.english:    # left in English: English words
            context = self.english_context(context)
        text = render_text(translated.body, context, filename=str(translated.path),
                           first_line=translated.body_line)
        text = self._.finish(text)
        leftover = LEFTOVER.search(text)
        if leftover:
            raise ClauseError(Problem(f"leftover placeholder {leftover.group()!r} in the output; "
                                      "replace it with text or a documented variable",
                                      file=str(clause.path)))
        return text.strip()

    def paragraphs(self, clause: Clause, context: dict) -> list[str]:
        text = self.render(clause, context)
        return [squash(p) for p in PARAGRAPH_BREAK.split(text) if p.strip()]
