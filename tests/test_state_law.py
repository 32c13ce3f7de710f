"""State law: warnings with citations for restrictive states, a baseline for protective ones."""
from __future__ import annotations

import pytest
from conftest import run, write
from pypdf import PdfReader

PROFILE = """
kind: city
name: {name}
state: {state}
oversight_entity: the Office of Police Oversight
"""


def profile(tmp_path, state, name="Cibolo Creek"):
    return write(tmp_path / f"{state}.yaml", PROFILE.format(name=name, state=state))


def test_texas_warns_with_citation_and_unverified_mark(tmp_path):
    result = run("draft", "ordinance", "-j", str(profile(tmp_path, "TX")), "--format", "md",
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 0                      # never blocks by default
    assert (tmp_path / "out" / "city-of-cibolo-creek-ordinance.md").exists()
    assert "warning: Texas: Texas SB 4" in result.stderr
    assert "Tex. Gov't Code ch. 752, subch. C (§ 752.053)" in result.stderr
    assert "Tex. Code Crim. Proc. art. 2A.060 (formerly art. 2.251" in result.stderr
    assert ("[unverified: check the citation; Penal Code § 39.07 and SB 8 (2025, 287(g) "
            "agreements) are not yet listed here]") in result.stderr
    assert ("may conflict with #1 Judicial Warrant Rule, #2 No Facilitation Rule, "
            "#3 Defined Access/Interview Rule, #5 Don’t Ask Rule.") in result.stderr
    assert "drafting help, not legal advice: consult a lawyer licensed in Texas" in result.stderr


def test_florida_warns_only_for_the_rules_selected(tmp_path):
    path = profile(tmp_path, "Florida")
    result = run("draft", "ordinance", "-j", str(path), "--rules", "5-9", "--format", "md",
                 "--out", str(tmp_path / "out"))
    assert "Florida SB 168 (2019), Fla. Stat. ch. 908" in result.stderr
    assert "may conflict with #6 Privacy Protection Rule." in result.stderr
    assert "unverified" not in result.stderr
    quiet = run("draft", "ordinance", "-j", str(path), "--rules", "5,7-9", "--format", "md",
                "--out", str(tmp_path / "out2"))
    assert "warning" not in quiet.stderr


def test_strict_makes_the_conflict_an_error(tmp_path):
    path = profile(tmp_path, "FL")
    result = run("draft", "ordinance", "-j", str(path), "--strict", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"error: {path}: state: Florida: Florida SB 168" in result.stderr
    assert not (tmp_path / "out").exists()
    check = run("check", str(path))
    assert check.exit_code == 0 and "warning:" in check.stderr
    assert run("check", "--strict", str(path)).exit_code == 1


def test_protective_state_gets_a_baseline_note(tmp_path):
    result = run("check", str(profile(tmp_path, "Illinois", "Elmwood")))
    assert result.exit_code == 0
    assert "note:" in result.stderr and "Baseline in Illinois: Illinois TRUST Act" in result.stderr
    assert "5 ILCS 805" in result.stderr and "warning" not in result.stderr


@pytest.mark.parametrize("state", ["Mississippi", "Georgia"])
def test_unverified_states_warn_about_every_rule(tmp_path, state):
    result = run("draft", "resolution", "-j", str(profile(tmp_path, state)), "--format", "md",
                 "--out", str(tmp_path / "out"))
    assert f"warning: {state}:" in result.stderr
    assert "these rules (which ones is not yet known)" in result.stderr
    assert "[unverified: check the citation]" in result.stderr


def test_packet_adds_a_state_law_memo(tmp_path):
    result = run("packet", "-j", str(profile(tmp_path, "TX")), "--format", "pdf",
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    packet = PdfReader(str(tmp_path / "out" / "city-of-cibolo-creek-packet.pdf"))
    memo = " ".join(packet.pages[1].extract_text().split())
    assert "Memo: State Law to Check Before You Act" in memo
    assert "Texas SB 4" in memo and "not legal advice" in memo


def test_the_interview_consent_extra_cites_the_local_jail_rule():
    """Cal. Gov. Code s. 7283.1 (TRUTH Act) governs local custody; s. 7284.10 is the state
    prisons' rule and must not be cited for a local jail."""
    from drafter.inputs.clauses import load_library

    clause = load_library().get("interview-consent")
    assert "§ 7283.1(a)" in clause.meta.source and clause.meta.verified
    assert "only to the state Department of Corrections" in clause.meta.source
