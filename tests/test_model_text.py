"""The nine rules and the 1373 rule come out word for word, in every format."""
from __future__ import annotations

import re

import pytest
from conftest import FOUR, GUIDE, docx_text, normalise, pdf_body_text, read_md

from drafter.inputs.clauses import load_library
from drafter.inputs.jurisdiction import load_jurisdiction

LIBRARY = load_library()
RULES = LIBRARY.rules()


def guide_rules() -> dict[str, str]:
    """Rule number (or '1373') -> model text, parsed from the Action Guide itself."""
    text = GUIDE.read_text(encoding="utf-8")
    found = {}
    for match in re.finditer(r"^#(\d)\)[^:]*:(.*)$", text, re.M):
        found[match[1]] = normalise(match[2])
    match = re.search(r"^1373 Rule:(.*)$", text, re.M)
    found["1373"] = normalise(match[1])
    return found


@pytest.mark.skipif(not GUIDE.exists(), reason="the shared Action Guide is not beside the checkout")
def test_clause_files_hold_the_guide_text_exactly():
    model = guide_rules()
    assert len(model) == 10
    for rule in RULES:
        key = str(rule.meta.number) if rule.meta.number else "1373"
        assert normalise(rule.body) == model[key], rule.path


def test_library_has_nine_numbered_rules_and_the_1373_rule():
    numbers = [r.meta.number for r in RULES]
    assert numbers == [1, 2, 3, 4, 5, 6, 7, 8, 9, None]
    assert RULES[-1].id == "federal-law-1373"
    for rule in RULES:
        assert 60 <= len(rule.meta.summary) <= 450, rule.id
        assert rule.meta.source


def filled(rule, jurisdiction) -> str:
    text = rule.body.replace("[County/City/State]", jurisdiction.word)
    return normalise(text.replace("[oversight entity]", jurisdiction.oversight_entity or ""))


@pytest.mark.parametrize("kind", FOUR)
@pytest.mark.parametrize("doc_type", ["ordinance", "resolution"])
def test_every_rule_word_for_word_in_docx_pdf_and_md(drafted, kind, doc_type):
    jurisdiction = load_jurisdiction(FOUR[kind])
    files = drafted[kind, doc_type]
    docx, pdf = docx_text(files["docx"]), pdf_body_text(files["pdf"])
    md = normalise(read_md(files["md"]))
    for rule in RULES:
        expected = filled(rule, jurisdiction)
        assert expected in docx, (rule.id, "docx")
        assert expected in pdf, (rule.id, "pdf")
        assert expected in md, (rule.id, "md")


@pytest.mark.parametrize("kind", FOUR)
@pytest.mark.parametrize("doc_type", ["ordinance", "resolution"])
def test_docx_text_equals_pdf_text(drafted, kind, doc_type):
    files = drafted[kind, doc_type]
    assert docx_text(files["docx"]) == pdf_body_text(files["pdf"])


@pytest.mark.parametrize("kind", FOUR)
@pytest.mark.parametrize("doc_type", ["ordinance", "resolution"])
def test_no_placeholder_survives(drafted, kind, doc_type):
    files = drafted[kind, doc_type]
    for text in (docx_text(files["docx"]), pdf_body_text(files["pdf"]),
                 read_md(files["md"])):
        assert not re.search(r"\[[^\]]*\]", text)
        for marker in ("{{", "}}", "{%", "None", "County/City/State", "oversight entity"):
            assert marker not in text


def test_jurisdiction_words_by_kind(drafted):
    city = docx_text(drafted["city", "ordinance"]["docx"])
    assert city.startswith("ORDINANCE NO.")
    assert "AN ORDINANCE of the City of Elm Harbor, Michigan, relating to" in city
    assert "NOW, THEREFORE, BE IT ORDAINED BY THE CITY COUNCIL OF THE CITY OF ELM HARBOR:" in city
    assert "City officials shall require a judicial warrant" in city
    county = docx_text(drafted["county", "ordinance"]["docx"])
    assert "AN ORDINANCE of Juniper County, Colorado" in county
    assert "BY THE BOARD OF COUNTY COMMISSIONERS OF JUNIPER COUNTY:" in county
    state = docx_text(drafted["state", "ordinance"]["docx"])
    assert state.startswith("BILL NO.") and "AN ACT relating to" in state
    # Wash. Const. art. II, s. 18, from the forms data; no "NOW, THEREFORE" in a bill
    assert "Be it enacted by the Legislature of the State of Washington:" in state
    assert "NOW, THEREFORE" not in state
    assert "The Legislature would have enacted each remaining portion of this Act" in state
    assert "This Act takes effect" in state and "ordinance" not in state.lower()
    assert "Speaker of the House of Representatives" in state and "Governor" in state
    parish = docx_text(drafted["parish", "ordinance"]["docx"])
    assert "Parish officials shall require" in parish and "Bayou Verde Parish" in parish
    resolution = docx_text(drafted["city", "resolution"]["docx"])
    assert "A RESOLUTION of the City Council of the City of Elm Harbor" in resolution
    assert "NOW, THEREFORE, BE IT RESOLVED BY THE CITY COUNCIL" in resolution


