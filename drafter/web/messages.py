"""What the web page says about a problem, in words for a person filling in a form.

The checks are the profile model's and the pipeline's, the same as the command line's; only
the words differ. A problem is matched by its field and its kind (pydantic's error type, or
"selection" for the pipeline's checks on the chosen rules), never by its message text. A
field with no web wording keeps the validator's own sentence, which is written for people
too ("contains square brackets ...").
"""
from __future__ import annotations

from ..i18n import N_, Translator

# (field, kind) -> message; kind None matches any problem of the field.
WEB_MESSAGES: dict[tuple[str, str | None], str] = {
    ("kind", None): N_("Choose the kind of government from the list, for example City"),
    ("name", "missing"): N_("Enter the name of your city, county or state, for example Elm Harbor"),
    ("state", None): N_("Choose the state your city or county is in"),
    ("oversight_entity", "selection"): N_(
        "Tell us who takes complaints about the police, for example the Police Review Board, "
        "or untick rule 8"),
    ("official_name", "missing"): N_("Enter the official's name, or clear the row"),
    ("official_title", "missing"): N_("Enter the official's title, for example Mayor or Sheriff"),
    ("sender_group", "missing"): N_("Enter the name of your group"),
    ("sender_contact", "missing"): N_("Enter the name of the person who signs the letters"),
    ("sender_email", None): N_("Enter an e-mail address like name@example.org"),
    ("official_email", None): N_("Enter an e-mail address like name@example.org"),
    ("rules", None): N_("Choose at least one rule"),
    ("documents", None): N_("Choose at least one of the documents listed"),
    ("format", None): N_("Choose Word, PDF or both"),
    ("papers_lang", None): N_("Choose one of the languages listed"),
    ("executive", "missing"): N_("Enter the executive's title, for example Mayor, or choose the "
                                 "department order instead of the executive order"),
    ("executive_elected", None): N_("Choose one of the answers listed"),
    ("police", "missing"): N_("Enter the police department or the sheriff's office, which the "
                              "department order is for"),
    ("state", "missing"): N_("Choose the state, whose law decides which rules to leave out"),
    ("state_safe", "nothing-left"): N_(
        "Your state's law forbids every rule you chose, so leaving them out leaves nothing to "
        "draft: choose other rules, or untick “Leave out the rules my state's law forbids” "
        "and ask a lawyer"),
    ("status", "selection"): N_("Record what law enforcement said, under “After the meeting”, "
                                "to draft the report back, or untick Report Back"),
    ("meeting_date", None): N_("Enter the date of the meeting, like 2026-11-20"),
    # The run's options (drafter.inputs.request checks them); {low} and {high} are the
    # option's limits.
    ("sheets", None): N_("Enter a whole number from {low} to {high}"),
    ("lines_per_sheet", None): N_("Enter a whole number from {low} to {high}"),
    ("address_column", None): N_("Choose one of the columns listed"),
    ("qr_url", None): N_("Enter the whole web address, starting with https://"),
    ("letter_date", None): N_("Enter a date like 2026-12-01"),
    ("missing", "selection"): N_("Record what law enforcement said, under “After the "
                                 "meeting”, to draft only the rules not yet in the code"),
    ("missing", "nothing-left"): N_("Every rule you chose is already in the code, by the "
                                    "answers recorded: nothing is missing to draft"),
}

# pydantic error types that mean "nothing was given"
MISSING = {"missing", "string_too_short"}


def web_message(_: Translator, field: str, kind: str, fallback: str) -> str:
    """The page's words for a problem with `field` (an official's row number removed)."""
    base = field.rsplit("_", 1)[0] if field.startswith("official_") else field
    kind = "missing" if kind in MISSING else kind
    message = WEB_MESSAGES.get((base, kind)) or WEB_MESSAGES.get((base, None))
    return _(message) if message else fallback
