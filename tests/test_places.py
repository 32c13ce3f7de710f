"""Twenty real places in twenty states, drafted as their attorney would read them: the body,
the legal name, the enacting words, the code's units, the adoption record, who signs, and
whom the resolution directs or asks. The expected words were read in each place's charter,
code or legislative record (jurisdictions/forms/evidence/, 2026-12-03)."""
from __future__ import annotations

import pytest
from conftest import write

# (kind, name, state): legal name, body, presiding officer, enacting words (None: not
# confirmed), the codification's words, the first step of the adoption record (None: the
# generic one), the resolution's operative words.
PLACES = {
    ("city", "Portland", "OR"): ("City of Portland", "City Council", "Council President",
                                 "The City of Portland ordains:",
                                 "A new Chapter ______, entitled “Portland Community Trust "
                                 "Ordinance,” is added to Title ______ of the Portland City Code",
                                 None, "requests and urges the Mayor"),
    ("city", "Austin", "TX"): ("City of Austin", "City Council", "Mayor", None,
                               "A new Chapter ______", None, "directs the City Manager"),
    ("city-and-county", "Denver", "CO"): ("City and County of Denver", "City Council",
                                          "Council President", None,
                                          "A new Article ______", "First reading",
                                          "requests and urges the Mayor"),
    ("county", "Salt Lake", "UT"): ("Salt Lake County", "County Council",
                                    "Chair of the County Council",
                                    "The County Legislative Body of Salt Lake County ordains as "
                                    "follows:", "A new Chapter ______", None,
                                    "requests and urges the County Mayor"),
    ("city", "Madison", "WI"): ("City of Madison", "Common Council", "Mayor",
                                "The Common Council of the City of Madison do hereby ordain as "
                                "follows:", "is created in the", "Introduction and referral",
                                "requests and urges the Mayor"),
    ("city", "Minneapolis", "MN"): ("City of Minneapolis", "City Council",
                                    "President of the Council",
                                    "The City Council of the City of Minneapolis do ordain as "
                                    "follows:", "is added to Title ______", "Notice of intent",
                                    "requests and urges the Mayor"),
    ("county", "King", "WA"): ("King County", "Metropolitan King County Council",
                               "Chair of the Council", "BE IT ORDAINED BY THE COUNCIL OF KING "
                               "COUNTY:", "is added to Title ______", "Introduction and referral",
                               "requests and urges the County Executive"),
    ("city", "Phoenix", "AZ"): ("City of Phoenix", "City Council", "Mayor", None,
                                "A new Article ______", None, "directs the City Manager"),
    ("city", "Boston", "MA"): ("City of Boston", "City Council", "President of the City Council",
                               "Be it ordained by the City Council of Boston, as follows",
                               "A new Chapter ______", None, "requests and urges the Mayor"),
    ("county", "Montgomery", "MD"): ("Montgomery County", "County Council",
                                     "President of the County Council",
                                     "The County Council for Montgomery County, Maryland approves "
                                     "the following Act:", "is added to Chapter ______",
                                     "Introduction",
                                     "requests and urges the County Executive"),
    ("city", "Atlanta", "GA"): ("City of Atlanta", "City Council", "President of Council",
                                "THE CITY COUNCIL OF THE CITY OF ATLANTA, GEORGIA, HEREBY "
                                "ORDAINS, as follows:", "is created in Chapter ______",
                                "First reading", "requests and urges the Mayor"),
    ("county", "Cook", "IL"): ("Cook County", "Board of Commissioners",
                               "President of the Cook County Board of Commissioners",
                               "BE IT ORDAINED, by the Cook County Board of Commissioners, that",
                               "is enacted in the Cook County Code", None,
                               "requests and urges the President of the Cook County Board"),
    ("city", "Albuquerque", "NM"): ("City of Albuquerque", "City Council",
                                    "President of the Council",
                                    "BE IT ORDAINED BY THE COUNCIL, THE GOVERNING BODY OF THE "
                                    "CITY OF ALBUQUERQUE:", "is incorporated in Chapter ______",
                                    "Introduced", "requests and urges the Mayor"),
    ("city", "Providence", "RI"): ("City of Providence", "City Council", "Council President",
                                   None, "A new Article ______", "First reading",
                                   "requests and urges the Mayor"),
    ("city", "Burlington", "VT"): ("City of Burlington", "City Council",
                                   "President of the City Council", None,
                                   "A new Article ______", None, "requests and urges the Mayor"),
    ("city", "Newark", "NJ"): ("City of Newark", "Municipal Council",
                               "President of the Municipal Council",
                               "BE IT ORDAINED BY THE MUNICIPAL COUNCIL OF THE CITY OF NEWARK, "
                               "NEW JERSEY, THAT:", "is added to Title ______", "First reading",
                               "requests and urges the Mayor"),
    ("county", "Miami-Dade", "FL"): ("Miami-Dade County", "Board of County Commissioners",
                                     "Chairperson of the Board of County Commissioners", None,
                                     "A new Article ______", "First reading",
                                     "requests and urges the Mayor"),
    ("city", "Pittsburgh", "PA"): ("City of Pittsburgh", "City Council", "President of Council",
                                   "The Council of the City of Pittsburgh hereby enacts as "
                                   "follows:", "is added to Title ______", "Read and referred",
                                   "requests and urges the Mayor"),
    ("city", "Columbus", "OH"): ("City of Columbus", "City Council", "President of Council",
                                 "BE IT ORDAINED BY THE COUNCIL OF THE CITY OF COLUMBUS:",
                                 "is added to Title ______", "First reading",
                                 "requests and urges the Mayor"),
    ("city", "New Haven", "CT"): ("City of New Haven", "Board of Alders",
                                  "President of the Board of Alders",
                                  "BE IT ORDAINED by the New Haven Board of Alders that",
                                  "is added to Title ______", None,
                                  "requests and urges the Mayor"),
}


