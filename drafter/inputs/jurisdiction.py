"""Jurisdiction profiles: the YAML a group writes, and the words derived from it."""
from __future__ import annotations

import dataclasses
import os
import re
import types
import typing
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

from ..errors import Problem, ProfileError
from .kinds import (INSTRUMENTS, KINDS, KindDefaults, normalise_kind, normalise_state,
                    takes_article)
from .validation import check_one_line, check_plain_text, validate
from .yamlfile import load_yaml_file

Kind = Literal["city", "county", "town", "village", "township", "borough", "parish",
               "city-and-county", "state", "commonwealth", "district"]
Text = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(check_one_line)]
LongText = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(check_one_line)]
# A web form's textarea sends "\r\n": an address keeps plain "\n" line breaks, so no stray
# carriage return reaches a letter (or a saved profile read by the command line).
Address = Annotated[str, BeforeValidator(lambda value: value.replace("\r\n", "\n").replace(
    "\r", "\n") if isinstance(value, str) else value), Field(min_length=1, max_length=2000),
    AfterValidator(check_plain_text)]
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _check_email(value: str) -> str:
    if not EMAIL_RE.match(value):
        raise ValueError(f"{value!r} is not an e-mail address (like name@example.org)")
    return value


Email = Annotated[Text, AfterValidator(_check_email)]


class Official(StrictModel):
    """A person the group writes to; used by letters."""

    name: Text
    title: Text
    address: Address | None = None
    email: Email | None = None
    salutation: Text | None = None   # what follows "Dear", when drafter's guess is wrong
    # How a language that marks it addresses them (Estimada alcaldesa / Estimado alcalde);
    # not given: both forms (Estimado/a).
    gender: Literal["female", "male"] | None = None


# The names a profile may give in another language (names: es: ...).
NameField = Literal["legal_name", "governing_body", "executive", "clerk", "police", "sheriff",
                    "oversight_entity"]


