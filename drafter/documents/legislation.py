"""From a document type, a jurisdiction and a rule selection to one Draft: a law, a
resolution or an order laid out from its clause text (drafter.documents.clause_text)."""
from __future__ import annotations

from string import ascii_lowercase

from ..document import (FOOTER_NOTE, Attestation, AttestText, Caption, Draft, Enacting, NumberLine,
                        Paragraph, Recital, Section, SignatureLine, Subsection)
from ..i18n import N_, html_language
from ..inputs.clauses import load_translations
from ..inputs.doctypes import DocumentType, fill_clause_id
from ..inputs.jurisdiction import ordering_agencies
from ..jinja import render_text
from ..plain import plain
from ..words import squash
from .clause_text import ClauseText, job_author, unit_words
from .registry import Job, builder

COURTESY_NOTE = N_("Courtesy translation. Only the English text is official.")
# ... and, on every page while no lawyer who reads both languages has reviewed the
# translations of its rules (reviewed: false), that it has not been.
UNREVIEWED_NOTE = N_("Translation not reviewed by a lawyer.")


class Assembler(ClauseText):
    """A law, a resolution or an order: its clause text laid out with caption, recitals,
    enacting clause, sections and attestation."""

    def translations_reviewed(self) -> bool:
        """Whether a lawyer who reads both languages reviewed every chosen rule's translation."""
        translations = load_translations(self._.code)
        return all(translations[rule.id].meta.reviewed for rule in self.rules
                   if rule.id in translations)

    @property
    def draft_mark(self) -> bool:
        """Legislation is a DRAFT, with the drafting note, until --final."""
        return not self.job.request.final

    def enacting_text(self, context: dict) -> str | None:
        j = self.j
        enacting = self.doc_type.enacting
        if enacting is None:
            return None
        if enacting not in ("law", "resolution"):
            return squash(self.render(self.library.get(enacting, "supporting"), context))
        _ = self._
        formula = j.resolving_formula if enacting == "resolution" else j.enacting_formula
        if formula:          # the state's own words, from the forms data
            return formula if _.english else _.pgettext("enacting formula", formula)
        if _.english:
            if enacting == "resolution":
                verb = "RESOLVED"
            elif self.instrument == "Act":    # a bill has no WHEREAS to follow from
                return f"Be it enacted by the {j.governing_body} of {j.the_legal_name}:"
            else:
                verb = "ORDAINED" if self.instrument == "ordinance" else "ENACTED"
            return f"NOW, THEREFORE, BE IT {verb} BY THE {j.governing_body} OF {j.the_legal_name}:".upper()
        words = context["jurisdiction"]
        names = {"the_body": words["the_governing_body"], "the_legal_name": words["the_legal_name"],
                 "the_body_of": words["the_governing_body_of"]}   # the place named once
        if enacting == "resolution":
            text = _("NOW, THEREFORE, BE IT RESOLVED BY {the_body} OF {the_legal_name}:")
        elif self.instrument == "Act":
            text = _("Be it enacted by {the_body} of {the_legal_name}:")
        elif self.instrument == "ordinance":
            text = _("NOW, THEREFORE, BE IT ORDAINED BY {the_body} OF {the_legal_name}:")
        else:
            text = _("NOW, THEREFORE, BE IT ENACTED BY {the_body} OF {the_legal_name}:")
        text = _.finish(text.format(**names))
        return text[:1].upper() + text[1:] if self.instrument == "Act" else text.upper()

    def attestation(self, context: dict) -> Attestation:
        clause_id = self._clause_id(self.doc_type.attestation)
        if self.local_act:      # its record (readings, votes, the clerk) is an ordinance's
            clause_id = fill_clause_id(self.doc_type.attestation, instrument="ordinance",
                                       resolution_action=self.j.resolution_action)
        clause = self.library.get(clause_id, "supporting")
        items = []
        for paragraph in self.paragraphs(clause, context):
            if paragraph.startswith("SIGN:"):
                items.append(SignatureLine(paragraph.removeprefix("SIGN:").strip()))
            else:
                items.append(AttestText(paragraph))
        return Attestation(tuple(items))

    def assemble(self, file_stem: str = "") -> Draft:
        _ = self._
        slots = self.plan()
        context = self.context(slots)
        number_line = render_text(_.pgettext("number line", self.doc_type.number_line), context,
                                  filename=str(self.doc_type.path), field="number_line",
                                  first_line=self.doc_type.lines.get("number_line", 1))
        caption = squash(self.render(self.library.get(self.doc_type.caption), context))
        blocks: list = [NumberLine(number_line.strip()), Caption(caption)]
        if not _.english:          # a courtesy translation says so before anything else
            blocks.insert(0, Paragraph(_(COURTESY_NOTE), "note"))
        if self.doc_type.header:     # a general order's effective date, supersedes, authority
            blocks += [Paragraph(line, "plain") for line in
                       self.paragraphs(self.library.get(self.doc_type.header, "supporting"),
                                       context)]
        if self.doc_type.recitals:
            recitals = self.paragraphs(self.library.get(self.doc_type.recitals), context)
            for index, recital in enumerate(recitals):
                ending = ";" if index == len(recitals) - 1 else _.pgettext("recital", "; and")
                blocks.append(Recital(recital.rstrip(";.") + ending))
        enacting = self.enacting_text(context)
        if enacting:
            blocks.append(Enacting(enacting))
        definition_terms: list[str] = []
        # Inside the chapter, the text speaks of "this chapter" (or article, ...): it is what
        # stays in the code.
        chapter = unit_words(_, self.j.code_units[-1])[1]
        in_chapter = {**context, "document": plain(
            {**context["document"], "this": chapter, "This": chapter[:1].upper() + chapter[1:]})}
        for slot in slots:
            clause = slot.clause
            here = in_chapter if slot.chapter else context
            if slot.entry is not None and slot.entry.definitions:
                subsections = []
                english = here if _.english else self.english_context(here)
                for definition in self.definitions:
                    term = _.finish(squash(render_text(     # "Agencia del Condado"
                        _.pgettext(f"{definition.id} term", definition.meta.term), here,
                        filename=str(definition.path), field="term")))
                    body = squash(self.render(definition, here))
                    # In the English order in every language: (h) is the same definition in
                    # the law and beside it in its translation.
                    order = squash(render_text(definition.meta.term, english,
                                               filename=str(definition.path), field="term"))
                    subsections.append((order.casefold(), term, body))
                subsections.sort()
                subsections = [(term, body) for _order, term, body in subsections]
                definition_terms = [term for term, _body in subsections]
                blocks.append(Section(slot.number, self.heading(clause),
                                      tuple(self.paragraphs(clause, here)),
                                      tuple(Subsection(f"({ascii_lowercase[i]})", None,
                                                       _("“{term}” means {body}").format(
                                                           term=term, body=body))
                                            for i, (term, body) in enumerate(subsections)),
                                      clause_id=clause.id, label=self.label(slot)))
            else:
                heading = self.heading(clause)
                subsections = tuple(
                    Subsection(f"({label})", f"{self.heading(rule)}.",
                               squash(self.render(rule, here)))
                    for label, rule in zip(ascii_lowercase, slot.rules))
                blocks.append(Section(slot.number, heading,
                                      tuple(self.paragraphs(clause, here)),
                                      subsections, clause_id=clause.id,
                                      label=self.label(slot)))
        blocks.append(self.attestation(context))
        issuer = self.agency[0] if self.doc_type.issued_by == "agency" else None
        name = _.pgettext("document type", self.doc_type.name)
        if not _.english:
            name += " " + _("(courtesy translation)")
        title = f"{name}: {issuer or context['jurisdiction']['legal_name']}"
        subject = caption
        # A courtesy translation says on every page that only the English is official, that
        # it is drafting help, and whether a lawyer has reviewed its rules' translations.
        footer = (" ".join([_(COURTESY_NOTE), _(FOOTER_NOTE)]
                           + ([] if self.translations_reviewed() else [_(UNREVIEWED_NOTE)]))
                  if not _.english else FOOTER_NOTE if self.draft_mark else "")
        return Draft(doc_type=self.doc_type.id, title=title, subject=subject,
                     jurisdiction_slug=self.j.slug, blocks=tuple(blocks),
                     draft_mark=self.draft_mark, draft_word=_("DRAFT"),
                     footer_note=footer, author=job_author(self.options),
                     language=html_language(_.code),
                     page_words=(_("Page"), _.pgettext("page X of Y", "of")),
                     line_numbers=self.job.request.line_numbers, definition_terms=tuple(definition_terms),
                     file_stem=file_stem, untranslated=_.warning() or "")


@builder("legislation")
def build_legislation(doc_type: DocumentType, job: Job) -> list[Draft]:
    """An ordinance, resolution or order: numbered sections from the outline. An agency's
    general order is drafted once per agency that adopts its own: the police department's,
    and a separately elected sheriff's as a second file (`...-department-order-sheriff`)."""
    language = job.options.courtesy or "en"     # a law is English unless translated
    if doc_type.issued_by != "agency":
        return [Assembler(doc_type, job, language=language).assemble()]
    agencies = ordering_agencies(job.jurisdiction)
    return [Assembler(doc_type, job, agency, language).assemble(
                f"{job.jurisdiction.slug}-{doc_type.id}-sheriff" if number else "")
            for number, agency in enumerate(agencies)]
