"""Campaign tracking: record the meeting, see the scorecard, draft what is missing, report back."""
from __future__ import annotations

import csv
import io
import re
import shutil

import pytest
from conftest import EXAMPLES, run, read_md
from PIL import Image
from pypdf import PdfReader

CITY = EXAMPLES / "elm-harbor-city.yaml"


@pytest.fixture
def city(tmp_path):
    """A copy of the example city with no answers recorded yet."""
    path = tmp_path / "city.yaml"
    shutil.copy(CITY, path)
    return path


def test_record_from_options_keeps_comments(city):
    status = city.with_name("city.status.yaml")
    status.write_text("# Our notes, keep them\nrules:\n  judicial-warrant:  # asked twice\n    in_place: yes\n")
    result = run("record", "-j", str(city), "--date", "2026-11-20", "--official", "Chief Ortega",
                 "--answer", "1.in_writing=policy", "--answer", "1.where=General Order 4.12",
                 "--answer", "redress.in_place=no", "--answer", "8.position=opposes",
                 "--answer", "8.note=Internal affairs only", "--no-input")
    assert result.exit_code == 0, result.output
    text = status.read_text()
    assert text.startswith("# Our notes, keep them\n")
    assert "judicial-warrant:  # asked twice" in text
    assert "where: General Order 4.12" in text and "note: Internal affairs only" in text
    table = run("status", str(city)).stdout
    assert re.search(r"#1 Judicial Warrant Rule\s+yes\s+policy \(General Order 4\.12\)\s+unknown\s+✔", table)
    assert re.search(r"#8 Redress Rule\s+no\s+unknown\s+opposes\s+−", table)
    assert "1 of 9 in place, 1 of 9 in writing, 0 of 9 supported." in table


def test_record_interactively_enter_keeps_the_last_answers(city):
    answers = ["2026-11-20", "Sheriff Pat Smith"]
    answers += ["yes", "code", "Code 2-40", "supports", "Quote one"]     # rule 1
    answers += ["no", "none", "opposes", ""]                             # rule 2
    answers += ["", "", "", ""] * 8                                      # rules 3-9 and 1373: keep
    result = run("record", "-j", str(city), input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    first = run("status", str(city)).stdout
    assert "2 of 9 in place" not in first and "1 of 9 in place, 1 of 9 in writing" in first
    # A second run: Enter everywhere keeps every answer.
    again = run("record", "-j", str(city), input="\n" * 60)
    assert again.exit_code == 0, again.output
    assert run("status", str(city)).stdout == first
    text = city.with_name("city.status.yaml").read_text()
    assert "who: Sheriff Pat Smith" in text and "note: Quote one" in text


def test_record_refuses_bad_answers(city):
    result = run("record", "-j", str(city), "--answer", "1.in_place=maybe", "--no-input")
    assert result.exit_code == 1 and "'maybe' is not an answer; use yes, no, unknown" in result.stderr
    result = run("record", "-j", str(city), "--answer", "12.in_place=yes", "--no-input")
    assert result.exit_code == 1 and "--answer" in result.stderr
    status = city.with_name("city.status.yaml")
    status.write_text("rules:\n  judicial-warant:\n    in_place: yes\n")
    result = run("status", str(city))
    assert result.exit_code == 1
    assert f"{status}:2: rules.judicial-warant: no rule with id 'judicial-warant'" in result.stderr


def test_status_counts_for_the_example_city():
    table = run("status", str(CITY)).stdout
    assert "City of Elm Harbor (as of 2026-11-20, Chief of Police Luis Ortega)" in table
    assert "5 of 9 in place, 3 of 9 in writing, 6 of 9 supported." in table


MARK_COLOURS = {"written": (0x00, 0x72, 0xB2), "practice": (0xE6, 0x9F, 0x00),
                "supports": (0x00, 0x9E, 0x73), "missing": (0xD5, 0x5E, 0x00),
                "unconfirmed": (0x56, 0xB4, 0xE9), "opposed": (0xCC, 0x79, 0xA7),
                "unknown": (0x77, 0x77, 0x77)}


def test_scorecard_picture_has_one_mark_per_rule(tmp_path):
    from drafter.inputs.clauses import load_library
    from drafter.inputs.jurisdiction import load_jurisdiction
    from drafter.inputs.status import load_status, standings

    result = run("status", str(CITY), "--image", str(tmp_path / "card.png"))
    assert result.exit_code == 0, result.output
    image = Image.open(tmp_path / "card.png").convert("RGB")
    assert image.size == (1080, 1350)
    rules = load_library().rules()
    rows = standings(load_status(load_jurisdiction(CITY), rules), rules)
    for index, row in enumerate(rows):
        y = 260 + index * 82
        assert image.getpixel((100 - 22, y)) == MARK_COLOURS[row.category], row.rule.id
    svg = run("status", str(CITY), "--image", str(tmp_path / "card.svg"))
    assert svg.exit_code == 0
    text = (tmp_path / "card.svg").read_text()
    assert text.count("<circle") == len(rows) + 5          # a mark per rule, plus the legend
    assert "City of Elm Harbor" in text and "3 of 9 in writing · 5 of 9 in place" in text
    assert run("status", str(CITY), "--image", str(tmp_path / "card.pdf")).exit_code == 0
    page = PdfReader(str(tmp_path / "card.pdf")).pages[0]
    assert [round(float(v)) for v in page.mediabox] == [0, 0, 810, 1012]   # 1080 x 1350 px
    assert "Freedom City Scorecard" in page.extract_text()
    bad = run("status", str(CITY), str(CITY), "--image", str(tmp_path / "two.png"))
    assert bad.exit_code == 1 and "exactly one profile" in bad.stderr


def test_status_csv_and_self_contained_html(tmp_path, city):
    run("record", "-j", str(city), "--answer", "1.in_place=yes", "--no-input")
    result = run("status", str(CITY), str(city), "--csv", str(tmp_path / "s.csv"),
                 "--html", str(tmp_path / "s.html"))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO((tmp_path / "s.csv").read_text())))
    assert len(rows) == 20
    assert rows[0]["rule_id"] == "judicial-warrant" and rows[0]["where"] == "General Order 4.12"
    html = (tmp_path / "s.html").read_text()
    assert html.count("<svg") == 2 and "City of Elm Harbor" in html
    for external in ("http://", "https://", "src=", "url(", "<link", "<script"):
        assert external not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    screen = run("status", str(CITY), "--csv", "-")
    assert screen.stdout.startswith("jurisdiction,profile,rule_number")