class Profile(StrictModel):
    """What a profile file may hold. Only kind and name are required; the rest is derived."""

    kind: Annotated[Kind, BeforeValidator(normalise_kind)] = Field(
        description="Kind of jurisdiction: " + ", ".join(KINDS) + ".")
    name: Text = Field(description="Its name, without the kind: Elm Harbor, Juniper, Washington.")
    state: Text | None = Field(default=None, validate_default=True, description=(
        "The U.S. state it is in (name or two-letter code). Not asked for a state."))
    oversight_entity: Text | None = Field(default=None, description=(
        "Who takes complaints under the Redress Rule (#8), e.g. 'the Police Accountability "
        "Board'."))
    legal_name: Text | None = Field(default=None, description=(
        "Override: the full legal name (City of Elm Harbor)."))
    placeholder_word: Text | None = Field(default=None, description=(
        "Override: the word that replaces [County/City/State] (City)."))
    slug: str | None = Field(default=None, max_length=80, description=(
        "Override: the start of every file name (city-of-elm-harbor)."))
    governing_body: Text | None = Field(default=None, description=(
        "Override: the body that passes the ordinance (City Council, ...)."))
    member_title: Text | None = Field(default=None, description=(
        "Override: its members' title (Councilmember, Commissioner, ...)."))
    presiding_officers: list[Text] | None = Field(default=None, min_length=1, max_length=4,
                                                  description="Override: who signs what passes.")
    executive: Text | None = Field(default=None, description=(
        "Override: the executive who approves (Mayor, County Executive, ...); none if there "
        "is none."))
    executive_board: bool | None = Field(default=None, description=(
        "Override: true when the executive is a board (a Select Board), which acts by vote, "
        "not by executive order."))
    executive_elected: bool | None = Field(default=None, description=(
        "Whether the executive is elected on their own (a resolution then requests and "
        "urges them; false: they answer to the governing body, which directs them). Not "
        "known by default: drafter requests."))
    executive_veto: bool | None = Field(default=None, description=(
        "true when the executive approves or vetoes what passes even while presiding over "
        "the body (the Cook County Board President): the approval line is printed."))
    executive_orders: bool | None = Field(default=None, description=(
        "false when the executive cannot issue executive orders (a mayor under a manager "
        "charter): no executive order is drafted."))
    manager: Text | None = Field(default=None, description=(
        "The appointed manager or administrator who runs the departments for the governing "
        "body (City Manager, County Administrator); a resolution directs them. None by "
        "default."))
    clerk: Text | None = Field(default=None, description=(
        "Override: the clerk who attests (City Clerk, ...)."))
    police: Text | None = Field(default=None, description=(
        "Override: the police department's name; none if there is none."))
    sheriff: Text | None = Field(default=None, description=(
        "Override: the sheriff's office's name; none if there is none."))
    sheriff_elected: bool | None = Field(default=None, description=(
        "Override: whether the sheriff is separately elected (the state's rule by default)."))
    code_name: Text | None = Field(default=None, description=(
        "Override: the code the ordinance joins (Elm Harbor Municipal Code)."))
    code_title: Text | None = Field(default=None, description=(
        "The title of that code the new chapter is added to (2, or Administration); "
        "blank for the clerk by default."))
    code_chapter: Text | None = Field(default=None, description=(
        "The new chapter's number (2-173); blank for the clerk by default."))
    code_units: list[Text] | None = Field(default=None, min_length=1, max_length=4, description=(
        "The code's units from the largest named to the one the law adds: [Title, Chapter], "
        "[Article, Subtitle]; [Chapter] by default. code_title numbers the one above it, "
        "code_chapter the one added."))
    section_number: Text | None = Field(default=None, max_length=40, description=(
        "How the code numbers the new unit's sections, from {title}, {chapter}, {n} (the "
        "section: 1, 2, ...), {nn} (01, 02, ...) and {n10} (010, 020, ...): 9.12.030 is "
        "'{title}.{chapter}.{n10}'; '{chapter}-{n}' by default."))
    section_sign: Text | None = Field(default=None, max_length=10, description=(
        "What precedes a section's number in the code: Sec. (the default) or §."))
    code_verb: Text | None = Field(default=None, description=(
        "How a law adds it, with its preposition: 'added to' (the default), 'created in' "
        "(Wisconsin)."))
    readings: list[Text] | None = Field(default=None, min_length=1, max_length=6, description=(
        "Override: the adoption record's steps in order (Introduction, Public hearing, "
        "...); the state's form, else a first and second reading."))
    publication: Text | None = Field(default=None, description=(
        "Override: a publication step before final passage, as the record names it."))
    jail: Literal["sheriff", "county", "regional", "state"] | None = Field(
        default=None, description=(
            "Who runs the jail: the sheriff, a county department, a regional jail authority "
            "or the state (rules 1-4 reach mostly the jail)."))
    instrument: Literal[tuple(INSTRUMENTS)] | None = Field(  # type: ignore[valid-type]
        default=None, description=(
            "Override: what the governing body adopts: " + ", ".join(INSTRUMENTS) + " (a "
            "body that acts by resolution only gets no ordinance)."))
    enacting_formula: LongText | None = Field(default=None, description=(
        "Override: the enacting clause, printed exactly as given."))
    resolving_formula: LongText | None = Field(default=None, description=(
        "Override: the resolving clause, printed exactly as given."))
    takes_effect: LongText | None = Field(default=None, description=(
        "Override: completes 'This ordinance takes effect ...'."))
    resolution_action: Literal["adopt", "urge"] = Field(default="adopt", description=(
        "adopt, or urge: the resolution urges the executive and police to adopt the rules."))
    community: Text | None = Field(default=None, description=(
        "Override: what residents call the place, as in 'residents of Nashville' (the legal "
        "name inside a sentence by default)."))
    names: dict[Literal["es"], dict[NameField, Text]] = Field(default_factory=dict, description=(
        "The names in another language, each with its article, for papers in that language: "
        "es: {governing_body: la Junta de Supervisores, oversight_entity: la Junta Civil de "
        "Revisión Policial}."))
    officials: list[Official] = Field(default_factory=list, max_length=100, description=(
        "People your letters go to: name, title, address, email."))
    # Folders of the group's own clause files, relative to this profile; searched before
    # any --clauses folder and the built-in library.
    clauses: list[Annotated[str, Field(min_length=1, max_length=500)]] = Field(
        default_factory=list, max_length=10, description="Folders of your own clause files.")
    # Folders of the group's own document types and page templates, relative to this
    # profile; searched before any --templates folder and the built-in templates.
    templates: list[Annotated[str, Field(min_length=1, max_length=500)]] = Field(
        default_factory=list, max_length=10,
        description="Folders of your own document types and templates.")

    @field_validator("section_number")
    @classmethod
    def _section_number(cls, value: str | None) -> str | None:
        return check_section_number(value) if value is not None else None

    @field_validator("state")
    @classmethod
    def _state(cls, value: str | None, info: ValidationInfo) -> str | None:
        # Reported on the state field itself, so a file, a form or a CSV row can point at it.
        kind = info.data.get("kind")
        if value is None:
            if kind in KINDS and not KINDS[kind].state_level:
                raise ValueError(f"a {kind} needs the U.S. state it is in, like Oregon or OR")
            return None
        full = normalise_state(value)
        if full is None:
            raise ValueError(f"{value!r} is not a U.S. state; write its name (Oregon) or "
                             "its two-letter code (OR)")
        return full

    @field_validator("officials")
    @classmethod
    def _officials(cls, value: list[Official]) -> list[Official]:
        # Each official gets a letter; the same person twice would get two identical ones.
        seen: dict[tuple[str, str], int] = {}
        for number, official in enumerate(value, 1):
            key = (official.name.casefold(), official.title.casefold())
            if key in seen:
                raise ValueError(f"official {number} ({official.name}, {official.title}) is "
                                 f"the same person as official {seen[key]}; list each person once")
            seen[key] = number
        return value

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str | None) -> str | None:
        if value is not None and not SLUG_RE.match(value):
            raise ValueError("use lower-case letters, digits and dashes only, like city-of-elm-harbor")
        return value



