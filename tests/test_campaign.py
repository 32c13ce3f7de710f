"""The campaign papers and the packet: what a group prints and hands out."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import (EXAMPLES, docx_paragraphs, docx_text, normalise, pdf_body_text, pdf_pages,
                      read_md, run, write)
from docx import Document
from pypdf import PdfReader

from drafter.inputs.clauses import load_library

SENDER = EXAMPLES / "senders" / "elm-harbor-coalition.yaml"
RULES = load_library().rules()
TABLE_HEADERS = ["Rule In place? In writing? If not, will you support it? No clear answer? Notes",
                 "Rule In place? In writing? If not, will you support it?",
                 "No. Printed name Residence address Signature Date"]


def pdf_text_without_repeated_headers(path: Path) -> str:
    """PDF text with a table's header kept only where the table starts (PDF repeats it on
    every page it spans; Word does the same on screen, but once in the file's text)."""
    text = pdf_body_text(path)
    for header in TABLE_HEADERS:
        first = text.find(header)
        if first >= 0:
            text = text[:first + len(header)] + text[first + len(header):].replace(f" {header}", "")
    return text


@pytest.fixture(scope="module")
def packet(tmp_path_factory):
    out = tmp_path_factory.mktemp("packet")
    result = run("packet", "--from", str(SENDER), "--date", "2026-11-25", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out, result


def test_packet_writes_every_document_in_every_format(packet):
    out, result = packet
    stems = {p.stem for p in out.glob("*.docx")}
    assert stems == {f"city-of-elm-harbor-{t}" for t in (
        "state-law-memo", "ordinance", "resolution", "executive-order", "department-order", "petition",
        "explainer",
        "letter-mayor-dana-whitfield", "letter-chief-of-police-luis-ortega", "testimony-short",
        "testimony-long", "worksheet", "report-back")}      # answers recorded: a report back
    for stem in stems:
        assert (out / f"{stem}.pdf").exists() and (out / f"{stem}.md").exists()
    assert "Whole packet (cover + all)" in result.stdout


@pytest.mark.parametrize("stem", [
    "ordinance", "resolution", "executive-order", "department-order", "petition",
    "letter-mayor-dana-whitfield", "testimony-short", "testimony-long", "worksheet",
    "state-law-memo"])
def test_docx_and_pdf_say_the_same(packet, stem):
    out, _ = packet
    path = out / f"city-of-elm-harbor-{stem}.docx"
    assert docx_text(path) == pdf_text_without_repeated_headers(path.with_suffix(".pdf"))
    for text in (docx_text(path), read_md(out / f"city-of-elm-harbor-{stem}.md")):
        assert "{{" not in text and "None" not in text and "[County" not in text


@pytest.mark.parametrize("stem", ["executive-order", "department-order"])
def test_orders_carry_every_rule_word_for_word(packet, stem):
    out, _ = packet
    text = docx_text(out / f"city-of-elm-harbor-{stem}.docx")
    pdf = pdf_body_text(out / f"city-of-elm-harbor-{stem}.pdf")
    for rule in RULES:
        model = normalise(rule.body.replace("[County/City/State]", "City").replace(
            "[oversight entity]", "the Elm Harbor Civilian Police Review Board"))
        assert model in text and model in pdf, rule.id


def test_orders_have_their_own_form(packet):
    out, _ = packet
    order = docx_text(out / "city-of-elm-harbor-executive-order.docx")
    assert order.startswith("EXECUTIVE ORDER NO.")
    assert ("NOW, THEREFORE, I, Dana Whitfield, Mayor of the City of Elm Harbor, by the authority "
            "vested in me by law, do hereby order as follows:") in order
    assert "WHEREAS, the Mayor finds that adopting these rules" in order
    general = [t for s, t in docx_paragraphs(out / "city-of-elm-harbor-department-order.docx")
               if s == "Section Heading"]
    assert general[:4] == ["I. Purpose", "II. Policy", "III. Definitions", "IV. Procedures"]
    text = docx_text(out / "city-of-elm-harbor-department-order.docx")
    assert "follow the procedures in Section IV of this order" in text
    assert text.endswith("Chief of Police, Elm Harbor Police Department")


def test_campaign_papers_use_the_ordinances_rule_numbers_and_titles(packet):
    out, _ = packet
    for stem in ("petition", "worksheet", "letter-mayor-dana-whitfield"):
        text = docx_text(out / f"city-of-elm-harbor-{stem}.docx")
        for rule in RULES:
            label = f"#{rule.meta.number} {rule.meta.title}" if rule.meta.number else rule.meta.title
            assert label in text, (stem, label)
            summary = normalise(rule.meta.summary).replace(
                "[oversight entity]", "the Elm Harbor Civilian Police Review Board")
            assert summary in text, (stem, rule.id)
    ordinance = docx_text(out / "city-of-elm-harbor-ordinance.docx")
    for rule in RULES:
        assert (rule.meta.heading or rule.meta.title) in ordinance


def test_packet_pdf_bookmarks_pages_and_zip(packet):
    out, _ = packet
    combined = PdfReader(str(out / "city-of-elm-harbor-packet.pdf"))
    parts = sorted(p for p in out.glob("*.pdf") if not p.name.endswith("-packet.pdf"))
    bookmarks = [item.title for item in combined.outline]
    assert bookmarks[0] == "Cover and contents"
    assert len(bookmarks) == len(parts) + 1
    cover_pages = 1
    assert len(combined.pages) == cover_pages + sum(len(PdfReader(str(p)).pages) for p in parts)
    cover = combined.pages[0].extract_text()
    assert "Freedom City Campaign Packet" in cover and "City of Elm Harbor" in cover
    assert "November 25, 2026" in cover
    # The contents give each document's first page in the combined PDF; the state-law memo
    # comes right after the cover.
    memo_pages = len(PdfReader(str(out / "city-of-elm-harbor-state-law-memo.pdf")).pages)
    ordinance_pages = len(PdfReader(str(out / "city-of-elm-harbor-ordinance.pdf")).pages)
    assert re.search(rf"State-Law Memo 2 {memo_pages} Ordinance {2 + memo_pages} "
                     rf"{ordinance_pages}\b", normalise(cover))
    assert re.search(rf"Resolution {2 + memo_pages + ordinance_pages} ", normalise(cover))
    assert "Memo: Michigan" in normalise(combined.pages[1].extract_text())
    with zipfile.ZipFile(out / "city-of-elm-harbor-packet.zip") as archive:
        names = set(archive.namelist())
    expected = {p.name for p in out.iterdir() if not p.name.endswith(".zip")}
    assert names == expected


def test_longest_sheets_still_fit_one_page_each(tmp_path):
    result = run("draft", "petition", "--sheets", "2", "--circulator", "--contact-column",
                 "--format", "pdf", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    pages = [normalise(p) for p in pdf_pages(tmp_path / "city-of-elm-harbor-petition.pdf")]
    sheets = [p for p in pages if "Sheet ____ of 2" in p]
    assert len(sheets) == 2 and len(pages) == 3
    for page in sheets:
        assert "Circulator’s statement" in page and " 6 7 " in page
    too_many = run("draft", "petition", "--lines-per-sheet", "25", "--out", str(tmp_path / "x"))
    assert too_many.exit_code == 1
    assert ("error: --lines-per-sheet: 25 lines do not fit on one sheet with rows 0.4 in tall; "
            "use --lines-per-sheet 9 or fewer") in too_many.stderr
    assert not (tmp_path / "x").exists()


def test_petition_sheets_lines_and_titles(tmp_path):
    result = run("draft", "petition", "--sheets", "3", "--lines-per-sheet", "7", "--circulator",
                 "--contact-column", "--address-column", "ward", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    docx = tmp_path / "city-of-elm-harbor-petition.docx"
    doc = Document(str(docx))
    assert doc.sections[0].page_width > doc.sections[0].page_height      # landscape
    sheets = [t for t in doc.tables if t.rows[0].cells[0].text == "No."]
    assert len(sheets) == 3
    numbers = [row.cells[0].text for table in sheets for row in table.rows[1:]]
    assert numbers == [str(n) for n in range(1, 8)] * 3
    widths = [c.width.inches for c in sheets[0].columns]     # the grid LibreOffice reads
    assert abs(sum(widths) - 9.0) < 0.05 and widths[0] < 0.5 < widths[1]
    assert [c.text for c in sheets[0].rows[0].cells] == [
        "No.", "Printed name", "Ward", "Signature", "Date", "E-mail or phone (optional)"]
    for table in sheets:
        for row in table.rows[1:]:
            assert row.height.inches >= 0.4           # a clipboard's worth of room to sign
            assert row._tr.trPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cantSplit") is not None
    title = "Petition to the City Council of the City of Elm Harbor: Put the Freedom City Rules into Law"
    ask = ("We ask the City Council to adopt an ordinance, the Elm Harbor Community Trust "
           "Ordinance, putting the Freedom City rules on the front page of this petition into law.")
    text = docx_text(docx)
    assert text.count(title) == 4                      # the front page and every sheet
    assert text.count(ask) == 3 and text.count("Sheet ____ of 3") == 3
    assert text.count("Circulator’s statement") == 3
    assert text.count("By writing them you agree") == 3
    assert text.count("How your signature is used: this sheet goes to the City Council") == 3
    assert text.count("It is not an official initiative or referendum petition") == 3
    # The Redress Rule's summary names the profile's oversight entity.
    assert ("#8 Redress Rule: Anyone who believes these rules were broken can file a written "
            "complaint with the Elm Harbor Civilian Police Review Board, which investigates it."
            in text)
    pages = pdf_pages(docx.with_suffix(".pdf"))
    sheet_pages = [normalise(p) for p in pages if "Sheet ____ of 3" in p]
    assert len(sheet_pages) == 3
    for page in sheet_pages:                           # a whole sheet on each page, never split
        assert title in page and ask in page and "Circulator’s statement" in page
        assert re.search(r"\b1 2 3 4 5 6 7\b", page)


def test_petition_can_attach_the_ordinance(tmp_path):
    result = run("draft", "petition", "--attach-ordinance", "--format", "md", "--out", str(tmp_path))
    assert result.exit_code == 0
    text = read_md(tmp_path / "city-of-elm-harbor-petition.md")
    assert "Attachment: the proposed text" in text
    assert "NOW, THEREFORE, BE IT ORDAINED BY THE CITY COUNCIL OF THE CITY OF ELM HARBOR:" in text


@pytest.mark.parametrize("name, title, greeting", [
    ("Pat Smith III", "Sheriff", "Dear Sheriff Smith:"),
    ("Dana Whitfield Jr.", "Mayor", "Dear Mayor Whitfield:"),
    ("Rosa Gonzalez", "Lieutenant Governor", "Dear Lieutenant Governor Gonzalez:"),
    ("Jin Park", "Clerk of the Board of Supervisors", "Dear Jin Park:"),
    ("Al Roe", "Chief of Staff to the Mayor", "Dear Al Roe:"),
    ("Lee Kim", "Vice Mayor", "Dear Vice Mayor Kim:"),
])
def test_salutations_survive_real_names_and_titles(tmp_path, name, title, greeting):
    profile = write(tmp_path / "p.yaml", f"""
    kind: city
    name: Juniper
    state: CO
    oversight_entity: the Office of Independent Monitoring
    officials:
      - {{name: "{name}", title: "{title}"}}
      - {{name: Ana Reyes, title: Council President, salutation: Council President Reyes}}
    """)
    result = run("draft", "letter", "-j", str(profile), "--format", "md",
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    texts = [read_md(p) for p in sorted((tmp_path / "out").glob("*.md"))]
    assert any(greeting in t for t in texts)
    assert any("Dear Council President Reyes:" in t for t in texts)


def test_one_letter_per_official_with_the_right_salutation(tmp_path):
    profile = write(tmp_path / "p.yaml", """
    kind: county
    name: Juniper
    state: CO
    oversight_entity: the Office of Independent Monitoring
    officials:
      - {name: Pat Smith, title: Sheriff}
      - {name: Kim Lee, title: Councilmember}
      - {name: Ana María Ruiz, title: County Executive, address: "1 Court St\\nJuniper, CO 80000"}
      - {name: Sam Doe, title: Budget Director}
    """)
    result = run("draft", "letter", "-j", str(profile), "--from", str(SENDER), "--date",
                 "2026-11-25", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    letters = sorted((tmp_path / "out").glob("*.docx"))
    assert len(letters) == 4
    expected = {"sheriff-pat-smith": "Dear Sheriff Smith:", "councilmember-kim-lee": "Dear Councilmember Lee:",
                "county-executive-ana-maria-ruiz": "Dear County Executive Ruiz:",
                "budget-director-sam-doe": "Dear Sam Doe:"}
    for key, greeting in expected.items():
        path = tmp_path / "out" / f"juniper-county-letter-{key}.docx"
        text = docx_text(path)
        assert greeting in text
        assert "November 25, 2026" in text and "Elm Harbor Freedom City Coalition" in text
        assert "meet with you" in text
        if key.startswith("sheriff"):          # law enforcement: the guide's three questions
            assert "Is it in place? If so, is it in writing" in text
            assert text.count("Yes / No") == 3 * len(RULES)
        else:                                  # those who vote on it or sign it
            assert "Yes / No" not in text
            assert ("We ask you to sponsor an ordinance, the Juniper County Community Trust "
                    "Ordinance, or, if you do not introduce legislation, to support it") in text
            assert "Please tell us by December 9, 2026 whether you will sponsor or support it." \
                in text
            assert "#1 Judicial Warrant Rule: Local officers may not hold" in text
    assert "1 Court St Juniper, CO 80000" in docx_text(
        tmp_path / "out" / "juniper-county-letter-county-executive-ana-maria-ruiz.docx")


def test_letter_to_the_governing_body_when_no_officials_listed(tmp_path):
    result = run("draft", "letter", "-j", str(EXAMPLES / "bayou-verde-parish.yaml"), "--format", "md",
                 "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    (letter,) = tmp_path.glob("*.md")
    assert letter.name == "bayou-verde-parish-letter-parish-council.md"
    text = read_md(letter)
    assert "Dear Members of the Parish Council:" in text
    assert "Group: ____" in text                         # no --from: fill-in lines


def spoken_words(md: Path) -> int:
    text = read_md(md)
    spoken = text.split("Position: in support\n", 1)[1]
    return len(spoken.split())


def test_testimony_time_estimate_and_warning(tmp_path):
    result = run("draft", "testimony", "--speaker", "Ana Reyes", "--neighborhood", "Eastside",
                 "--agenda-item", "Item 7, the Community Trust Ordinance", "--format", "md,pdf",
                 "--minutes", "2", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    for version in ("short", "long"):
        md = tmp_path / f"city-of-elm-harbor-testimony-{version}.md"
        words = spoken_words(md)
        seconds = round(words * 60 / 130)
        assert (f"city-of-elm-harbor-testimony-{version}: {words} words, about "
                f"{seconds // 60} min {seconds % 60:02d} s") in result.stderr
        assert "My name is Ana Reyes, and I live in Eastside." in read_md(md)
        # The count is for the speaker's terminal, not the paper read to the council.
        assert "words a minute" not in read_md(md) and "legal advice" not in read_md(md)
    short, long = (spoken_words(tmp_path / f"city-of-elm-harbor-testimony-{v}.md") for v in ("short", "long"))
    assert short < 2 * 130 < long
    assert "warning: city-of-elm-harbor-testimony-long runs about" in result.stderr
    assert "warning: city-of-elm-harbor-testimony-short" not in result.stderr
    quiet = run("draft", "testimony", "--minutes", "10", "--format", "md", "--out", str(tmp_path))
    assert "warning" not in quiet.stderr
    assert "Speaker: ______" in read_md(tmp_path / "city-of-elm-harbor-testimony-short.md")


def test_worksheet_row_per_rule_and_landscape(tmp_path):
    result = run("draft", "worksheet", "--rules", "1-3,8", "--no-1373", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    doc = Document(str(tmp_path / "city-of-elm-harbor-worksheet.docx"))
    (table,) = [t for t in doc.tables if t.rows[0].cells[0].text == "Rule"]
    titles = [row.cells[0].paragraphs[0].text for row in table.rows[1:]]
    assert titles == ["#1 Judicial Warrant Rule", "#2 No Facilitation Rule",
                      "#3 Defined Access/Interview Rule", "#8 Redress Rule"]
    assert all(row.cells[1].text == "☐ Yes   ☐ No" for row in table.rows[1:])
    # In writing: what the page and `drafter record` ask, not just yes or no.
    assert all(row.cells[2].text == "☐ In the code\n☐ In policy\n☐ Not in writing\nWhere:"
               for row in table.rows[1:])
    assert table.rows[0].cells[4].text == "No clear answer?"
    assert all(row.cells[4].text == "☐ Evasive\n☐ No answer" for row in table.rows[1:])
    assert doc.sections[0].page_width > doc.sections[0].page_height
    reader = PdfReader(str(tmp_path / "city-of-elm-harbor-worksheet.pdf"))
    assert [round(float(v)) for v in reader.pages[0].mediabox] == [0, 0, 792, 612]
    first = reader.pages[0].extract_text()
    assert "Tips for the meeting" in first and "Spokesperson" in first and "Note taker" in first


def test_executive_order_needs_an_executive(tmp_path):
    result = run("draft", "executive-order", "-j", str(EXAMPLES / "cedar-township.yaml"),
                 "--out", str(tmp_path))
    assert result.exit_code == 1
    assert "executive: Executive Order needs an executive" in result.stderr
    assert not any(tmp_path.iterdir())
    packet = run("packet", "-j", str(EXAMPLES / "cedar-township.yaml"), "--format", "md",
                 "--out", str(tmp_path / "p"))
    assert packet.exit_code == 0, packet.output
    assert "note: left out executive-order" in packet.stderr
    assert (tmp_path / "p" / "cedar-township-department-order.md").exists()


def test_bad_sender_and_option_text(tmp_path):
    sender = write(tmp_path / "sender.yaml", "group: Us\ncontact: Me\nemial: me@example.org\n")
    result = run("draft", "letter", "--from", str(sender), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"{sender}:3: emial: unknown field; did you mean 'email'?" in result.stderr
    result = run("draft", "testimony", "--speaker", "[Your name]", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "--speaker: contains square brackets" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed "
                    "(make test installs libreoffice-writer-nogui when run as root)")
def test_libreoffice_opens_the_campaign_papers(packet, tmp_path):
    out, _ = packet
    names = ["worksheet", "letter-mayor-dana-whitfield", "petition"]
    docs = [str(out / f"city-of-elm-harbor-{n}.docx") for n in names]
    result = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                             "--convert-to", "pdf", "--outdir", str(tmp_path), *docs],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    def without_boxes(text):   # LibreOffice writes the fallback-font ☐ glyphs out of order
        return normalise(text.replace("☐", " "))

    for name in names:
        converted = tmp_path / f"city-of-elm-harbor-{name}.pdf"
        assert without_boxes(docx_text(out / f"city-of-elm-harbor-{name}.docx")) == \
            without_boxes(pdf_text_without_repeated_headers(converted)), name
        # Column widths come through (LibreOffice reads the table grid): no page overflow.
        assert len(PdfReader(str(converted)).pages) <= 4
    worksheet = PdfReader(str(tmp_path / "city-of-elm-harbor-worksheet.pdf"))
    assert [round(float(v)) for v in worksheet.pages[0].mediabox] == [0, 0, 792, 612]


# -- Names and officers of real forms of government (issue 12, first part) -----------------
def test_consolidated_governments_read_with_their_article(tmp_path):
    """A consolidated government with no entry of its own in the forms data still reads
    "the Unified Government of ..." inside a sentence, from its legal name alone."""
    profile = write(tmp_path / "kck.yaml", """
        kind: city-and-county
        name: Wyandotte County and Kansas City
        state: KS
        legal_name: Unified Government of Wyandotte County and Kansas City, Kansas
        governing_body: Commission
        oversight_entity: the Community Oversight Board
        """)
    result = run("draft", "ordinance", "-j", str(profile), "--format", "md", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = read_md(next(tmp_path.glob("*-ordinance.md")))
    assert ("BE IT ORDAINED BY THE COMMISSION OF THE UNIFIED GOVERNMENT OF WYANDOTTE COUNTY "
            "AND KANSAS CITY, KANSAS:") in text
    assert "“Wyandotte County and Kansas City Community Trust Ordinance.”" in text


def test_short_title_keeps_the_kind_word_of_a_suffix_name(tmp_path):
    profile = write(tmp_path / "jefferson.yaml", """
        kind: parish
        name: Jefferson
        state: LA
        oversight_entity: the Parish Inspector General
        """)
    result = run("draft", "ordinance", "-j", str(profile), "--format", "md", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "“Jefferson Parish Community Trust Ordinance.”" in \
        read_md(tmp_path / "jefferson-parish-ordinance.md")


def test_an_executive_who_presides_signs_once_and_none_means_none(tmp_path):
    profile = write(tmp_path / "juneau.yaml", """
        kind: borough
        name: Juneau
        state: AK
        legal_name: City and Borough of Juneau
        governing_body: Assembly
        presiding_officers: [Mayor]
        executive: Mayor
        police: Juneau Police Department
        sheriff: none
        oversight_entity: the Juneau Police Review Board
        """)
    result = run("draft", "ordinance", "-j", str(profile), "--format", "md", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = read_md(tmp_path / "city-and-borough-of-juneau-ordinance.md")
    assert "BE IT ORDAINED BY THE ASSEMBLY OF THE CITY AND BOROUGH OF JUNEAU:" in text
    attestation = text[text.index("PASSED by the Assembly"):]
    assert attestation.count("Mayor") == 1 and "VETOED" not in attestation
    assert "Sheriff" not in text
    no_police = write(tmp_path / "village.yaml", """
        kind: village
        name: Stillwater Springs
        state: NY
        police: NONE
        sheriff: Orleans County Sheriff's Office
        oversight_entity: the Village Board
        """)
    result = run("check", str(no_police))
    assert result.exit_code == 0, result.output
    assert "police:                        (none)" in result.stdout


def test_testimony_has_room_for_a_story_plain_words_and_a_written_record(tmp_path):
    result = run("draft", "testimony", "--format", "md", "--out", str(tmp_path / "all"))
    assert result.exit_code == 0, result.output
    for version in ("short", "long"):
        text = read_md(tmp_path / "all" / f"city-of-elm-harbor-testimony-{version}.md")
        assert "Why this matters to me: ____" in text
        assert "1373 Rule" not in text              # plain words, not the guide's shorthand
    short = read_md(tmp_path / "all" / "city-of-elm-harbor-testimony-short.md")
    assert "and the rule on compliance with federal law." in short
    long = read_md(tmp_path / "all" / "city-of-elm-harbor-testimony-long.md")
    assert "(for the written record)" not in long   # about 4.5 minutes: it can be read
    extras = run("draft", "testimony", "--extra", "annual-report", "--extra", "interview-consent",
                 "--extra", "no-287g", "--format", "md", "--out", str(tmp_path / "extras"))
    assert extras.exit_code == 0, extras.output
    longer = read_md(tmp_path / "extras" / "city-of-elm-harbor-testimony-long.md")
    assert longer.startswith("# Testimony to the City Council of the City of Elm Harbor in "
                             "Support of the Freedom City Rules (for the written record)")


def test_petition_qr_code_to_the_online_version(tmp_path):
    url = "https://example.org/sign?city=elm-harbor&ref=sheet"
    result = run("draft", "petition", "--qr", url, "--format", "docx,pdf,md",
                 "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    docx = tmp_path / "city-of-elm-harbor-petition.docx"
    doc = Document(str(docx))
    [picture] = doc.inline_shapes
    assert picture._inline.docPr.get("descr") == f"QR code: {url}"
    assert abs(picture.width.inches - 1.3) < 0.01
    assert f"Sign online: {url}" in docx_text(docx)
    front = normalise(pdf_pages(docx.with_suffix(".pdf"))[0])
    assert "Sign online: https://example.org/" in front and "#1 Judicial Warrant Rule" in front
    assert f"Sign online: {url}" in read_md(tmp_path / "city-of-elm-harbor-petition.md")
    for bad in ("javascript:alert(1)", "https://exa mple.org", "file:///etc/passwd"):
        refused = run("draft", "petition", "--qr", bad, "--out", str(tmp_path / "bad"))
        assert refused.exit_code == 1
        assert "error: --qr: " in refused.stderr and "is not a web link" in refused.stderr
    assert not (tmp_path / "bad").exists()


def test_a_letter_with_no_officials_goes_to_the_body_or_the_select_board(tmp_path):
    city = run("draft", "letter", "-j", str(write(tmp_path / "c.yaml", "kind: city\nname: Troy\n"
                                                  "state: AL\noversight_entity: the Board\n")),
               "--date", "2026-11-25", "--format", "md", "--out", str(tmp_path / "city"))
    assert city.exit_code == 0, city.output
    text = read_md(tmp_path / "city" / "city-of-troy-letter-city-council.md")
    assert "Dear Members of the City Council:" in text
    assert "We ask the City Council to introduce and adopt" in text
    assert "Please tell us by December 9, 2026 who will introduce it" in text
    town = run("draft", "letter", "-j", str(write(tmp_path / "t.yaml", "kind: town\nname: "
                                                  "Lexington\nstate: MA\noversight_entity: the "
                                                  "Board\n")),
               "--date", "2026-11-25", "--format", "md", "--out", str(tmp_path / "town"))
    assert town.exit_code == 0, town.output
    [letter] = (tmp_path / "town").glob("*.md")
    text = read_md(letter)
    assert "Dear Members of the Select Board:" in text
    assert ("We ask the Select Board to place on the warrant for the next Town Meeting an "
            "article to adopt a by-law") in text
    assert "ten registered voters may ask in writing for its insertion" in text


def test_packet_pdf_is_tagged_linked_and_holds_every_document(packet):
    """Joined by WeasyPrint, the packet is tagged with its language like each document; its
    pages are the cover's then every document's, word for word, each with its packet page
    number; contents entries link to the page each document starts on."""
    out, _ = packet
    combined = PdfReader(str(out / "city-of-elm-harbor-packet.pdf"))
    root = combined.trailer["/Root"]
    assert root["/Lang"] == "en-US" and "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert combined.metadata.author == "Elm Harbor Freedom City Coalition"
    starts = [combined.get_destination_page_number(item) for item in combined.outline]
    assert starts == sorted(starts) and starts[0] == 0
    singles = [p for p in out.glob("*.pdf") if not p.name.endswith("-packet.pdf")]
    single_pages = [" ".join(page.extract_text().split())
                    for path in singles for page in PdfReader(str(path)).pages]
    # Every page says where it is in the packet, beside the document's own "Page X of Y".
    total = len(combined.pages)
    packet_pages = []
    for number, page in enumerate(combined.pages, start=1):
        text = " ".join(page.extract_text().split())
        assert text.endswith(f" Packet page {number} of {total}"), (number, text[-80:])
        if number > starts[1]:
            packet_pages.append(text.removesuffix(f" Packet page {number} of {total}"))
    assert sorted(packet_pages) == sorted(single_pages)       # every page, nothing else
    for item, start in zip(combined.outline[1:], starts[1:]):  # each document where it says
        first = next(p for p in singles if " ".join(PdfReader(str(p)).pages[0].extract_text()
                                                     .split()) == packet_pages[start - starts[1]])
        assert first.stem.startswith("city-of-elm-harbor-"), item.title
    # Page labels: a reader's page box says which document and which of its pages.
    labels = combined.page_labels
    assert labels[0] == "Cover 1"
    for item, start in zip(combined.outline[1:], starts[1:]):
        assert labels[start] == f"{item.title} 1", item.title
    assert labels[starts[2] - 1] == f"{combined.outline[1].title} {starts[2] - starts[1]}"
    links = [a.get_object() for a in combined.pages[0]["/Annots"]]
    assert len(links) == len(starts) - 1
    # Each contents row links to the first page of its document.
    page_numbers = {page.indirect_reference.idnum: n for n, page in enumerate(combined.pages)}
    assert [page_numbers[link["/Dest"][0].idnum] for link in links] == starts[1:]


def test_every_pdf_passes_the_pdfua_checks(packet):
    """pdfua (the machine-checkable subset of PDF/UA-1, on pikepdf): no error in any
    document or the packet. Its one warning, UA-15-003 ("header cells carry no /Scope"), is
    answered by WeasyPrint's /ID and /Headers on every table cell, which PDF/UA accepts
    instead of /Scope (Matterhorn 15-003); the test checks those are there."""
    import pikepdf
    import pdfua

    pdfs = sorted(out_pdf for out_pdf in packet[0].glob("*.pdf"))
    assert len(pdfs) >= 13
    for path in pdfs:
        report = pdfua.validate(str(path))
        others = [f for f in report.findings if f.rule_id != "UA-15-003"]
        assert not others, (path.name, [str(f) for f in others])
        if any(f.rule_id == "UA-15-003" for f in report.findings):
            with pikepdf.open(path) as pdf:
                cells = []

                def walk(node):
                    if isinstance(node, pikepdf.Dictionary):
                        if node.get("/S") == "/TD":
                            cells.append(node)
                        kids = node.get("/K")
                        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                            walk(kid)
                walk(pdf.Root.StructTreeRoot)
                assert cells and all("/Headers" in cell["/A"] for cell in cells), path.name


def test_the_packet_page_number_is_clear_of_every_documents_own_text(packet):
    """"Packet page N of M" is printed where nothing else is on any page: not over a
    document's own "Page 1 of 1" (the explainer's narrow margins put it lower), its drafting
    note or its DRAFT mark. Measured from the text's positions on each page."""
    out, _ = packet
    combined = PdfReader(str(out / "city-of-elm-harbor-packet.pdf"))
    for number, page in enumerate(combined.pages, start=1):
        height = float(page.mediabox.height)
        runs = []          # (left, baseline from the top, size, text) of each piece of text

        def seen(text, cm, tm, font, size):
            if text.strip():
                x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
                y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                runs.append((x, height - y, size * (tm[3] or 1) * (cm[3] or 1), text.strip()))
        page.extract_text(visitor_text=seen)
        [(left, baseline, size, line)] = [r for r in runs if r[3].startswith("Packet page")]
        right = left + len(line) * size * 0.6            # wider than any serif text this long

        def near(run) -> bool:     # its box within 6 pt of the packet line's, both ways
            x, y, height_, text = run
            return (x < right + 6 and x + len(text) * height_ * 0.6 > left - 6
                    and y - height_ < baseline + 6 and y + height_ / 4 > baseline - size - 6)
        near = [r for r in runs if r[3] != line and near(r)]
        assert not near, (number, near[:3])


def test_every_style_the_packet_is_written_with_is_one_a_letterhead_must_have(packet):
    """The styles a letterhead is checked for (WORD_STYLES) are every style the packet's
    DOCX files use: a letterhead that passes its check can be drafted on."""
    from docx import Document

    from drafter.render.docx import WORD_STYLES

    out, _ = packet
    used = set()
    for path in out.glob("*.docx"):
        doc = Document(str(path))
        cells = [p for table in doc.tables for row in table.rows for cell in row.cells
                 for p in cell.paragraphs]
        used |= {p.style.name for p in [*doc.paragraphs, *cells]}
        used |= {table.style.name for table in doc.tables}
    assert used - {"Normal"} <= set(WORD_STYLES)      # Normal: a page break's paragraph
    assert len(used) > 15
