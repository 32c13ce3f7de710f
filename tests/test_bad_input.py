"""Bad profiles and options: one line per problem, exit 1, no traceback, no output file."""
from __future__ import annotations

import time

import pytest
from conftest import run, write, read_md

GOOD = """
kind: city
name: Elm Harbor
state: Michigan
oversight_entity: the Review Board
"""


def draft_with(tmp_path, profile_text: str, *extra: str):
    profile = write(tmp_path / "profile.yaml", profile_text)
    out = tmp_path / "out"
    result = run("draft", "ordinance", "-j", str(profile), "--out", str(out), *extra)
    return result, profile, out


def assert_refused(result, out, *expected: str):
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for text in expected:
        assert text in result.stderr, result.stderr
    assert not out.exists() or not any(out.iterdir()), "no file may be written"


def test_good_profile_drafts(tmp_path):
    result, _, out = draft_with(tmp_path, GOOD)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["city-of-elm-harbor-ordinance.docx",
                                                     "city-of-elm-harbor-ordinance.pdf"]
    assert "wrote " in result.stdout


def test_unknown_key_names_file_line_and_suggests(tmp_path):
    result, profile, out = draft_with(tmp_path, GOOD + "oversight_entty: typo\n")
    assert_refused(result, out, f"{profile}:5: oversight_entty: unknown field; did you mean "
                                "'oversight_entity'?")


def test_every_error_reported_at_once(tmp_path):
    text = """
    kind: metropolis
    name: Elm Harbor
    state: Narnia
    colour: blue
    """
    result, profile, out = draft_with(tmp_path, text)
    assert_refused(result, out, f"{profile}:1: kind: 'metropolis' is not allowed; use one of:",
                   f"{profile}:3: state: 'Narnia' is not a U.S. state",
                   f"{profile}:4: colour: unknown field")
    assert sum(line.startswith("error: ") for line in result.stderr.splitlines()) == 3


def test_missing_required_fields(tmp_path):
    result, profile, out = draft_with(tmp_path, "kind: city\nstate: OR\n")
    assert_refused(result, out, f"{profile}:1: name: required field is missing")


def test_local_kind_needs_a_state(tmp_path):
    result, profile, out = draft_with(tmp_path, "kind: county\nname: Juniper\n")
    assert_refused(result, out, f"{profile}:1: state: a county needs the U.S. state it is in")


def test_redress_rule_without_oversight_entity(tmp_path):
    text = "kind: city\nname: Elm Harbor\nstate: MI\n"
    result, profile, out = draft_with(tmp_path, text)
    assert_refused(result, out, f"{profile}: oversight_entity: #8 Redress Rule names who takes "
                                "complaints; add `oversight_entity:")
    # Leaving rule 8 out drafts fine, and nothing names an oversight entity.
    result, _, out = draft_with(tmp_path, text, "--rules", "1-7,9", "--format", "md")
    assert result.exit_code == 0, result.output
    assert "Redress" not in read_md(out / "city-of-elm-harbor-ordinance.md")


@pytest.mark.parametrize("rules, message", [
    ("1,12", "unknown rule '12'"),
    ("judicial-warant", "unknown rule 'judicial-warant'"),
    ("../../etc/passwd", "unknown rule '../../etc/passwd'"),
])
def test_unknown_rule(tmp_path, rules, message):
    result, _, out = draft_with(tmp_path, GOOD, "--rules", rules)
    assert_refused(result, out, message)


def test_unknown_and_path_like_document_type(tmp_path):
    for doc_type in ("proclamation", "../../etc/passwd"):
        result = run("draft", doc_type, "--out", str(tmp_path / "out"))
        assert_refused(result, tmp_path / "out", "not a document type" if "/" in doc_type
                       else "unknown document type 'proclamation'")


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x1f", "\uffff"])
def test_xml_forbidden_characters(tmp_path, char):
    profile = tmp_path / "profile.yaml"
    # Written as a YAML escape: PyYAML itself refuses some of these raw.
    escaped = {"\x00": "\\0", "\x0b": "\\v", "\x1f": "\\x1f", "\uffff": "\\uffff"}[char]
    write(profile, GOOD.replace("name: Elm Harbor", f'name: "Elm{escaped}Harbor"'))
    result = run("draft", "ordinance", "-j", str(profile), "--out", str(tmp_path / "out"))
    assert_refused(result, tmp_path / "out", f"{profile}:2: name: contains the control character")


def test_raw_control_character_in_file(tmp_path):
    profile = tmp_path / "profile.yaml"
    profile.write_bytes(GOOD.lstrip().replace("Elm Harbor", "Elm\x07Harbor").encode())
    result = run("draft", "ordinance", "-j", str(profile), "--out", str(tmp_path / "out"))
    assert_refused(result, tmp_path / "out", str(profile))


def test_yaml_python_tag_refused(tmp_path):
    text = GOOD + 'police: !!python/object/apply:os.system ["touch /tmp/drafter-pwned"]\n'
    result, profile, out = draft_with(tmp_path, text)
    assert_refused(result, out, f"{profile}:5: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed")


def test_yaml_alias_bomb_refused_quickly(tmp_path):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for index in range(1, 10):
        prev = chr(ord("a") + index - 1)
        name = chr(ord("a") + index)
        lines.append(f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    started = time.perf_counter()
    result, profile, out = draft_with(tmp_path, GOOD + "\n".join(lines) + "\n")
    assert time.perf_counter() - started < 5
    assert_refused(result, out, "aliases (*name) are not allowed")


def test_huge_profile_refused_before_parsing(tmp_path):
    profile = tmp_path / "big.yaml"
    profile.write_text(GOOD.lstrip() + "# " + "x" * (50 * 1024 * 1024) + "\n")
    result = run("draft", "ordinance", "-j", str(profile), "--out", str(tmp_path / "out"))
    assert_refused(result, tmp_path / "out", f"{profile}: file is 51200 KB, larger than the 512 KB limit")


def test_square_brackets_and_template_markers_refused(tmp_path):
    text = GOOD.replace("the Review Board", "'[oversight entity]'") + "police: '{{ 7*7 }} Police'\n"
    result, profile, out = draft_with(tmp_path, text)
    assert_refused(result, out, f"{profile}:4: oversight_entity: contains square brackets",
                   f"{profile}:5: police: contains template markers")


def test_bad_email_and_wrong_type(tmp_path):
    text = GOOD + "officials:\n  - name: Dana\n    title: Mayor\n    email: not-an-address\n" \
                  "presiding_officers: President\n"
    result, profile, out = draft_with(tmp_path, text)
    assert_refused(result, out, f"{profile}:8: officials[1].email: 'not-an-address' is not an e-mail",
                   f"{profile}:9: presiding_officers:")


def test_invalid_yaml_syntax(tmp_path):
    result, profile, out = draft_with(tmp_path, "kind: city\nname: [unclosed\n")
    assert_refused(result, out, str(profile))


def test_missing_profile_file(tmp_path):
    result = run("draft", "ordinance", "-j", str(tmp_path / "nope.yaml"), "--out", str(tmp_path / "out"))
    assert_refused(result, tmp_path / "out", "nope.yaml: file not found")


def test_usage_errors_exit_2(tmp_path):
    assert run("draft", "ordinance", "--format", "odt").exit_code == 2
    assert run("draft", "ordinance", "--no-such-option").exit_code == 2
    assert run("list", "nothing").exit_code == 2


def test_backwards_range(tmp_path):
    result, _, out = draft_with(tmp_path, GOOD, "--rules", "9-5")
    assert_refused(result, out, "--rules: range '9-5' runs backwards; write 5-9")
