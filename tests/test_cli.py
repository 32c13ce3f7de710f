"""The commands a user types: init, draft, check, list, --help."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml
from conftest import EXAMPLES, ROOT, docx_text, read_md, run

from drafter.cli import main


def test_init_interactive_then_draft(tmp_path):
    profile = tmp_path / "bayou.yaml"
    # kind, name, state, oversight; a home rule parish's council and president instead of
    # Louisiana's statutory police jury; police kept; the sheriff's office; the president
    # elected on their own; no manager (the sheriff runs the jail: drafter knows that)
    answers = ("parish\nBayou Verde\nLA\nthe Office of the Inspector General\n"
               "Parish Council\nParish President\n\nBayou Verde Parish Sheriff's Office\nyes\n\n")
    result = run("init", str(profile), input=answers)
    assert result.exit_code == 0, result.output
    assert "Governing body [Police Jury]" in result.output
    data = yaml.safe_load(profile.read_text())
    assert data == {"kind": "parish", "name": "Bayou Verde", "state": "Louisiana",
                    "oversight_entity": "the Office of the Inspector General",
                    "governing_body": "Parish Council", "executive": "Parish President",
                    "sheriff": "Bayou Verde Parish Sheriff's Office",
                    "executive_elected": True}
    assert "Is the Parish President elected by the voters on their own" in result.output
    assert "# jail: \"sheriff\"" in profile.read_text()
    result = run("draft", "ordinance", "-j", str(profile), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    text = docx_text(tmp_path / "out" / "bayou-verde-parish-ordinance.docx")
    assert "Parish officials shall require a judicial warrant" in text
    assert "the Office of the Inspector General" in text
    assert "every officer and employee of the Bayou Verde Parish Sheriff's Office" in text


@pytest.mark.parametrize("kind, name, state, legal", [
    ("city", "Springfield", "IL", "City of Springfield"),
    ("county", "Juniper", "CO", "Juniper County"),
    ("town", "Westbrook Mills", "VT", "Town of Westbrook Mills"),
    ("village", "Oak Bluff", "WI", "Village of Oak Bluff"),
    ("township", "Cedar", "MI", "Cedar Township"),
    ("borough", "Stonebridge", "PA", "Borough of Stonebridge"),
    ("parish", "Orleans", "LA", "Orleans Parish"),
    ("city-and-county", "San Francisco", "CA", "City and County of San Francisco"),
    ("state", "Oregon", None, "State of Oregon"),
    ("commonwealth", "Massachusetts", None, "Commonwealth of Massachusetts"),
    ("district", "Columbia", None, "District of Columbia"),
])
def test_init_with_options_for_every_kind(tmp_path, kind, name, state, legal):
    profile = tmp_path / f"{kind}.yaml"
    args = ["init", str(profile), "--kind", kind, "--name", name, "--no-input",
            "--oversight-entity", "the Review Board"]
    if state:
        args += ["--state", state]
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert legal in result.stdout
    assert "optional provisions you can add with --extra: annual-report (Annual Public " \
        "Report)" in result.stderr                     # reporting is offered at the start
    from drafter import build_draft

    draft = build_draft("ordinance", jurisdiction=profile)
    text = " ".join(draft.paragraphs())
    word = legal.split(" of ")[0] if " of " in legal else legal.split()[-1]
    assert f"{word} officials shall require a judicial warrant" in text
    if kind in ("state", "commonwealth", "district"):
        assert "AN ACT relating to" in text and "Be it enacted by the" in text
        assert "NOW, THEREFORE" not in text      # a bill has no WHEREAS clauses to follow
    else:
        assert f"AN ORDINANCE of {'the ' if ' of ' in legal else ''}{legal}" in text


def test_init_no_input_lists_missing_fields(tmp_path):
    result = run("init", str(tmp_path / "p.yaml"), "--kind", "county", "--no-input")
    assert result.exit_code == 1
    assert "name: required" in result.stderr and "--state: required" in result.stderr
    assert not (tmp_path / "p.yaml").exists()


def test_init_refuses_bad_values_and_overwrite(tmp_path):
    profile = tmp_path / "p.yaml"
    result = run("init", str(profile), "--kind", "city", "--name", "X", "--state", "Atlantis",
                 "--no-input")
    assert result.exit_code == 1 and "--state: 'Atlantis' is not a U.S. state" in result.stderr
    profile.write_text("keep me")
    result = run("init", str(profile), "--kind", "city", "--name", "X", "--state", "OR", "--no-input")
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert profile.read_text() == "keep me"


def test_check_shows_derived_words_and_fails_on_bad_profile(tmp_path):
    result = run("check", str(EXAMPLES / "juniper-county.yaml"))
    assert result.exit_code == 0
    assert "Juniper County (county)" in result.stdout
    assert "Juniper County Sheriff’s Office" in result.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: city\nname: X\nstate: OR\nsherif: typo\n")
    result = run("check", str(EXAMPLES / "juniper-county.yaml"), str(bad))
    assert result.exit_code == 1
    assert f"{bad}:4: sherif: unknown field; did you mean 'sheriff'?" in result.stderr


def test_all_bundled_examples_check_clean():
    from drafter.paths import example_profiles

    profiles = example_profiles()
    kinds = {yaml.safe_load(p.read_text())["kind"] for p in profiles}
    assert kinds == {"city", "county", "town", "village", "township", "borough", "parish",
                     "city-and-county", "state", "commonwealth", "district"}
    assert run("check", *map(str, profiles)).exit_code == 0


def test_list_commands():
    rules = run("list", "rules").stdout
    assert "judicial-warrant" in rules and "federal-law-1373" in rules
    assert rules.count("\n") == 20      # ten rules, each with its summary line
    assert "ordinance" in run("list", "documents").stdout
    assert "City of Elm Harbor" in run("list", "jurisdictions").stdout
    assert "jurisdiction.word" in run("list", "variables").stdout


def _commands(group, prefix=()):
    for name, command in group.commands.items():
        yield prefix + (name,), command
        if hasattr(command, "commands"):
            yield from _commands(command, prefix + (name,))


@pytest.mark.parametrize("path", [p for p, _ in _commands(main)] + [()])
def test_every_command_has_help_with_an_example(path):
    result = run(*path, "--help")
    assert result.exit_code == 0
    assert "drafter " in result.output and ("Example" in result.output or "Quick start" in result.output)


def test_redline_help_lists_only_what_a_redline_uses():
    """A redline is of legislation: its help offers no petition, letter or testimony
    option, which `draft` still offers."""
    redline, draft = run("redline", "--help").output, run("draft", "--help").output
    papers_only = ("--sheets", "--qr", "--lang", "--from", "--speaker", "--circulator", "--minutes")
    assert not [flag for flag in papers_only if flag in redline]
    assert all(flag in draft for flag in papers_only)
    assert all(flag in redline for flag in ("--clauses", "--rules", "--author", "--state-safe"))


def test_variables_in_readme_match_the_code():
    """The README's table, `drafter list variables` and what templates really receive are
    one set: nothing undocumented reaches a clause, nothing documented is missing."""
    import re

    from drafter.documents.campaign import CampaignBuilder
    from drafter.documents.clause_text import VARIABLES
    from drafter.inputs.doctypes import load_document_type
    from drafter.inputs.status import load_status, standings
    from drafter.pipeline import Request, prepare
    from drafter.plain import plain_context

    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("| variable | meaning |"):]
    table = table[:table.index("\n\n")]
    assert re.findall(r"^\| `([^`]+)` \|", table, re.M) == list(VARIABLES)
    listed = run("list", "variables").stdout
    assert all(name in listed for name in VARIABLES)

    job = prepare(Request(jurisdiction=EXAMPLES / "elm-harbor-city.yaml"))
    builder = CampaignBuilder(load_document_type("report-back"), job)
    status = load_status(job.jurisdiction, job.library.rules())
    from drafter.documents.state_law_memo import memo_words
    from drafter.inputs.statelaw import findings

    context = {**builder.context, **plain_context(
        {**builder.letter_words(job.jurisdiction.officials[0]),
         **memo_words(findings(job.jurisdiction, job.selection)),
         **builder.report_back_words(status, standings(status, list(job.selection)))})}
    context.update(section=None, sections=None, range=None)      # helpers and Jinja's range
    documented = {name.split(".")[0].split("(")[0] for name in VARIABLES}
    assert set(context) == documented
    for mapping in ("jurisdiction", "document"):
        fields = {n.split(".", 1)[1] for n in VARIABLES if n.startswith(f"{mapping}.")}
        assert set(context[mapping]) == fields, mapping


def test_python_dash_m_and_console_script(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "drafter", "draft", "ordinance", "--format", "md",
                             "--out", str(tmp_path)], capture_output=True, text=True, env=env,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "city-of-elm-harbor-ordinance.md").exists()
    assert f"wrote {tmp_path}/city-of-elm-harbor-ordinance.md" in result.stdout
    bad = subprocess.run([sys.executable, "-m", "drafter", "draft", "ordinance", "--rules", "42"],
                         capture_output=True, text=True, env=env, cwd=tmp_path)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "error: --rules: unknown rule '42'" in bad.stderr


def test_output_error_names_path_and_keeps_earlier_files(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    old_docx = out / "city-of-elm-harbor-ordinance.docx"
    old_docx.write_bytes(b"earlier version")
    # A folder where the PDF should go makes its rename fail, even for root.
    (out / "city-of-elm-harbor-ordinance.pdf").mkdir()
    result = run("draft", "ordinance", "--out", str(out), "--format", "pdf")
    assert result.exit_code == 1
    assert f"{out}/city-of-elm-harbor-ordinance.pdf: cannot write this file" in result.stderr
    assert old_docx.read_bytes() == b"earlier version"
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    # A file where the output folder should be.
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("draft", "ordinance", "--out", str(blocker / "sub"), "--format", "md")
    assert result.exit_code == 1 and "cannot write this file" in result.stderr


def test_importing_main_as_a_spawned_worker_does_not_run_the_cli():
    """`python -m drafter serve` spawns render workers, which import drafter.__main__ again as
    __mp_main__: that must not start the command line (it would fail on the worker's argv)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", "import runpy; runpy.run_module("
                             "'drafter.__main__', run_name='__mp_main__')", "--help"],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""


