"""State law: one entry per state with sources; warnings that name the law, the rules at
risk and the consequences, once per run; the state-law memo; --state-safe; list states."""
from __future__ import annotations

import re

import pytest
from conftest import docx_text, normalise, run, write, read_md
from pypdf import PdfReader

PROFILE = """
kind: city
name: {name}
state: {state}
oversight_entity: the Office of Police Oversight
"""


def profile(tmp_path, state, name="Cibolo Creek"):
    return write(tmp_path / f"{state}.yaml", PROFILE.format(name=name, state=state))


def warnings(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("warning:")]


# -- the data --------------------------------------------------------------------------

def test_every_state_and_dc_has_an_entry_with_sources():
    from drafter.inputs.statelaw import STATES_AND_DC, load_state_law

    data = load_state_law()
    assert set(data.states) == set(STATES_AND_DC) and len(STATES_AND_DC) == 51
    assert str(data.as_of) == "2026-11-26"
    for state, entry in data.states.items():
        assert entry.laws or entry.sources, state
        for law in entry.laws:
            assert law.sources and law.checked and law.citations, (state, law.name)
    restricting = {s for s, e in data.states.items() if e.finding == "restricts"}
    # The audit's restricting states (section B and the file's own), each with its verdict.
    assert restricting == {"Texas", "Florida", "Georgia", "Tennessee", "Iowa", "Mississippi",
                           "Alabama", "Indiana", "North Carolina", "South Carolina", "Missouri",
                           "Arizona", "Arkansas", "Louisiana", "Montana", "Kansas", "Wyoming",
                           "West Virginia", "New Hampshire", "North Dakota", "Idaho"}
    assert data.states["Virginia"].finding == "protects"         # changed course in 2026
    assert data.states["Minnesota"].finding == "none-found"      # no baseline claimed


def test_an_entry_without_a_source_is_refused_with_file_and_line(tmp_path):
    from drafter.errors import DrafterError
    from drafter.inputs.statelaw import load_state_law, state_law_path

    text = state_law_path().read_text(encoding="utf-8")
    start = text.index("        sources:\n          - https://capitol.texas.gov/tlodocs/871")
    end = text.index("        checked:", start)
    broken = write(tmp_path / "state-law.yaml", text[:start] + text[end:])
    with pytest.raises(DrafterError) as caught:
        load_state_law(broken)
    message = str(caught.value.problems[0])
    entry_line = text[:text.index("      - name: Texas SB 4")].count("\n") + 1
    assert message.startswith(f"{broken}:{entry_line}: states.Texas.laws[1].sources:")


def test_a_finding_that_contradicts_its_laws_is_refused(tmp_path):
    from drafter.errors import DrafterError
    from drafter.inputs.statelaw import load_state_law, state_law_path

    text = state_law_path().read_text(encoding="utf-8")
    broken = write(tmp_path / "state-law.yaml",
                   text.replace("  Iowa:\n    finding: restricts", "  Iowa:\n    finding: protects"))
    with pytest.raises(DrafterError) as caught:
        load_state_law(broken)
    assert "finding is 'protects' but the laws listed make it 'restricts'" in str(caught.value)


# -- warnings ----------------------------------------------------------------------------