def drafted(folder, kind: str, name: str, state: str) -> tuple[str, str]:
    """The place's ordinance and resolution, as the words a reader sees (Markdown, unescaped)."""
    import drafter

    profile = write(folder / "place.yaml", f"kind: {kind}\nname: {name}\nstate: {state}\n"
                    "oversight_entity: the Police Accountability Board\n")
    made = drafter.files(jurisdiction=profile, documents=("ordinance", "resolution"),
                         formats=("md",))
    law, resolution = (" ".join(content.decode().replace("\\_", "_").replace("*", "").split())
                       for content in made.files.values())
    return law, resolution


@pytest.mark.parametrize("place", list(PLACES), ids=[name for _, name, _ in PLACES])
def test_a_real_place_is_drafted_in_its_own_form(place, tmp_path):
    legal_name, body, presiding, enacting, code, first_step, verb = PLACES[place]
    law, resolution = drafted(tmp_path, *place)
    # The instrument: Montgomery County's bills are Acts; every other place's an ordinance.
    assert ("BILL NO. ____ AN ACT of" if place[1] == "Montgomery" else "ORDINANCE NO. ____ AN "
            "ORDINANCE of") in law.replace("_" * 12, "____")
    assert "RESOLUTION NO." in resolution
    assert legal_name in law and body in law and body in resolution
    assert presiding in law                                   # who signs what passes
    if enacting:
        assert enacting in law
    assert code in law
    if first_step:
        assert f"{first_step}: ____" in law
    else:
        assert "First reading: ____" in law                   # the generic record, flagged
    assert verb in resolution
    assert "directs the Mayor" not in resolution and "directs the County" not in resolution


def test_what_the_county_attorneys_sent_back_is_fixed(tmp_path):
    """A reading by a county attorney (2026-12-03): the Cook County Board President, who
    presides, still approves or vetoes (55 ILCS 5/2-6008); a Montgomery County Act takes
    effect 91 days after it becomes law (Charter sec. 112) and calls itself an article."""
    import drafter

    def law(name: str, state: str) -> str:
        profile = write(tmp_path / f"{name}.yaml", f"kind: county\nname: {name}\nstate: {state}\n"
                        "oversight_entity: the Police Accountability Board\n")
        made = drafter.files(jurisdiction=profile, documents=("ordinance",), formats=("md",))
        text, = made.files.values()
        return " ".join(text.decode().replace("\\_", "_").replace("*", "").split())

    cook = law("Cook", "IL")
    assert "APPROVED / VETOED (strike one)" in cook
    assert cook.count("President of the Cook County Board of Commissioners") >= 2
    assert "Clerk of the County Board" in cook and "appointed by" not in cook
    montgomery = law("Montgomery", "MD")
    assert "This Act takes effect ninety-one days after the date when it becomes law." in montgomery
    assert "This article may be cited as the “Montgomery County Community Trust Act.”" in montgomery