SECTION_FIELDS = ("title", "chapter", "n", "nn", "n10")
SECTION_NUMBER = "{chapter}-{n}"


def check_section_number(pattern: str) -> str:
    """A section number pattern may name only SECTION_FIELDS, each as {name}: it is filled
    by plain substitution, never str.format."""
    names = re.findall(r"\{([^{}]*)\}", pattern)
    unknown = [name for name in names if name not in SECTION_FIELDS]
    if unknown or not names or re.sub(r"\{[^{}]*\}", "", pattern).count("{") or \
            re.sub(r"\{[^{}]*\}", "", pattern).count("}"):
        raise ValueError(f"use only {', '.join('{' + f + '}' for f in SECTION_FIELDS)} "
                         f"in it, like '{{title}}.{{chapter}}.{{n10}}'"
                         + (f" ({', '.join(unknown)} is not one)" if unknown else ""))
    return pattern


def section_number(pattern: str, *, title: str | None, chapter: str | None, n: int) -> str:
    """A section's number in the code: the pattern with its fields filled in."""
    values = {"title": title or "____", "chapter": chapter or "____", "n": str(n),
              "nn": f"{n:02d}", "n10": f"{n * 10:03d}"}
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], pattern)


def one_line_fields() -> list[str]:
    """The profile fields that take one line of text or a choice, in the model's order:
    the columns of a batch CSV and the questions of `drafter init`."""
    def is_list(annotation) -> bool:
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            return any(is_list(a) for a in typing.get_args(annotation))
        return typing.get_origin(annotation) is list
    return [name for name, f in Profile.model_fields.items() if not is_list(f.annotation)]


@dataclass(frozen=True)
class Jurisdiction:
    """Every word a document needs about one jurisdiction, defaults filled in."""

    kind: str
    name: str
    state: str | None
    legal_name: str
    the_legal_name: str        # "the City of X" / "X County": for use inside a sentence
    word: str
    governing_body: str
    member_title: str
    presiding_officers: tuple[str, ...]
    executive: str | None
    executive_board: bool      # the executive is a board: it acts by vote, not by order
    clerk: str
    police: str | None
    sheriff: str | None
    oversight_entity: str | None
    code_name: str
    code_title: str | None          # the code's title the chapter is added to, if known
    code_chapter: str | None        # the chapter's number, if known
    instrument: str            # a key of INSTRUMENTS: ordinance, Act, by-law, local law, resolution
    instruments: tuple[str, ...]   # what this form of government can adopt
    instruments_note: str | None   # why only those, when the state's form says so
    enacting_formula: str | None
    resolving_formula: str | None
    takes_effect: str
    readings: tuple[str, ...]      # the adoption record's reading lines ("First reading", ...)
    publication: str | None        # a publication step the form requires, or None
    code_units: tuple[str, ...]    # ("Title", "Chapter"): the code's units, the added one last
    code_verb: str                 # "added to", "created in"
    section_number: str            # "{chapter}-{n}": the new unit's section numbers
    section_sign: str              # "Sec." or "§"
    manager: str | None            # the appointed manager the governing body directs
    executive_elected: bool | None  # None: not known (a resolution requests, to be safe)
    executive_orders: bool          # the executive can issue executive orders
    executive_approves: bool        # an approval / veto line for the executive is printed
    jail: str | None                # who runs the jail: sheriff, county, regional, state
    jail_confirmed: bool            # the profile says so, or a primary source did
    resolution_action: str
    state_level: bool
    sheriff_elected: bool      # the governing body cannot direct the sheriff's office
    community: str             # "Nashville": who the residents are
    # (language, field, name with its article): names: es: in the profile. A tuple, so a
    # Jurisdiction pickles to batch workers.
    names: tuple[tuple[str, str, str], ...]
    slug: str
    officials: tuple[Official, ...]
    source: str
    clause_dirs: tuple[Path, ...] = ()
    template_dirs: tuple[Path, ...] = ()
    form_source: str | None = None        # where the state's form of government came from
    form_unchecked: tuple[str, ...] = ()  # words taken from it that no source confirmed
    # `drafter record`'s answers beside a profile file: only a profile read from a file has
    # one (a web form or a CSV row brings its answers in memory, never from the disk).
    status_file: Path | None = None


