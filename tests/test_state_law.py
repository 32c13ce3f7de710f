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

def state_file(name: str) -> str:
    from drafter.inputs.statelaw import state_file_name, state_law_dir
    return (state_law_dir() / state_file_name(name)).read_text(encoding="utf-8")


def copy_states(tmp_path, **changed: str):
    """The state files in a folder of their own, some of them changed."""
    import shutil
    from drafter.inputs.statelaw import state_file_name, state_law_dir

    folder = tmp_path / "states"
    shutil.copytree(state_law_dir(), folder)
    for state, text in changed.items():
        (folder / state_file_name(state.replace("_", " "))).write_text(text, encoding="utf-8")
    return folder


def test_every_state_and_dc_was_researched_with_sources_read_in_this_change():
    from drafter.inputs.statelaw import STATES_AND_DC, load_state_law

    data = load_state_law()
    assert set(data.states) == set(STATES_AND_DC) and len(STATES_AND_DC) == 51
    reads = [source.read for entry in data.states.values() for law in entry.laws
             for source in law.sources]
    assert data.as_of == max(reads)               # the date of the last research
    assert min(reads).isoformat() >= "2026-12-03", "a source not read again in this research"
    for state, entry in data.states.items():
        assert entry.searched and entry.can_still_do, state
        for law in entry.laws:
            assert law.citations and law.sources, (state, law.name)
            if not law.verified:
                assert law.unverified, f"{state}: {law.name} says not what was not read"


def test_every_restricting_law_assesses_every_rule_and_extra():
    """The matrix: for each of the nine rules, the 1373 rule and each extra, forbids,
    limits or none, with the subsection where it is not none; no silent gaps."""
    from drafter.inputs.statelaw import model_rule_ids, state_law

    ids = model_rule_ids()
    assert len(ids) == 13
    restricting = [(state, law) for state, entry in state_law().states.items()
                   for law in entry.laws if law.effect == "restricts"]
    assert len(restricting) >= 20
    for state, law in restricting:
        assert set(law.rules) == set(ids), (state, law.name)
        for rule, risk in law.rules.items():
            assert risk.reason.strip(), (state, law.name, rule)
            assert risk.extent == "none" or risk.subsection, (state, law.name, rule)


def test_a_matrix_with_a_rule_missing_is_refused_with_file_and_line(tmp_path):
    from drafter.errors import DrafterError
    from drafter.inputs.statelaw import load_state_law

    text = state_file("Iowa")
    line = next(l for l in text.splitlines() if l.strip().startswith("redress:"))
    folder = copy_states(tmp_path, Iowa=text.replace(line + "\n", "", 1))
    with pytest.raises(DrafterError) as caught:
        load_state_law(folder)
    [problem] = caught.value.problems
    assert str(problem).startswith(f"{folder / 'iowa.yaml'}:")
    assert "has no entry for redress" in str(problem) and "laws[1].rules" in str(problem)


def test_a_detainer_mandate_must_forbid_rules_one_and_two(tmp_path):
    from drafter.errors import DrafterError
    from drafter.inputs.statelaw import load_state_law

    text = state_file("Iowa")
    assert "duty: honor-detainers" in text
    block = text[text.index("no-facilitation:"):]
    changed = text.replace(block, block.replace("extent: forbids", "extent: limits", 1), 1)
    with pytest.raises(DrafterError, match="forbids no-facilitation: set extent: forbids"):
        load_state_law(copy_states(tmp_path, Iowa=changed))


def test_a_finding_that_contradicts_its_laws_is_refused(tmp_path):
    from drafter.errors import DrafterError
    from drafter.inputs.statelaw import load_state_law

    changed = state_file("Iowa").replace("finding: restricts", "finding: protects", 1)
    with pytest.raises(DrafterError) as caught:
        load_state_law(copy_states(tmp_path, Iowa=changed))
    assert "finding is 'protects' but the laws in force listed make it 'restricts'" \
        in str(caught.value)


def test_a_source_naming_drafters_own_tree_is_refused(tmp_path):
    from drafter.errors import DrafterError
    from drafter.inputs.statelaw import load_state_law

    text = state_file("Iowa")
    first = text.index("source: ") + len("source: ")
    end = text.index(",", first) if text[first] == '"' else text.index("\n", first)
    changed = text[:first] + '"../shared/reference/state-law-2026.md"' + text[end:]
    with pytest.raises(DrafterError, match="names a file of drafter's own tree"):
        load_state_law(copy_states(tmp_path, Iowa=changed))