# The seven places a volunteer lawyer sent drafts back for, checked separately: what they
# sent back, as their records show it (jurisdictions/forms/evidence/places-2026-12-03-C.yaml).
SEVEN = {
    ("borough", "Anchorage", "AK"): ("is added to Title ______ of the Anchorage Municipal Code",
                                     ["Introduction: ____", "Notice of public hearing published: ____"],
                                     "requests and urges the Mayor"),
    ("city", "Baltimore", "MD"): ("A new Subtitle ______, entitled “Baltimore Community Trust "
                                  "Ordinance,” is added to Article ______ of the Baltimore City Code",
                                  ["First Reader: ____", "Second Reader: ____", "Third Reader: ____"],
                                  "requests and urges the Mayor"),
    ("county", "Milwaukee", "WI"): ("is created in the Milwaukee County General Ordinances",
                                    ["Introduction and referral to standing committee: ____"],
                                    "requests and urges the County Executive"),
    ("city-and-county", "Athens-Clarke", "GA"): ("The Commission of Athens-Clarke County, Georgia "
                                                 "hereby ordains as follows:",
                                                 ["Agenda setting session: ____",
                                                  "APPROVED / VETOED (strike one)"],
                                                 "directs the Manager"),
    ("city", "Richmond", "VA"): ("A new Article ______", ["Introduction: ____"],
                                 "requests and urges the Mayor"),
    ("parish", "East Baton Rouge", "LA"): ("the City of Baton Rouge and Parish of East Baton Rouge",
                                           ["Introduction: ____", "Public hearing: ____"],
                                           "requests and urges the Mayor-President"),
    ("township", "Meridian", "MI"): ("The Charter Township of Meridian ordains:",
                                     ["Publication as introduced: ____",
                                      "takes effect upon its publication"],
                                     "directs the Township Manager"),
}


@pytest.mark.parametrize("place", list(SEVEN), ids=[name for _, name, _ in SEVEN])
def test_the_seven_places_sent_back_now_take_their_own_form(place, tmp_path):
    words, record, verb = SEVEN[place]
    law, resolution = drafted(tmp_path, *place)
    assert words in law
    assert all(line in law for line in record), record
    assert verb in resolution
    assert " of Charter Township" not in law and "directs the none" not in resolution


# An ordinary city in a state whose statutes prescribe the enacting clause or the readings
# (jurisdictions/forms/evidence/cities-2026-12-03-*.yaml): the statute's words, the name in.
STATUTORY_CITIES = {
    "AL": ("Be it ordained by the city council of Testtown as follows:", None),  # § 11-45-2
    "ID": ("Be it ordained by the mayor and council of the city of Testtown", None),  # § 50-901
    "OH": ("Be it ordained by the Council of the City of Testtown, State of Ohio:",
           "Third reading: ____"),                                                # R.C. 731.17-.18
    "TX": ("Be it ordained by the City Council of the City of Testtown.", None),  # LGC 52.002
    "NE": ("Be it ordained by the mayor and city council of the city of Testtown",
           "Third reading: ____"),                                                # § 17-613/-614
    "WI": ("The common council of the city of Testtown do ordain as follows", None),  # 62.11(3)(f)
    "MO": ("Be it ordained by the board of aldermen of the city of Testtown, as follows:",
           "Second reading: ____"),                                               # § 79.130
}


@pytest.mark.parametrize("state", list(STATUTORY_CITIES))
def test_an_ordinary_city_uses_its_states_statutory_words(state, tmp_path):
    enacting, reading = STATUTORY_CITIES[state]
    law, _resolution = drafted(tmp_path, "city", "Testtown", state)
    assert enacting in law
    if reading:
        assert reading in law


def test_towns_villages_and_townships_follow_their_statutes(tmp_path):
    """Minnesota's statutory enacting clause for a town, Ohio's three readings for a
    village, and an Indiana township, which acts by resolution only."""
    from conftest import run

    law, _ = drafted(tmp_path, "town", "Testtown", "MN")
    assert "The board of supervisors of the town of Testtown ordains:" in law
    law, _ = drafted(tmp_path, "village", "Testtown", "OH")
    assert "Be it ordained by the Council of the Village of Testtown, State of Ohio:" in law
    assert "Third reading: ____" in law
    township = write(tmp_path / "in.yaml", "kind: township\nname: Testtown\nstate: IN\n"
                     "oversight_entity: the Police Review Board\n")
    refused = run("draft", "ordinance", "-j", str(township), "--out", str(tmp_path / "o"))
    assert refused.exit_code == 1 and "acts by resolution only" in refused.stderr
    assert run("draft", "resolution", "-j", str(township), "--format", "md",
               "--out", str(tmp_path / "o")).exit_code == 0