def test_missing_leaves_out_only_what_is_in_the_code(tmp_path):
    """A rule in the code stays out; one only in a department policy, which a chief can
    change alone, stays in the law."""
    result = run("draft", "ordinance", "--missing", "--format", "md", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert ("note: left out #7 Discriminatory Surveillance Prohibition Rule: already in the code "
            "(Elm Harbor Municipal Code § 2-40 (bias-based policing))") in result.stderr
    assert ("note: kept #1 Judicial Warrant Rule: written only in department policy (General "
            "Order 4.12), which can be changed without a vote") in result.stderr
    text = read_md(tmp_path / "city-of-elm-harbor-ordinance.md")
    headings = re.findall(r"^## Sec(?:tion|\.) [\d_-]+\. (.*)$", text, re.M)
    assert "Discriminatory Surveillance Prohibition Rule" not in headings
    assert "Judicial Warrant Rule" in headings and "Don’t Ask Rule" in headings
    assert ("WHEREAS, the City of Elm Harbor already has in its code the Discriminatory "
            "Surveillance Prohibition Rule, and this ordinance puts the remaining rules in "
            "writing; and") in text
    assert ("WHEREAS, the Judicial Warrant Rule and the Don’t Ask Rule are written only in "
            "department policy, which can be changed without a vote of the City Council, and "
            "this ordinance puts them in the code; and") in text
    petition = run("draft", "petition", "--missing", "--format", "md", "--out", str(tmp_path))
    assert petition.exit_code == 0
    assert "This petition asks for the rules that are not yet in the code." in \
        read_md(tmp_path / "city-of-elm-harbor-petition.md")
    resolution = run("draft", "resolution", "--missing", "--format", "md", "--out", str(tmp_path))
    assert "already has in its code" in read_md(tmp_path / "city-of-elm-harbor-resolution.md")
    assert resolution.exit_code == 0


def test_old_yes_no_answers_are_read_with_a_note_and_rewritten(city, tmp_path):
    status = city.with_name("city.status.yaml")
    status.write_text("rules:\n  judicial-warrant:\n    in_place: yes\n    in_writing: yes\n"
                      "  dont-ask:\n    in_writing: no\n")
    result = run("draft", "ordinance", "-j", str(city), "--missing", "--format", "md",
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert (f"note: {status}:4: rules.judicial-warrant.in_writing: read 'yes' as 'policy'; write "
            "code if the rule is in an ordinance or by-law") in result.stderr
    assert "kept #1 Judicial Warrant Rule: written only in department policy" in result.stderr
    assert run("record", "-j", str(city), "--answer", "9.in_place=no", "--no-input").exit_code == 0
    text = status.read_text()
    assert "in_writing: policy" in text and "in_writing: none" in text and "yes\n    in_writing: yes" not in text


def test_missing_with_a_partial_rule_selection(tmp_path):
    result = run("draft", "ordinance", "--rules", "1-3,7", "--missing", "--no-1373", "--format",
                 "md", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = read_md(tmp_path / "city-of-elm-harbor-ordinance.md")
    headings = re.findall(r"^## Sec(?:tion|\.) [\d_-]+\. (.*)$", text, re.M)
    assert "No Facilitation Rule" in headings and "Defined Access/Interview Rule" in headings
    assert "Judicial Warrant Rule" in headings                  # only in policy: kept
    assert "Discriminatory Surveillance Prohibition Rule" not in headings and \
        "Redress Rule" not in headings


def test_missing_needs_recorded_answers(tmp_path):
    result = run("draft", "ordinance", "--missing", "-j", str(EXAMPLES / "juniper-county.yaml"),
                 "--out", str(tmp_path))
    assert result.exit_code == 1 and "run `drafter record" in result.stderr


def test_report_back(tmp_path):
    result = run("draft", "report-back", "--format", "docx,pdf,md", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = read_md(tmp_path / "city-of-elm-harbor-report-back.md")
    assert "We met with Chief of Police Luis Ortega on November 20, 2026" in text
    assert "| Attendees | Jordan Rivera, Ana Reyes, Sam Park |" in text
    assert "| #1 Judicial Warrant Rule | Yes | In a department policy: General Order 4.12 | Supports | In writing |" in text
    assert "#8 Redress Rule: “Complaints go to internal affairs only.” (Chief Ortega, 2026-11-20)" in text
    assert ("Ask for the rules followed only in practice to be put in writing: #2 No Facilitation "
            "Rule and #9 Fair and Impartial Policing Rule.") in text
    # #8 was recorded "opposes": opposed, not "no answer yet"
    assert "| #8 Redress Rule | No | Not in writing | Opposes | Official opposes it |" in text
    assert ("Plan how to win support for the rules the official opposes: #8 Redress Rule.") in text
    assert ("Campaign for the rules that are not in place: #3 Defined Access/Interview Rule, "
            "with an ordinance") in text
    assert "Of the nine rules, 5 are in place and 3 are in writing. The official supports 6 of " \
        "them." in text
    assert "drafter " not in text and "`" not in text        # no commands in a handout
    from conftest import docx_text, pdf_body_text

    assert docx_text(tmp_path / "city-of-elm-harbor-report-back.docx") == \
        pdf_body_text(tmp_path / "city-of-elm-harbor-report-back.pdf")
    none = run("draft", "report-back", "-j", str(EXAMPLES / "juniper-county.yaml"),
               "--out", str(tmp_path / "x"))
    assert none.exit_code == 1 and "drafter record" in none.stderr


def test_record_refuses_a_status_file_with_python_tags(city):
    status = city.with_name("city.status.yaml")
    status.write_text("rules: !!python/object/apply:os.system ['touch /tmp/drafter-pwned']\n")
    result = run("record", "-j", str(city), "--answer", "1.in_place=yes", "--no-input")
    assert result.exit_code == 1 and "is not allowed" in result.stderr
    assert "os.system" in status.read_text()          # left as it was


def test_report_back_says_only_what_was_answered(city, tmp_path):
    """In place with "in writing" unanswered is not "in place, not in writing"; a count of
    zero is a sentence."""
    result = run("record", "-j", str(city), "--date", "2026-11-20", "--official", "Chief Ortega",
                 "--answer", "2.in_place=yes", "--no-input")
    assert result.exit_code == 0, result.output
    assert run("draft", "report-back", "-j", str(city), "--format", "md",
               "--out", str(tmp_path / "out")).exit_code == 0
    text = read_md(tmp_path / "out" / "city-of-elm-harbor-report-back.md")
    assert "| #2 No Facilitation Rule | Yes | Not known | Not known | In place; in writing not known |" \
        in text
    assert "In place, not in writing" not in text
    assert "Ask whether these rules are in writing, and for a copy if they are: #2 No " \
        "Facilitation Rule." in text
    assert ("Of the nine rules, 1 is in place and none is in writing. The official did not say "
            "they support any of them.") in text


def test_every_recorded_answer_has_words_in_each_language():
    """The report back and the web page show "In the code", never the file's "code": every
    value a status file may hold has its words, in English and in Spanish."""
    from drafter.i18n import Translator
    from drafter.inputs.status import ANSWERS, POSITIONS, WRITING, answer_words

    values = {*ANSWERS, *WRITING, *POSITIONS}
    in_spanish = Translator("es")
    english, spanish = answer_words(Translator("en")), answer_words(in_spanish)
    assert set(english) == set(spanish) == values
    assert all(english[v] != v for v in values)          # words, not the file's values
    assert in_spanish.missing == [] and spanish["code"] == "En el código"