def test_texas_warning_names_the_law_rules_consequences_and_a_lawyer(tmp_path):
    result = run("draft", "ordinance", "-j", str(profile(tmp_path, "TX")), "--format", "md",
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 0                      # never blocks by default
    assert (tmp_path / "out" / "city-of-cibolo-creek-ordinance.md").exists()
    [warning] = warnings(result)
    assert warning.startswith("warning: Texas law restricts these rules. Texas SB 4 (2017)")
    assert "Tex. Code Crim. Proc. art. 2A.060 (formerly art. 2.251" in warning
    assert "Tex. Penal Code § 39.07" in warning
    assert ("puts at risk #1 Judicial Warrant Rule, #2 No Facilitation Rule, #3 Defined "
            "Access/Interview Rule, #5 Don’t Ask Rule, and #6 Privacy Protection Rule (in part)"
            in warning)
    assert "Texas SB 8" not in warning            # the no-287(g) extra was not chosen
    assert ("Consequences named in these laws: removal from office, criminal charges, civil "
            "fines (reported, unverified)") in warning
    assert "consult a lawyer licensed in Texas" in warning and "--state-safe" in warning


def test_the_warning_is_printed_once_in_a_packet_run(tmp_path):
    result = run("packet", "-j", str(profile(tmp_path, "FL")), "--format", "md",
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert len([w for w in warnings(result) if "Florida law restricts" in w]) == 1


@pytest.mark.parametrize("state, consequence", [
    ("Texas", "removal from office"),
    ("Texas", "criminal charges"),
    ("Montana", "civil fines (reported, unverified)"),
    ("Missouri", "loss of state funds"),
    ("Arkansas", "action by the attorney general"),
    ("South Carolina", "lawsuits by residents"),
])
def test_each_kind_of_consequence_is_named(tmp_path, state, consequence):
    result = run("check", str(profile(tmp_path, state)))
    assert result.exit_code == 0
    [warning] = warnings(result)
    assert f"{state} law restricts these rules" in warning and consequence in warning


def test_florida_warns_only_for_the_rules_selected(tmp_path):
    path = profile(tmp_path, "Florida")
    result = run("draft", "ordinance", "-j", str(path), "--rules", "5-9", "--format", "md",
                 "--out", str(tmp_path / "out"))
    [warning] = warnings(result)
    assert "Florida SB 168 (2019) — Fla. Stat. ch. 908" in warning
    assert "puts at risk #6 Privacy Protection Rule." in warning
    assert "Judicial Warrant" not in warning
    quiet = run("draft", "ordinance", "-j", str(path), "--rules", "5,7-9", "--format", "md",
                "--out", str(tmp_path / "out2"))
    assert not warnings(quiet)
    with_287g = run("check", str(path), "--strict")
    assert with_287g.exit_code == 1 and "No 287(g) Agreements" in with_287g.stderr


def test_strict_makes_the_conflict_an_error(tmp_path):
    path = profile(tmp_path, "FL")
    result = run("draft", "ordinance", "-j", str(path), "--strict", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"error: {path}: state: Florida law restricts these rules" in result.stderr
    assert not (tmp_path / "out").exists()
    assert run("check", str(path)).exit_code == 0
    assert run("check", "--strict", str(path)).exit_code == 1


def test_protective_states_get_a_baseline_note_and_no_warning(tmp_path):
    illinois = run("check", str(profile(tmp_path, "Illinois", "Elmwood")))
    assert illinois.exit_code == 0 and not warnings(illinois)
    assert "Baseline in Illinois: Illinois TRUST Act (P.A. 100-463, 2017) — 5 ILCS 805" \
        in illinois.stderr
    massachusetts = run("check", str(profile(tmp_path, "MA", "Somerville")))
    assert "Baseline in Massachusetts: Lunn v. Commonwealth, 477 Mass. 517 (2017)" \
        in massachusetts.stderr


def test_a_struck_down_penalty_is_not_threatened(tmp_path):
    """Tennessee's felony for a yes vote was declared unconstitutional on 25 February 2026;
    the ban and its loss of grants remain."""
    result = run("draft", "state-law-memo", "-j", str(profile(tmp_path, "TN", "Memphis")),
                 "--format", "docx", "--out", str(tmp_path / "out"))
    [warning] = warnings(result)
    assert "loss of state funds" in warning
    assert "criminal" not in warning and "removal" not in warning
    memo = normalise(docx_text(tmp_path / "out" / "city-of-memphis-state-law-memo.docx"))
    assert "Criminal charges (struck down): the 2025 Class E felony" in memo
    assert "(struck-down, February 25, 2026)" in memo


def test_an_enjoined_law_says_so(tmp_path):
    result = run("draft", "state-law-memo", "-j", str(profile(tmp_path, "ID", "Boise")),
                 "--format", "docx", "--out", str(tmp_path / "out"))
    [warning] = warnings(result)
    assert "partly enjoined [unverified: check the citation]" in warning
    memo = normalise(docx_text(tmp_path / "out" / "city-of-boise-state-law-memo.docx"))
    assert "partly enjoined by a court" in memo
    assert "Idaho Organization of Resource Councils v. Labrador" in memo and "(enjoined, " in memo


@pytest.mark.parametrize("state, words", [
    ("Kentucky", "Kentucky: no statewide law on local limits to immigration enforcement was "
                 "found (as of 2026-11-26). 2025 HB 344"),
    ("Ohio", "Ohio: drafter's state-law data has no research on Ohio (as of 2026-11-26)."),
])
def test_states_without_a_law_say_what_is_known(tmp_path, state, words):
    result = run("draft", "state-law-memo", "-j", str(profile(tmp_path, state, "Dayton")),
                 "--format", "md", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0 and not warnings(result)
    assert f"note: {words}" in result.stderr
    memo = read_md(tmp_path / "out" / "city-of-dayton-state-law-memo.md")
    finding = "no statewide law found" if state == "Kentucky" else "not researched"
    assert f"Finding for {state}: {finding}." in memo and "Restricts:" not in memo


# -- the memo and the packet -----------------------------------------------------------

def test_packet_puts_the_state_law_memo_right_after_the_cover(tmp_path):
    result = run("packet", "-j", str(profile(tmp_path, "TX")), "--format", "pdf",
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    packet = PdfReader(str(tmp_path / "out" / "city-of-cibolo-creek-packet.pdf"))
    assert [item.title for item in packet.outline][:3] == [
        "Cover and contents", "State-Law Memo", "Ordinance"]
    memo = normalise(" ".join(page.extract_text() for page in packet.pages[1:3]))
    assert memo.startswith("State-Law Memo: Texas For the campaign in the City of Cibolo Creek")
    assert "State-law data as of November 26, 2026" in memo
    assert "Restricts: Texas SB 4 (2017)" in memo and "Restricts: Texas SB 8 (2025)" in memo
    assert re.search(r"#1 Judicial Warrant Rule yes forbids jails must comply with ICE "
                     r"detainer requests", memo)
    assert "Removal from office: an official who violates the chapter forfeits office" in memo
    assert "consult" not in memo or "lawyer licensed in Texas" in memo
    assert len(PdfReader(str(tmp_path / "out" / "city-of-cibolo-creek-state-law-memo.pdf"))
               .pages) <= 2


def test_memo_docx_and_pdf_say_the_same(tmp_path):
    from conftest import pdf_body_text

    run("draft", "state-law-memo", "-j", str(profile(tmp_path, "FL", "Miami")),
        "--format", "docx,pdf", "--out", str(tmp_path / "out"))
    docx = tmp_path / "out" / "city-of-miami-state-law-memo.docx"
    text = docx_text(docx)
    assert text == pdf_body_text(docx.with_suffix(".pdf"))
    assert "Florida § 908.11" in text and "State Board of Immigration Enforcement" in text


# -- --state-safe ------------------------------------------------------------------------

def test_state_safe_leaves_out_what_the_law_forbids_and_says_so(tmp_path):
    result = run("draft", "ordinance", "-j", str(profile(tmp_path, "TX")), "--state-safe",
                 "--format", "docx", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert ("note: left out #1 Judicial Warrant Rule: Texas law forbids it (Texas SB 4 (2017): "
            "jails must comply with ICE detainer requests") in result.stderr
    text = normalise(docx_text(tmp_path / "out" / "city-of-cibolo-creek-ordinance.docx"))
    for title in ("Judicial Warrant Rule", "No Facilitation Rule", "Don’t Ask Rule"):
        assert f"{title}." not in text                 # no section heading for it
    assert "Privacy Protection Rule" in text           # limited in part, so kept
    assert ("WHEREAS, the law of Texas (Texas SB 4 (2017)) forbids local rules such as the "
            "Judicial Warrant Rule, the No Facilitation Rule, the Defined Access/Interview "
            "Rule, and the Don’t Ask Rule, so this ordinance leaves them out") in text
    assert re.search(r"Sec\. ____-\d+\. Conformity with State Law This chapter applies to the "
                     r"extent permitted by the law of Texas\.", text)
    [warning] = warnings(result)                       # what remains at risk still warns
    assert "#6 Privacy Protection Rule (in part)" in warning


def test_state_safe_with_nothing_left_is_refused(tmp_path):
    result = run("draft", "ordinance", "-j", str(profile(tmp_path, "FL")), "--rules", "1",
                 "--no-1373", "--state-safe", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert ("--state-safe: Florida law forbids every chosen rule, so --state-safe would leave "
            "nothing to draft") in result.stderr
    assert not (tmp_path / "out").exists()


def test_state_safe_changes_nothing_in_a_protective_state(tmp_path):
    result = run("draft", "resolution", "-j", str(profile(tmp_path, "OR", "Salem")),
                 "--state-safe", "--format", "md", "--out", str(tmp_path / "out"))
    text = read_md(tmp_path / "out" / "city-of-salem-resolution.md")
    assert "left out" not in result.stderr and "Judicial Warrant Rule" in text
    assert "to the extent permitted by the law of Oregon" in text


# -- list states -----------------------------------------------------------------------

def test_list_states_shows_each_status_and_the_date():
    result = run("list", "states")
    lines = result.stdout.splitlines()
    assert "as of 2026-11-26" in lines[0]
    rows = {line[:21].strip(): line[22:45].strip() for line in lines[1:-1]}
    assert len(rows) == 51
    assert rows["Texas"] == "restricts" and rows["Illinois"] == "protects"
    assert rows["Kentucky"] == "no statewide law found"
    assert rows["District of Columbia"] == "not researched"
    assert "Idaho HB 83, the Immigration Cooperation and Enforcement Act (2025) [unverified] " \
           "[partly-enjoined]" in result.stdout
    assert lines[-1] == "21 restricts, 14 protects, 6 no statewide law found, 10 not researched."


def test_the_interview_consent_extra_cites_the_local_jail_rule():
    """Cal. Gov. Code s. 7283.1 (TRUTH Act) governs local custody; s. 7284.10 is the state
    prisons' rule and must not be cited for a local jail."""
    from drafter.inputs.clauses import load_library

    clause = load_library().get("interview-consent")
    assert "§ 7283.1(a)" in clause.meta.source and clause.meta.verified
    assert "only to the state Department of Corrections" in clause.meta.source


def test_no_memo_names_a_file_of_drafters_own_tree(tmp_path):
    """A memo's sources are what a reader can look up; a state with no laws says what was
    searched and when. A source naming the build tree is refused where it is written."""
    import drafter
    from drafter.errors import DrafterError
    from drafter.inputs.statelaw import load_state_law, state_law, state_law_path

    for state in ("Alaska", "Minnesota", "Rhode Island", "Utah", "Wisconsin", "Michigan"):
        profile = write(tmp_path / "p.yaml", f"kind: city\nname: Testtown\nstate: {state}\n"
                        "oversight_entity: the Police Review Board\n")
        made = drafter.files(jurisdiction=profile, documents=("state-law-memo",),
                             formats=("md",))
        memo = next(iter(made.files.values())).decode()
        assert "shared/reference" not in memo and "../" not in memo, state
    alaska = state_law().states["Alaska"]
    assert alaska.sources == ("not yet searched by drafter (as of 2026-11-26)",)
    text = state_law_path().read_text(encoding="utf-8")
    broken = write(tmp_path / "state-law.yaml", text.replace(
        "[not yet searched by drafter (as of 2026-11-26)]", "[../notes/state-law.md]", 1))
    with pytest.raises(DrafterError, match="names a file of drafter's own tree"):
        load_state_law(broken)


@pytest.mark.parametrize("state, law", [("AR", "Arkansas SB 411 (2019)"),
                                        ("ND", "North Dakota HB 1303 (2025)"),
                                        ("LA", "Louisiana SB 208 (2024)")])
def test_state_safe_leaves_out_the_no_facilitation_rule_where_detainers_must_be_honored(
        tmp_path, state, law):
    """Rule 2 refuses to hold anyone on a detainer without a judge's warrant: the very
    policy these statutes forbid (Ark. Code § 14-1-103(b)(2)(D)-(E); N.D.C.C.
    § 44-08-25(1)(d); La. R.S. 33:81-82). --state-safe used to keep it."""
    profile = write(tmp_path / "p.yaml", f"kind: city\nname: Testtown\nstate: {state}\n"
                    "oversight_entity: the Police Review Board\n")
    out = tmp_path / "out"
    result = run("draft", "ordinance", "-j", str(profile), "--state-safe", "--format", "md",
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "left out #2 No Facilitation Rule: " in result.stderr and law in result.stderr
    text = read_md(next(out.glob("*.md")))
    assert "solely on the basis of an immigration detainer" not in text