# Where the profile came from and its clause folders (paths): for the program, never for
# clause text. Every other field reaches templates as plain text.
TEMPLATE_HIDDEN_FIELDS = frozenset({"source", "clause_dirs", "template_dirs", "form_source",
                                    "form_unchecked", "status_file", "names"})


# When a law takes effect unless the form of government or the profile says otherwise.
TAKES_EFFECT_STATE = "upon its passage and approval, or on the date otherwise provided by law"
TAKES_EFFECT_LOCAL = ("thirty days after its final passage and approval, or on the earliest "
                      "later date allowed by law")


def slugify(text: str) -> str:
    """ASCII file-name slug: 'City of Cañon City' -> 'city-of-canon-city'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].strip("-") or "jurisdiction"


def with_article(legal_name: str) -> str:
    return f"the {legal_name}" if takes_article(legal_name) else legal_name


def resolve(profile: Profile, *, source: str = "<profile>") -> Jurisdiction:
    """Fill every word the profile left out: from the place's or the state's form of
    government for this kind where drafter has one (jurisdictions/forms/), else from the
    kind's defaults."""
    from .forms import jail_rule, local_form, sheriff_rule

    # A state's own entry (its enacting clause) is found under its own name.
    state = normalise_state(profile.name) if KINDS[profile.kind].state_level else profile.state
    form = local_form(state, profile.kind, profile.name)
    sheriff = sheriff_rule(profile.state)
    state_jail = None if KINDS[profile.kind].state_level else jail_rule(profile.state)
    words = form.words() if form else {}
    defaults = dataclasses.replace(KINDS[profile.kind], **{
        k: (None if v == NONE else v) for k, v in words.items() if k in KIND_WORDS})

    def derive(template: str | None) -> str | None:
        return template.format(name=profile.name) if template else None

    legal_name = profile.legal_name or derive(defaults.legal_name)
    the_legal_name = (f"the {legal_name}" if words.get("article") and not profile.legal_name
                      else with_article(legal_name))
    governing_body = profile.governing_body or defaults.governing_body
    no_sheriff = sheriff.none and profile.sheriff is None
    sheriff_name = None if no_sheriff else _or_none(profile.sheriff, derive(defaults.sheriff))
    takes_effect = profile.takes_effect or words.get("takes_effect") or (
        TAKES_EFFECT_STATE if defaults.state_level else TAKES_EFFECT_LOCAL)
    instruments = words.get("instruments") or (defaults.instrument,)
    instrument = profile.instrument or instruments[0]
    if form and "instruments" in form.checked and instrument not in instruments:
        raise ProfileError(Problem(
            f"{the_legal_name} cannot adopt {INSTRUMENTS[instrument].with_article}: "
            f"{form.instruments_note or 'its form of government adopts ' + ', '.join(instruments)}"
            f"; leave instrument out (or write {', '.join(instruments)})",
            file=source, field="instrument"))

    def formula(given: str | None, key: str) -> str | None:
        """The profile's formula as written, else the form's with its names filled in."""
        if given or not words.get(key):
            return given
        return words[key].format(name=profile.name, legal_name=legal_name,
                                 the_legal_name=the_legal_name, governing_body=governing_body)

    executive = _or_none(profile.executive, defaults.executive)
    return Jurisdiction(
        kind=profile.kind,
        name=profile.name,
        state=profile.state if not defaults.state_level else legal_name,
        legal_name=legal_name,
        the_legal_name=the_legal_name,
        word=profile.placeholder_word or defaults.word,
        governing_body=governing_body,
        member_title=profile.member_title or defaults.member_title,
        presiding_officers=tuple(profile.presiding_officers or defaults.presiding_officers),
        executive=executive,
        executive_board=bool(executive) and (
            profile.executive_board if profile.executive_board is not None
            else bool(words.get("executive_board")) and profile.executive is None),
        clerk=profile.clerk or defaults.clerk,
        police=_or_none(profile.police, derive(defaults.police)),
        sheriff=sheriff_name,
        oversight_entity=profile.oversight_entity,
        code_name=profile.code_name or derive(defaults.code_name),
        code_title=profile.code_title,
        code_chapter=profile.code_chapter,
        instrument=instrument,
        instruments=tuple(dict.fromkeys((*instruments, instrument))),
        instruments_note=words.get("instruments_note"),
        enacting_formula=formula(profile.enacting_formula, "enacting_formula"),
        resolving_formula=formula(profile.resolving_formula, "resolving_formula"),
        takes_effect=takes_effect,
        readings=() if defaults.state_level else tuple(profile.readings or defaults.readings),
        publication=profile.publication or defaults.publication,
        # A profile that numbers a title (code_title) before code_units existed meant one.
        code_units=tuple(profile.code_units or words.get("code_units") or (
            ("Title", "Chapter") if profile.code_title else defaults.code_units)),
        code_verb=profile.code_verb or words.get("code_verb") or defaults.code_verb,
        section_number=profile.section_number or words.get("section_number") or SECTION_NUMBER,
        section_sign=profile.section_sign or words.get("section_sign") or "Sec.",
        manager=_or_none(profile.manager, None if words.get("manager") == NONE
                         else words.get("manager")),
        executive_elected=(profile.executive_elected if profile.executive_elected is not None
                           else words.get("executive_elected")) if executive else None,
        executive_orders=(profile.executive_orders if profile.executive_orders is not None
                          else words.get("executive_orders", True)),
        # An executive who presides signs as presiding officer, unless they also hold a veto.
        executive_approves=bool(executive) and (
            executive not in (profile.presiding_officers or defaults.presiding_officers)
            or bool(profile.executive_veto if profile.executive_veto is not None
                    else words.get("executive_veto"))),
        jail=profile.jail or words.get("jail") or (state_jail.jail if state_jail else None),
        jail_confirmed=bool(profile.jail or (form and "jail" in form.checked)
                            or (state_jail and state_jail.verified)),
        resolution_action=profile.resolution_action,
        state_level=defaults.state_level,
        sheriff_elected=(profile.sheriff_elected if profile.sheriff_elected is not None
                         else sheriff.elected) and sheriff_name is not None,
        community=profile.community or words.get("community") or the_legal_name,
        names=tuple((language, field, name) for language, names in profile.names.items()
                    for field, name in names.items()),
        slug=profile.slug or slugify(legal_name),
        officials=tuple(profile.officials),
        source=source,
        clause_dirs=_beside(source, profile.clauses),
        template_dirs=_beside(source, profile.templates),
        form_source=form.source if form else None,
        form_unchecked=tuple(f for f in (form.unchecked() if form else ())
                             if getattr(profile, f, None) is None),
    )


