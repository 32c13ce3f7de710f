"""User clause text renders in the sandbox: escapes, oversized output and bad ids are refused."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES, run, write, read_md

SENDER = EXAMPLES / "senders" / "elm-harbor-coalition.yaml"

CLAUSE = """---
id: judicial-warrant
kind: rule
number: 1
title: Judicial Warrant Rule
group: deportation-defense
summary: A lawyer's local version of rule 1, for this test.
terms: [def-official]
source: test
---
{body}
"""


def draft_with_clause(tmp_path, body: str, clause_id: str = "judicial-warrant"):
    clauses = tmp_path / "my-clauses"
    path = write(clauses / f"{clause_id}.md", CLAUSE.replace("{body}", body)
                 .replace("id: judicial-warrant", f"id: {clause_id}"))
    out = tmp_path / "out"
    result = run("draft", "ordinance", "--clauses", str(clauses), "--out", str(out), "--format", "md")
    return result, path, out


def assert_refused(result, out, *expected):
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for text in expected:
        assert text in result.stderr, result.stderr
    assert not out.exists()


def test_user_clause_replaces_built_in_one(tmp_path):
    result, _, out = draft_with_clause(tmp_path, "{{ jurisdiction.word }} officials shall not do X.")
    assert result.exit_code == 0, result.output
    text = read_md(out / "city-of-elm-harbor-ordinance.md")
    assert "City officials shall not do X." in text
    assert "shall require a judicial warrant prior to detaining" not in text


def test_jinja_globals_are_not_available(tmp_path):
    result, path, out = draft_with_clause(tmp_path, "{{ cycler.__init__.__globals__.os.popen('id').read() }}")
    assert_refused(result, out, f"{path}:11: refused by the template sandbox")


def test_recursion_refused(tmp_path):
    result, path, out = draft_with_clause(tmp_path, "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}")
    assert_refused(result, out, str(path), "calls itself without end")


@pytest.mark.parametrize("body", [
    "{{ range.__globals__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ '{0.__class__}'.format(1) }}",
    "{{ '{x.__class__}'.format_map({'x': 1}) }}",
    "{{ jurisdiction.__class__.__mro__ }}",
])
def test_sandbox_escapes_refused(tmp_path, body):
    result, path, out = draft_with_clause(tmp_path, body)
    assert_refused(result, out, f"{path}:11:", "refused by the template sandbox")


def test_attr_format_escape_refused(tmp_path):
    result, path, out = draft_with_clause(tmp_path, "{{ ('{0.__class__}'|attr('format'))(1) }}")
    assert_refused(result, out, f"{path}:11: template error: No filter named 'attr'")


@pytest.mark.parametrize("body, message", [
    ("{{ 'a' * 10**9 }}", "refused: the text would be larger than"),
    ("{{ 'a'.center(10**9) }}", "refused: the number 1000000000 is too large"),
    ("{{ 10**100000 }}", "refused: exponent"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{{ '' }}{% endfor %}{% endfor %}",
     "took longer than 2 seconds"),
])
def test_oversized_or_endless_output_refused(tmp_path, body, message):
    result, path, out = draft_with_clause(tmp_path, body)
    assert_refused(result, out, str(path), message)


def test_undefined_variable_names_file_and_line(tmp_path):
    result, path, out = draft_with_clause(tmp_path, "First line.\n\n{{ jurisdiction.nickname }}")
    assert_refused(result, out, f"{path}:13: undefined variable")


def test_template_syntax_error_names_file_and_line(tmp_path):
    result, path, out = draft_with_clause(tmp_path, "Text {% if %} more")
    assert_refused(result, out, f"{path}:11: template error")


def test_leftover_placeholder_refused(tmp_path):
    result, path, out = draft_with_clause(tmp_path, "[Name of police chief] shall comply.")
    assert_refused(result, out, f"{path}: leftover placeholder '[Name of police chief]'")


def test_path_like_clause_id_refused(tmp_path):
    clauses = tmp_path / "my-clauses"
    write(clauses / "evil.md", CLAUSE.replace("{body}", "x").replace("id: judicial-warrant",
                                                                      "id: ../../etc/passwd"))
    result = run("check", "--clauses", str(clauses))
    assert result.exit_code == 1
    assert "evil.md:2: id: '../../etc/passwd' is not a valid id" in result.stderr


def test_clause_id_must_match_file_name(tmp_path):
    clauses = tmp_path / "my-clauses"
    write(clauses / "other-name.md", CLAUSE.replace("{body}", "x"))
    result = run("check", "--clauses", str(clauses))
    assert result.exit_code == 1
    assert "other-name.md:2: id: id 'judicial-warrant' must match the file name" in result.stderr


def test_rule_without_summary_and_missing_front_matter(tmp_path):
    clauses = tmp_path / "my-clauses"
    write(clauses / "no-front.md", "Just text.\n")
    write(clauses / "bad-rule.md", CLAUSE.replace("{body}", "x").replace(
        "id: judicial-warrant", "id: bad-rule").replace("summary: A lawyer's local version of rule 1, for this test.\n", ""))
    result = run("check", "--clauses", str(clauses))
    assert result.exit_code == 1
    assert "no-front.md:1: must start with a line '---'" in result.stderr
    assert "bad-rule.md:2: a rule needs summary" in result.stderr


def test_check_renders_every_clause_and_reports_template_errors(tmp_path):
    assert run("check").exit_code == 0
    clauses = tmp_path / "my-clauses"
    path = write(clauses / "judicial-warrant.md", CLAUSE.replace("{body}", "{{ jurisdiction.mayor }}"))
    result = run("check", "--clauses", str(clauses))
    assert result.exit_code == 1
    assert f"{path}:11: undefined variable" in result.stderr
    assert sum(line.startswith("error:") for line in result.stderr.splitlines()) == 1


def test_control_character_in_clause_file_refused(tmp_path):
    clauses = tmp_path / "my-clauses"
    path = write(clauses / "judicial-warrant.md", CLAUSE.replace("{body}", "Officials\x0bshall."))
    result = run("check", "--clauses", str(clauses))
    assert result.exit_code == 1
    assert f"{path}:11: contains the control character U+000B" in result.stderr


def test_cross_reference_variables_in_user_clause(tmp_path):
    result, _, out = draft_with_clause(
        tmp_path, "Complaints go as {{ section('redress') }} says; see {{ sections('judicial-warrant', "
                  "'fair-impartial-policing') }}. {{ jurisdiction.oversight_entity }}.")
    assert result.exit_code == 0, result.output
    text = read_md(out / "city-of-elm-harbor-ordinance.md")
    assert ("Complaints go as Section ____-11 says; see Sections ____-4 through ____-12. "
            "the Elm Harbor Civilian Police Review Board.") in text
    result, path, out = draft_with_clause(tmp_path / "again", "{{ section('no-such-clause') }}")
    assert_refused(result, out, f"{path}:11: template error: no section holds 'no-such-clause'")


# -- Clauses reach plain data only (SECURITY.md rows 15 and 16) ------------------------------
# Each exploit tries to run a command (which would create MARKER), read a file, or write one.
# The clause file is someone else's: every way drafter renders it must refuse it, naming the
# clause file and line, with nothing executed, read or written.
PICKLE = "cos\\nsystem\\n(S'touch MARKER'\\ntR."
EXPLOITS = {
    "parse_raw": "{{ official.parse_raw(\"" + PICKLE + "\", proto='pickle', allow_pickle=True) }}",
    "parse_raw_sender": "{{ sender.parse_raw(\"" + PICKLE + "\", proto='pickle', allow_pickle=True) }}",
    "parse_raw_item": "{{ official['parse_raw'](\"" + PICKLE + "\", proto='pickle', allow_pickle=True) }}",
    "parse_raw_officials": "{{ jurisdiction.officials[0].parse_raw('{}') }}",
    "parse_file": "{{ official.parse_file('/etc/hostname') }}",
    "model_validate_json": "{{ official.model_validate_json('{}') }}",
    "copy": "{{ official.copy() }}",
    "model_copy": "{{ official.model_copy() }}",
    "schema_json": "{{ official.schema_json() }}",
    "read_text": "{{ (jurisdiction.clause_dirs[0] / '/etc/hostname').read_text() }}",
    "write_text": "{{ (jurisdiction.clause_dirs[0] / 'MARKER').write_text('x') }}",
    "open": "{{ jurisdiction.clause_dirs[0].open().read() }}",
    "source_path": "{{ jurisdiction.source.__class__ }}",
    "str_format_attribute": "{{ '{0.parse_raw}'.format(official) }}",
    "format_map": "{{ '{x.name}'.format_map({'x': official}) }}",
    "mapping_copy": "{{ jurisdiction.copy() }}",
    "percent_format": "{{ '%s' % official }}",
}


def _exploit_clauses(tmp_path, body: str, clause_id: str) -> Path:
    clauses = tmp_path / "my-clauses"
    text = (CLAUSE.replace("{body}", body).replace("id: judicial-warrant", f"id: {clause_id}")
            if clause_id == "judicial-warrant" else
            f"---\nid: {clause_id}\nkind: supporting\ntitle: Letter opening\nsource: test\n---\n{body}\n")
    return write(clauses / f"{clause_id}.md", text)


def _assert_nothing_happened(tmp_path, result, path, out):
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"{path}:" in result.stderr, result.stderr
    assert not (tmp_path / "MARKER").exists() and not Path("MARKER").exists()
    assert not (tmp_path / "my-clauses" / "MARKER").exists()
    assert not out.exists() or not any(p.suffix in (".md", ".docx", ".pdf") for p in out.rglob("*"))
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else None
    if hostname:
        assert hostname not in result.output


@pytest.mark.parametrize("name", sorted(EXPLOITS))
def test_clause_cannot_reach_methods_through_draft_letter(tmp_path, name, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = _exploit_clauses(tmp_path, EXPLOITS[name], "letter-opening")
    profile = write(tmp_path / "city.yaml", (EXAMPLES / "elm-harbor-city.yaml").read_text()
                    + "clauses: [my-clauses]\n")
    out = tmp_path / "out"
    result = run("draft", "letter", "-j", str(profile), "--from", str(SENDER), "--out", str(out),
                 "--format", "md")
    _assert_nothing_happened(tmp_path, result, path, out)
    result = run("check", "--strict", "--clauses", str(tmp_path / "my-clauses"))
    _assert_nothing_happened(tmp_path, result, path, out)


@pytest.mark.parametrize("name", ["parse_raw_officials", "read_text", "write_text",
                                  "str_format_attribute", "percent_format"])
def test_clause_cannot_reach_methods_through_ordinance_check_and_batch(tmp_path, name, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = _exploit_clauses(tmp_path, EXPLOITS[name], "judicial-warrant")
    profiles = tmp_path / "profiles"
    write(profiles / "city.yaml", (EXAMPLES / "elm-harbor-city.yaml").read_text()
          + "clauses: [../my-clauses]\n")
    out = tmp_path / "out"
    result = run("draft", "ordinance", "-j", str(profiles / "city.yaml"), "--out", str(out),
                 "--format", "md")
    _assert_nothing_happened(tmp_path, result, path, out)
    result = run("check", "--strict", "--clauses", str(tmp_path / "my-clauses"))
    _assert_nothing_happened(tmp_path, result, path, out)
    result = run("batch", str(profiles), "--out", str(out), "--documents", "ordinance",
                 "--format", "md", "--jobs", "1")
    assert result.exit_code == 1, result.output
    assert f"{path}:" in result.stderr
    assert not (tmp_path / "MARKER").exists()
    assert not list(out.rglob("*.md"))


@pytest.mark.parametrize("body", [
    "{{ range(20000)|join('x'*100000) }}",
    "{{ range(20000)|join('x'*50000 ~ 'x'*50000) }}",
    "{{ ('x'*100000).replace('x', 'y'*100000) }}",
    "{{ ('x'*100000)|replace('x', 'y'*100000) }}",
    "{{ ('x'*50000).join(range(20000)|map('string')) }}",
    "{% set a = 'x'*100000 %}{% set b = a ~ a %}{% set c = b ~ b %}{{ c ~ c }}",
    "{% macro m() %}{% for i in range(100000) %}{{ 'x'*100000 }}{% endfor %}{% endmacro %}{{ m()|length }}",
    "{% set big %}{% for i in range(100000) %}{{ 'x'*50000 }}{% endfor %}{% endset %}{{ big|length }}",
    "{{ (range(100000)|map('string')|map('upper')|list * 1)|length }}{{ ['x'*100000]*100000 }}",
    "{{ '%999999999s' % 'x' }}",
    "{{ 'x'.center(10**9) }}",
    "{{ 'x'.ljust(100000) }}",
    "{{ '{:999999999}'.format(1) }}",
])
def test_memory_is_refused_before_it_is_allocated(tmp_path, body):
    import resource
    import time

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    result, path, out = draft_with_clause(tmp_path, body)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"{path}:" in result.stderr
    assert "refused" in result.stderr or "template error" in result.stderr, result.stderr
    assert not out.exists()
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 200, f"the process grew by {grown_mb:.0f} MB"
    assert time.monotonic() - started < 2.5   # refused by size, not by the 2 s timer


def test_documented_variables_and_string_methods_still_work(tmp_path):
    result, _, out = draft_with_clause(
        tmp_path, "{{ jurisdiction.legal_name.upper() }} / {{ jurisdiction.word|lower }} / "
                  "{{ document.this }} / {% for o in jurisdiction.officials %}{{ o.name }}; {% endfor %}"
                  "{{ jurisdiction.presiding_officers|join(', ') }} / {{ 'a-b'.split('-')|length }} / "
                  "{{ 'x' ~ 1 }} / {% for k, v in {'a': 1}.items() %}{{ k }}{{ v }}{% endfor %}")
    assert result.exit_code == 0, result.output
    text = read_md(out / "city-of-elm-harbor-ordinance.md")
    assert ("CITY OF ELM HARBOR / city / this chapter / Dana Whitfield; Luis Ortega; "
            "President of the City Council / 2 / x1 / a1") in text