# -- warnings ----------------------------------------------------------------------------

def test_texas_warning_names_the_law_subsections_consequences_and_what_remains(tmp_path):
    result = run("draft", "ordinance", "-j", str(profile(tmp_path, "TX")), "--format", "md",
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 0                      # never blocks by default
    assert (tmp_path / "out" / "city-of-cibolo-creek-ordinance.md").exists()
    [warning] = warnings(result)
    assert warning.startswith("warning: Texas law restricts these rules. Texas SB 4 (2017)")
    assert "Tex. Code Crim. Proc. art. 2A.060" in warning and "Tex. Penal Code § 39.07" in warning
    assert "partly enjoined, read 2026-12-03" in warning
    assert "#2 No Facilitation Rule (Tex. Code Crim. Proc. art. 2A.060(a)(1)" in warning
    assert "#5 Don’t Ask Rule (Tex. Gov't Code § 752.053(b)(1))" in warning
    assert "Texas SB 8" not in warning            # the no-287(g) extra was not chosen
    assert "Consequences named in these laws: removal from office, criminal charges" in warning
    assert "What a campaign in Texas can still do: Rules 7" in warning
    assert "consult a lawyer licensed in Texas" in warning and "--state-safe" in warning


def test_the_warning_is_printed_once_in_a_packet_run(tmp_path):
    result = run("packet", "-j", str(profile(tmp_path, "FL")), "--format", "md",
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert len([w for w in warnings(result) if "Florida law restricts" in w]) == 1


@pytest.mark.parametrize("state, consequence", [
    ("Texas", "removal from office"),
    ("Louisiana", "criminal charges"),
    ("Montana", "civil fines"),
    ("Missouri", "loss of state funds"),
    ("Iowa", "action by the attorney general"),
    ("Arizona", "lawsuits by residents"),
])
def test_each_kind_of_consequence_is_named(tmp_path, state, consequence):
    result = run("check", str(profile(tmp_path, state)))
    assert result.exit_code == 0
    [warning] = [w for w in warnings(result) if "law restricts these rules" in w]
    assert f"{state} law restricts these rules" in warning and consequence in warning


def test_indiana_residents_can_no_longer_sue():
    """SEA 181 (2024) replaced the residents' suit with the attorney general's; City of Gary
    v. Nicholson was dismissed on 21 July 2022, not pending."""
    from drafter.inputs.statelaw import state_law

    laws = state_law().states["Indiana"].laws
    kinds = {c.kind for law in laws if law.in_force for c in law.consequences}
    assert "private-suit" not in kinds and "attorney-general" in kinds
    gary = [case for law in laws for case in law.litigation if "Gary" in case.case]
    assert gary and gary[0].status == "dismissed" and str(gary[0].date) == "2022-07-21"


def test_florida_warns_only_for_the_rules_selected(tmp_path):
    path = profile(tmp_path, "Florida")
    result = run("draft", "ordinance", "-j", str(path), "--rules", "6-8", "--format", "md",
                 "--out", str(tmp_path / "out"))
    [warning] = warnings(result)
    assert "Florida ban on sanctuary policies (SB 168, 2019; amended 2022 and 2025) — Fla. " \
           "Stat. ch. 908" in warning
    assert "puts at risk #6 Privacy Protection Rule (" in warning
    assert "Judicial Warrant" not in warning
    quiet = run("draft", "ordinance", "-j", str(path), "--rules", "7,8", "--format", "md",
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
    assert "Baseline in Illinois: Illinois TRUST Act (2017), as amended by the Illinois Way " \
           "Forward Act (2021) — 5 ILCS 805" in illinois.stderr
    massachusetts = run("check", str(profile(tmp_path, "MA", "Somerville")))
    assert "Baseline in Massachusetts: Lunn v. Commonwealth (2017) — Lunn v. Commonwealth, " \
           "477 Mass. 517 (2017)" in massachusetts.stderr
    assert "PROTECT Act" not in massachusetts.stderr        # a pending bill is no baseline


def test_a_struck_down_penalty_is_not_threatened(tmp_path):
    """Tennessee's felony for a yes vote was declared unconstitutional on 25 February 2026;
    the ban and its loss of grants remain."""
    result = run("draft", "state-law-memo", "-j", str(profile(tmp_path, "TN", "Memphis")),
                 "--format", "docx", "--out", str(tmp_path / "out"))
    [warning] = [w for w in warnings(result) if "law restricts" in w]
    assert "loss of state funds" in warning
    assert "criminal" not in warning and "removal" not in warning
    memo = normalise(docx_text(tmp_path / "out" / "city-of-memphis-state-law-memo.docx"))
    assert "Not in force (struck down): Tennessee 2025 felony" in memo
    assert "Criminal charges (struck down):" in memo
    assert memo.index("Restricts: Tennessee ban on sanctuary policies (2018)") \
        < memo.index("Not in force (struck down)")


def test_an_enjoined_law_says_so_and_a_pending_bill_is_not_law(tmp_path):
    result = run("draft", "state-law-memo", "-j", str(profile(tmp_path, "ID", "Boise")),
                 "--format", "docx", "--out", str(tmp_path / "out"))
    [warning] = warnings(result)
    assert "Idaho HB 83, the Immigration Cooperation and Enforcement Act (2025) — " in warning
    assert "partly enjoined, read 2026-12-03 [unverified: check the citation]" in warning
    assert "HB 659" not in warning                     # a pending bill
    memo = normalise(docx_text(tmp_path / "out" / "city-of-boise-state-law-memo.docx"))
    assert "partly enjoined by a court" in memo
    assert "Not in force (reported to have become law, not confirmed): Idaho HB 659" in memo
    assert "Rule it would put at risk" in memo


@pytest.mark.parametrize("state", ["Kentucky", "Alaska"])
def test_states_without_a_law_say_what_was_searched_and_when(tmp_path, state):
    from drafter.inputs.statelaw import state_law

    searched = " ".join(state_law().states[state].searched.split())
    result = run("draft", "state-law-memo", "-j", str(profile(tmp_path, state, "Dayton")),
                 "--format", "md", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0 and not warnings(result)
    assert (f"note: {state}: no statewide law on local limits to immigration enforcement in "
            f"force was found. {searched[:60]}") in result.stderr
    assert searched.startswith("Searched on 2026-12-03:")
    memo = read_md(tmp_path / "out" / "city-of-dayton-state-law-memo.md")
    assert f"Finding for {state}: no statewide law in force found." in memo
    assert "No law in force was found." in memo and "Restricts:" not in memo
    assert "the laws above" not in memo                # there are none above
    assert "2026" in searched                          # says when


def test_sheriffs_papers_are_told_of_the_duties_the_law_puts_on_the_sheriff(tmp_path):
    """Texas SB 8: every sheriff who runs a jail must seek a 287(g) agreement; a sheriff's
    order or a letter to the sheriff cannot ask them to refuse it."""
    path = write(tmp_path / "tx.yaml", PROFILE.format(name="Cibolo Creek", state="TX")
                 + "sheriff: Bexar County Sheriff’s Office\n")
    order = run("draft", "department-order", "-j", str(path), "--format", "md",
                "--out", str(tmp_path / "out"))
    duties = [w for w in warnings(order) if "requires the sheriff to" in w]
    assert any("Texas SB 8 (2025)" in w and "seek a 287(g) agreement with ICE" in w
               for w in duties)
    assert all("cannot ask them to refuse it" in w for w in duties)
    ordinance = run("draft", "ordinance", "-j", str(path), "--format", "md",
                    "--out", str(tmp_path / "out2"))
    assert not [w for w in warnings(ordinance) if "requires the sheriff to" in w]


# -- the memo and the packet -----------------------------------------------------------

def test_packet_puts_the_state_law_memo_right_after_the_cover(tmp_path):
    result = run("packet", "-j", str(profile(tmp_path, "TX")), "--format", "pdf",
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    packet = PdfReader(str(tmp_path / "out" / "city-of-cibolo-creek-packet.pdf"))
    assert [item.title for item in packet.outline][:3] == [
        "Cover and contents", "State-Law Memo", "Ordinance"]
    memo = normalise(" ".join(page.extract_text() for page in packet.pages[1:4]))
    assert memo.startswith("State-Law Memo: Texas For the campaign in the City of Cibolo Creek")
    assert "State-law data as of December 3, 2026" in memo
    assert "Restricts: Texas SB 4 (2017)" in memo and "Restricts: Texas SB 8 (2025)" in memo
    assert re.search(r"#2 No Facilitation Rule yes forbids Code Crim\. Proc\. art\. 2A\.060", memo)
    assert "What a campaign in Texas can still do:" in memo
    assert "Removal from office:" in memo and "(official: " in memo and "read December 3, 2026" in memo


def test_memo_docx_and_pdf_say_the_same(tmp_path):
    from conftest import pdf_body_text

    run("draft", "state-law-memo", "-j", str(profile(tmp_path, "FL", "Miami")),
        "--format", "docx,pdf", "--out", str(tmp_path / "out"))
    docx = tmp_path / "out" / "city-of-miami-state-law-memo.docx"
    text = docx_text(docx)
    assert text == pdf_body_text(docx.with_suffix(".pdf"))
    assert "Florida § 908.11" in text and "Duty of the sheriff: keep a 287(g) agreement" in text


def test_no_output_names_a_file_of_drafters_own_tree(tmp_path):
    """Every state's memo, in every state: sources are what a reader can look up."""
    import drafter
    from drafter.inputs.statelaw import STATES_AND_DC

    for state in STATES_AND_DC:
        path = write(tmp_path / "p.yaml", f"kind: city\nname: Testtown\nstate: {state}\n"
                     "oversight_entity: the Police Review Board\n")
        made = drafter.files(jurisdiction=path, documents=("state-law-memo",), formats=("md",))
        memo = next(iter(made.files.values())).decode()
        for word in ("shared/", "reference/", ".yaml", "../"):
            assert word not in memo, (state, word)
        for line in (*made.warnings, *made.notices):
            assert "shared/" not in line and "reference/" not in line, state


# -- --state-safe ------------------------------------------------------------------------

def test_state_safe_leaves_out_what_the_law_forbids_and_limits_the_rest(tmp_path):
    result = run("draft", "ordinance", "-j", str(profile(tmp_path, "AR")), "--state-safe",
                 "--format", "docx", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert ("note: left out #1 Judicial Warrant Rule: Arkansas law forbids it (Arkansas ban on "
            "sanctuary policies (SB 411, 2019; extended to counties by Act 654 of 2025), Ark. "
            "Code Ann. § 14-1-103(b)(2)(D)-(E): ") in result.stderr
    text = normalise(docx_text(tmp_path / "out" / "city-of-cibolo-creek-ordinance.docx"))
    for title in ("Judicial Warrant Rule", "No Facilitation Rule", "Don’t Ask Rule"):
        assert f"{title}." not in text                 # no section heading for it
    assert "Privacy Protection Rule" in text           # limited in part, so kept
    assert ("WHEREAS, the law of Arkansas (Ark. Code Ann. § 14-1-103(b)(2)(D)-(E) and Ark. Code "
            "Ann. § 14-1-103(b)(2)(F)) forbids the City of Cibolo Creek to adopt the Judicial "
            "Warrant Rule, the No Facilitation Rule, and the Don’t Ask Rule, so this ordinance "
            "leaves them out") in text
    assert "requests rather than commands" not in text     # the detainer recitals go with 1-2
    assert ("Conformity with State Law This chapter applies to the extent permitted by the law "
            "of Arkansas. In particular, this chapter applies the Defined Access/Interview Rule "
            "only to the extent permitted by Ark. Code Ann. § 14-1-103(b)(2)(A) and the Privacy "
            "Protection Rule only to the extent permitted by Ark. Code Ann. § 14-1-103") in text
    [warning] = warnings(result)                       # what remains at risk still warns
    assert "#6 Privacy Protection Rule (in part: Ark. Code Ann. § 14-1-103(b)(2)" in warning


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
    assert "In particular" not in text


@pytest.mark.parametrize("state, law", [
    ("AR", "Arkansas ban on sanctuary policies (SB 411, 2019"),
    ("GA", "Georgia ban on immigration sanctuary policies (2009"),
    ("LA", "Louisiana prohibition on sanctuary policies (SB 208, 2024)"),
    ("ID", "Idaho ban on local policies that prohibit or discourage immigration enforcement"),
    ("ND", "North Dakota ban on sanctuary policies (HB 1303, 2025)"),
])
def test_state_safe_leaves_out_the_no_facilitation_rule_where_detainers_must_be_honored(
        tmp_path, state, law):
    """Rule 2 refuses to hold anyone on a detainer without a judge's warrant: the very
    policy these statutes forbid. --state-safe used to keep it."""
    path = write(tmp_path / "p.yaml", f"kind: city\nname: Testtown\nstate: {state}\n"
                 "oversight_entity: the Police Review Board\n")
    out = tmp_path / "out"
    result = run("draft", "ordinance", "-j", str(path), "--state-safe", "--format", "md",
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "left out #2 No Facilitation Rule: " in result.stderr and law in result.stderr
    text = read_md(next(out.glob("*.md")))
    assert "solely on the basis of an immigration detainer" not in text


# -- list states -----------------------------------------------------------------------

def test_list_states_shows_each_finding_and_the_date_of_the_last_research():
    result = run("list", "states")
    lines = result.stdout.splitlines()
    assert "as of 2026-12-03 (the last date a source was read)" in lines[0]
    rows = {line[:21].strip(): line[22:53].strip() for line in lines[1:-1]}
    assert len(rows) == 51
    assert rows["Texas"] == "restricts" and rows["Illinois"] == "protects"
    assert rows["Kentucky"] == "no statewide law in force found"
    assert "not researched" not in result.stdout
    assert "Wisconsin AB 24 (2025), sheriff assistance with federal immigration functions " \
           "[vetoed]" in result.stdout
    assert re.fullmatch(r"\d+ restricts, \d+ protects, \d+ no statewide law in force found\.", lines[-1])


def test_list_states_by_rule_shows_where_a_law_in_force_forbids_or_limits_it():
    result = run("list", "states", "--rule", "2")
    assert result.exit_code == 0
    rows = [line for line in result.stdout.splitlines()[1:-1] if not line.startswith(" ")]
    forbidding = {line[:21].strip() for line in rows
                  if line[22:30].strip() == "forbids" and "not in force" not in line}
    assert {"Arkansas", "Georgia", "Louisiana", "Idaho", "Texas", "Iowa"} <= forbidding
    assert "Illinois" not in result.stdout
    assert any(line.startswith("Wisconsin") and "[not in force: vetoed" in line for line in rows)
    by_id = run("list", "states", "--rule", "no-287g")
    assert "Texas SB 8 (2025)" in by_id.stdout
    wrong = run("list", "states", "--rule", "no-facilitaton")
    assert wrong.exit_code == 2 and "did you mean no-facilitation?" in wrong.stderr


def test_the_interview_consent_extra_cites_the_local_jail_rule():
    """Cal. Gov. Code s. 7283.1 (TRUTH Act) governs local custody; s. 7284.10 is the state
    prisons' rule and must not be cited for a local jail."""
    from drafter.inputs.clauses import load_library

    clause = load_library().get("interview-consent")
    assert "§ 7283.1(a)" in clause.meta.source and clause.meta.verified
    assert "only to the state Department of Corrections" in clause.meta.source


def test_a_copy_of_the_code_is_not_called_official():
    """Code mirrors and publishers that are not the state's own are secondary sources."""
    from drafter.inputs.statelaw import state_law

    mirrors = ("casetext.com", "lawserver.com", "courtgpt.ai", "law.justia.com",
               "getpocketlaw.com", "public.law", "policyrisk.com", "legiplex.com",
               "legiscan.com", "billtrack50", "fastdemocracy", "uslawyerdatabase.com")
    for state, entry in state_law().states.items():
        for law in entry.laws:
            for source in law.sources:
                if any(host in source.source for host in mirrors):
                    assert not source.official, (state, source.source)


def test_a_law_reported_but_not_confirmed_is_never_applied(tmp_path):
    """Kansas's 2026 detainer bill is reported enacted over a veto by one page of unknown
    authorship: the memo lists it, --state-safe does not act on it."""
    from drafter.inputs.statelaw import state_law

    [reported] = [law for law in state_law().states["Kansas"].laws if "2372" in law.name]
    assert reported.status == "unconfirmed" and not reported.in_force
    result = run("draft", "ordinance", "-j", str(profile(tmp_path, "KS")), "--state-safe",
                 "--format", "md", "--out", str(tmp_path / "out"))
    assert "left out #1 Judicial Warrant Rule" not in result.stderr
    listed = run("list", "states", "--rule", "1").stdout
    assert "[not in force: reported enacted but not confirmed]" in listed


def test_a_state_safe_sheriffs_order_follows_its_rules_only_as_far_as_state_law_permits(
        tmp_path):
    path = write(tmp_path / "ga.yaml", PROFILE.format(name="Athens", state="GA")
                 + "sheriff: Clarke County Sheriff’s Office\n")
    result = run("draft", "department-order", "-j", str(path), "--state-safe", "--format", "md",
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    for order in (tmp_path / "out").glob("*.md"):
        text = read_md(order)
        assert "to the extent the law of Georgia permits" in text and "without exception" \
            not in text