NONE = "none"   # `police: none`: there is no police department (leaving it out keeps the default)
# What a state's form may change of a kind's words: the words both describe.
KIND_WORDS = frozenset(f.name for f in dataclasses.fields(KindDefaults))


def _or_none(given: str | None, default: str | None) -> str | None:
    """A profile's word, `none` for "there is none", or the kind's default when left out."""
    if given is not None and given.casefold() == NONE:
        return None
    return given or default


def _beside(source: str, folders: list[str]) -> tuple[Path, ...]:
    """Folders a profile names, relative to the profile file (none for a form or a row)."""
    if source == "<profile>":
        return ()
    return tuple(Path(os.path.normpath(Path(source).parent / folder)) for folder in folders)


def load_jurisdiction(path: Path) -> Jurisdiction:
    """Load, validate and resolve one profile; every problem is reported at once."""
    data, lines = load_yaml_file(path)
    profile = validate(Profile, data, lines=lines, source=str(path), error=ProfileError)
    status_file = path.with_name(path.name.removesuffix(".yaml").removesuffix(".yml")
                                 + ".status.yaml")
    return dataclasses.replace(resolve(profile, source=str(path)), status_file=status_file)


def primary_agency(jurisdiction: Jurisdiction) -> tuple[str | None, str | None]:
    """The law enforcement agency a department order is for, and its head's title."""
    agencies = ordering_agencies(jurisdiction)
    return agencies[0] if agencies else (None, None)


def ordering_agencies(jurisdiction: Jurisdiction) -> list[tuple[str, str]]:
    """Each agency that gets its own general order, with its head's title: the police
    department, and a separately elected sheriff's office too (no one else can direct it);
    the sheriff's office alone where there is no police department."""
    j = jurisdiction
    agencies = [(j.police, "Chief of Police")] if j.police else []
    if j.sheriff and (j.sheriff_elected or not agencies):
        agencies.append((j.sheriff, "Sheriff"))
    return agencies