def test_ordinance_sections_are_numbered_in_order_with_cross_references(drafted):
    from conftest import docx_paragraphs

    headings = [t for s, t in docx_paragraphs(drafted["city", "ordinance"]["docx"])
                if s == "Section Heading"]
    # Section 1 adds a chapter to the code; the rules are its numbered sections; the rest of
    # the ordinance (repealer, severability, effective date) stays out of the code.
    assert headings[:5] == ["Section 1. Addition to the Code", "Sec. ____-1. Short Title",
                            "Sec. ____-2. Findings and Purpose", "Sec. ____-3. Definitions",
                            "Sec. ____-4. Judicial Warrant Rule"]
    assert headings[-7:] == ["Sec. ____-13. Compliance with Federal Law",
                             "Sec. ____-14. Savings Clause", "Sec. ____-15. Construction",
                             "Sec. ____-16. Certifications for Victims of Crime",
                             "Section 2. Conflicting Provisions", "Section 3. Severability",
                             "Section 4. Effective Date"]
    text = docx_text(drafted["city", "ordinance"]["docx"])
    assert ("A new Chapter ______, entitled “Elm Harbor Community Trust Ordinance,” is added to "
            "the Elm Harbor Municipal Code, to read as follows.") in text
    assert "This chapter may be cited as the “Elm Harbor Community Trust Ordinance.”" in text
    # Rule 8 keeps the model's "this policy", defined as the chapter.
    assert "“This policy” means this chapter." in text
    assert "Any person who alleges a violation of this policy may file" in text
    assert ("Nothing in this chapter creates or implies any duty of the City of Elm Harbor, "
            "or of any of its officers or employees, to enforce federal civil immigration law"
            in text)
    assert "Form I-918, Supplement B (U Nonimmigrant Status Certification)" in text
    assert "Form I-914, Supplement B" in text
    assert ("All ordinances and parts of ordinances in conflict with this ordinance are "
            "repealed to the extent of the conflict.") in text
    assert "The City Council would have adopted each remaining portion of this ordinance" in text
    resolution = docx_text(drafted["city", "resolution"]["docx"])
    assert "to put the rules in Section 1 into written policy" in resolution


@pytest.mark.parametrize("kind", ["city", "county", "state"])
def test_legislation_structure_per_kind(drafted, kind):
    """The checklist a clerk and a city attorney read a law against, in the DOCX, the PDF
    and the Markdown alike: county (an elected sheriff), city and state."""
    from conftest import normalise, pdf_body_text

    files = drafted[kind, "ordinance"]
    docx = docx_text(files["docx"])
    assert docx == pdf_body_text(files["pdf"])
    md = normalise(read_md(files["md"]).replace("*", "").replace("#", ""))
    for text in (docx, md):
        assert "Introduced by: ____" in text
        assert "creates or implies any duty" in text and "Form I-918, Supplement B" in text
        assert "regardless of the portion held invalid" in text
        if kind == "state":        # an Act: the constitution's clause, not codified here
            assert "Be it enacted by the Legislature of the State of Washington:" in text
            assert "NOW, THEREFORE" not in text and "Chapter Added" not in text
            assert "The Legislature would have enacted each remaining portion" in text
            assert "Governor" in text and "APPROVED" in text
        else:
            assert "Section 1. Addition to the Code" in text and "Sec. ____-4." in text
            assert "in conflict with this ordinance are repealed to the extent of the conflict" \
                in text
            assert "First reading: ____" in text and "Second reading: ____" in text
            assert "Moved by: ____" in text and "Abstaining: ______" in text
            assert "would have adopted each remaining portion of this ordinance" in text
    if kind == "county":           # Juniper County: the sheriff is elected
        resolution = docx_text(drafted["county", "resolution"]["docx"])
        assert ("requests and urges the County Executive and the Juniper County Sheriff’s Office "
                "to put the rules") in resolution
