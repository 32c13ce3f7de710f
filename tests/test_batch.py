"""Batch drafting for many jurisdictions, and the doctor."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from conftest import EXAMPLES, ROOT, run, write, read_md

CSV = """kind,name,state,oversight_entity,executive
city,Alder Falls,OR,the Alder Falls Review Board,
county,Birchwood,MN,the Birchwood County Monitor,County Executive
metropolis,Nowhere,OR,the Board,
town,Cedar Glen,Narnia,the Board,
village,Oak Point,WI,the Oak Point Police Commission,
"""


def test_batch_csv_reports_bad_rows_and_drafts_the_rest(tmp_path):
    source = write(tmp_path / "towns.csv", CSV)
    out = tmp_path / "out"
    result = run("batch", str(source), "--out", str(out), "--documents", "ordinance,resolution",
                 "--format", "md", "--jobs", "2")
    assert result.exit_code == 1                      # some rows failed
    assert f"error: {source}:4: kind: 'metropolis' is not allowed" in result.stderr
    assert f"error: {source}:5: state: 'Narnia' is not a U.S. state" in result.stderr
    assert "3 drafted, 0 up to date (skipped), 2 failed" in result.stdout
    for slug in ("city-of-alder-falls", "birchwood-county", "village-of-oak-point"):
        assert (out / slug / f"{slug}-ordinance.md").exists()
        assert (out / slug / f"{slug}-resolution.md").exists()
    text = read_md(out / "birchwood-county" / "birchwood-county-ordinance.md")
    assert "County officials shall require a judicial warrant" in text
    report = list(csv.DictReader(io.StringIO((out / "batch-report.csv").read_text())))
    assert sorted(r["status"] for r in report) == ["invalid"] * 2 + ["written"] * 3
    refused = {r["source"]: r["message"] for r in report if r["status"] == "invalid"}
    assert refused[f"{source}:4"].startswith("kind: 'metropolis' is not allowed")
    assert refused[f"{source}:5"].startswith("state: 'Narnia' is not a U.S. state")
    # A second run skips what is up to date; --force redoes it.
    again = run("batch", str(source), "--out", str(out), "--documents", "ordinance,resolution",
                "--format", "md", "--jobs", "1")
    assert "0 drafted, 3 up to date (skipped)" in again.stdout
    (out / "city-of-alder-falls" / "city-of-alder-falls-ordinance.md").unlink()
    again = run("batch", str(source), "--out", str(out), "--documents", "ordinance,resolution",
                "--format", "md", "--jobs", "1")
    assert "1 drafted, 2 up to date (skipped)" in again.stdout
    forced = run("batch", str(source), "--out", str(out), "--documents", "ordinance",
                 "--format", "md", "--force", "--jobs", "1")
    assert "3 drafted, 0 up to date" in forced.stdout


def test_batch_changed_row_is_redrafted(tmp_path):
    source = write(tmp_path / "one.csv", "kind,name,state,oversight_entity\ncity,Alder Falls,OR,the Board\n")
    out = tmp_path / "out"
    run("batch", str(source), "--out", str(out), "--documents", "ordinance", "--format", "md")
    source.write_text("kind,name,state,oversight_entity\ncity,Alder Falls,OR,the New Board\n")
    result = run("batch", str(source), "--out", str(out), "--documents", "ordinance", "--format", "md")
    assert "1 drafted" in result.stdout
    assert "the New Board" in read_md(out / "city-of-alder-falls" / "city-of-alder-falls-ordinance.md")


def test_batch_folder_of_profiles_makes_packets(tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    for name in ("elm-harbor-city.yaml", "juniper-county.yaml"):
        (folder / name).write_text((EXAMPLES / name).read_text())
    out = tmp_path / "out"
    result = run("batch", str(folder), "--out", str(out), "--jobs", "2", "--date", "2026-11-25")
    assert result.exit_code == 0, result.output
    assert (out / "city-of-elm-harbor" / "city-of-elm-harbor-packet.pdf").exists()
    assert (out / "juniper-county" / "juniper-county-packet.zip").exists()
    assert "Peak memory of a worker:" in result.stdout


def test_batch_unknown_column_and_document(tmp_path):
    source = write(tmp_path / "bad.csv", "kind,name,colour\ncity,X,blue\n")
    result = run("batch", str(source), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and f"{source}:1: unknown column(s) ['colour']" in result.stderr
    good = write(tmp_path / "good.csv", "kind,name,state\ncity,X,OR\n")
    result = run("batch", str(good), "--documents", "proclamation", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "--documents: unknown document types ['proclamation']" in result.stderr


def test_example_csv_has_fifty_mixed_rows():
    rows = list(csv.DictReader((ROOT / "jurisdictions/batch/example-50.csv").open()))
    assert len(rows) >= 50
    assert len({r["kind"] for r in rows}) >= 6
    assert len({(r["kind"], r["name"]) for r in rows}) == len(rows)


def test_doctor_reports_ready():
    result = run("doctor")
    assert result.exit_code == 0, result.output
    assert "ok:       Pango: version" in result.stdout
    assert "ok:       HarfBuzz subset library: present" in result.stdout
    assert "ok:       font for 'Times New Roman': uses Liberation-Serif" in result.stdout


def test_every_county_of_a_state_and_an_interrupted_batch_resumed(tmp_path):
    """Issue 30: --counties drafts for every county-equivalent of a state from the Census
    list (a rule needing an oversight entity is refused first); a batch stopped part way
    (Ctrl-C) leaves its report of the rows done, and --resume drafts only the rest,
    writing no file twice; the final report lists every county once."""
    import os
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "texas"
    needs = run("batch", "--counties", "TX", "--documents", "ordinance", "--out", str(out))
    assert needs.exit_code == 1 and "#8 Redress Rule names who takes complaints" in needs.output
    assert not out.exists()
    drafter = str(Path(sys.executable).parent / "drafter")
    command = [drafter, "batch", "--counties", "Texas", "--rules", "1-7,9", "--documents",
               "ordinance", "--format", "md", "--jobs", "2", "--out", str(out)]
    # Ctrl-C as a terminal sends it (a shell running the tests in the background may have
    # told its children to ignore it).
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    report = out / "batch-report.csv"
    for _ in range(600):                     # until a few dozen rows are done
        if report.exists() and report.read_text().count("\n") > 40:
            break
        time.sleep(0.05)
    first.send_signal(signal.SIGINT)
    _, err = first.communicate(timeout=60)
    assert first.returncode == 130 and "run the same command with --resume" in err
    done = {row["source"] for row in csv.DictReader(report.open()) if row["status"] == "written"}
    assert 40 <= len(done) < 254
    # Every row finished before the stop (its record written last): a row stopped between
    # its files and its record is drafted again, as it should be.
    stamps = {p: p.stat().st_mtime_ns for p in out.glob("*/*.md")
              if (p.parent / ".drafter-inputs.json").exists()}
    resumed = subprocess.run([*command, "--resume"], capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert f"Resuming: {len(done)} done in an earlier run" in resumed.stderr
    rows = list(csv.DictReader(report.open()))
    assert len(rows) == len({r["source"] for r in rows}) == 254      # Texas's 254 counties
    assert {r["source"] for r in rows if r["message"] == "done in an earlier run"} == done
    assert all(p.stat().st_mtime_ns == stamp for p, stamp in stamps.items())  # none rewritten
    assert (out / "travis-county" / "travis-county-ordinance.md").exists()
    assert len(list(out.glob("*/*-ordinance.md"))) == 254
    assert os.path.getsize(report) > 0