def test_init_asks_what_decides_the_form_and_lists_what_to_check(tmp_path):
    """The few answers that decide a resolution's verbs and the jail notes are asked; a
    default no source confirmed is listed at the end; a consolidated government is found
    by the county's name (Davidson County is Nashville's Metropolitan Government)."""
    profile = tmp_path / "normal.yaml"
    answers = "town\nNormal\nIL\nthe Police Review Board\n\n\n\n\nno\nTown Manager\nstate\n"
    result = run("init", str(profile), input=answers)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(profile.read_text())
    assert data["executive_elected"] is False and data["manager"] == "Town Manager"
    assert data["jail"] == "state"
    assert ("check: every word above is the generic one for a town: drafter has no entry for "
            "a town in Illinois") in result.stderr
    drafted = run("draft", "resolution", "-j", str(profile), "--format", "md",
                  "--out", str(tmp_path / "out"))
    text = read_md(next((tmp_path / "out").glob("*-resolution.md")))
    assert "The Town Council directs the Town Manager to put the rules" in text
    assert "the state runs the jail" in drafted.stderr
    davidson = tmp_path / "davidson.yaml"
    result = run("init", str(davidson), "--kind", "county", "--name", "Davidson", "--state",
                 "TN", "--oversight-entity", "the Community Oversight Board", "--no-input")
    assert result.exit_code == 0, result.output
    assert "Metropolitan Government of Nashville and Davidson County" in result.output
    assert "governing body: Metropolitan Council" in result.output


def test_a_near_miss_gets_did_you_mean():
    typo = run("draft", "ordnance")
    assert typo.exit_code == 1 and "unknown document type 'ordnance' (did you mean ordinance?)" \
        in typo.stderr
    rule = run("draft", "ordinance", "--rules", "1,no-faciliation", "--format", "md")
    assert rule.exit_code == 1 and "(did you mean no-facilitation?)" in rule.stderr


def test_every_problem_of_the_choices_is_reported_in_one_run(tmp_path):
    """Rule 8 without an oversight entity and an executive order without an executive are
    both reported, so a person fixes the profile once; nothing is written."""
    profile = tmp_path / "lane.yaml"
    profile.write_text("kind: county\nname: Lane\nstate: Oregon\n", encoding="utf-8")
    result = run("draft", "executive-order", "-j", str(profile), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{profile}: oversight_entity: #8 Redress Rule names who takes complaints" in result.output
    assert f"{profile}: executive: Executive Order needs an executive" in result.output
    assert not (tmp_path / "out").exists()
