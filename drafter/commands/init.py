"""`drafter init`: ask for a profile's fields and write a valid, commented profile."""
from __future__ import annotations

import json
import typing
from functools import cache
from pathlib import Path

import click

from ..errors import DrafterError, Problem, ProfileError


@cache
def profile_fields() -> dict[str, str]:
    """Profile field -> option help, from the profile model (one description of each
    field). Order is the order of the options and of the file."""
    from ..inputs.jurisdiction import Profile, one_line_fields

    return {name: Profile.model_fields[name].description for name in one_line_fields()}


def _yaml_value(value) -> str:
    """A YAML scalar that reads back exactly (JSON strings and booleans are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


YES, NO = ("yes", "y", "true"), ("no", "n", "false")


def _typed(values: dict[str, str]) -> dict:
    """The answers with yes/no fields (executive_elected, ...) as booleans."""
    from ..inputs.jurisdiction import Profile

    typed: dict = {}
    for field, value in values.items():
        if Profile.model_fields[field].annotation in (bool, bool | None) and isinstance(value, str):
            lowered = value.strip().lower()
            typed[field] = True if lowered in YES else False if lowered in NO else value
        else:
            typed[field] = value
    return typed


def profile_text(values: dict[str, str]) -> str:
    """The profile file: given fields first, then every derived word as a comment."""
    from ..inputs.jurisdiction import Profile, resolve

    values = _typed(values)
    profile = Profile.model_validate(values)
    if "state" in values:
        values = {**values, "state": profile.state}   # "LA" is written as "Louisiana"
    derived = resolve(profile)
    lines = [
        "# drafter jurisdiction profile. Check it with: drafter check THIS-FILE",
        "# Drafting help, not legal advice: have a lawyer review what you hand a council.",
        "",
    ]
    for field in profile_fields():
        if field in values:
            lines.append(f"{field}: {_yaml_value(values[field])}")
    lines += ["", "# Derived from the kind, the name and the state's form of government. Uncomment "
                  "a line to change it."]
    if derived.form_source:
        lines.append(f"# Form of government: {' '.join(derived.form_source.split())}")
        if derived.form_unchecked:
            lines.append(f"# Not confirmed by that source: {', '.join(derived.form_unchecked)}")
    shown = {
        "legal_name": derived.legal_name, "placeholder_word": derived.word,
        "governing_body": derived.governing_body, "member_title": derived.member_title,
        "executive": derived.executive, "clerk": derived.clerk, "police": derived.police,
        "sheriff": derived.sheriff, "code_name": derived.code_name,
        "code_units": list(derived.code_units), "readings": list(derived.readings),
        "takes_effect": derived.takes_effect, "manager": derived.manager,
        "executive_elected": derived.executive_elected, "jail": derived.jail,
    }
    for field, value in shown.items():
        if field not in values and value not in (None, "", []):
            lines.append(f"# {field}: {_yaml_value(value)}")
    lines += [
        "",
        "# People your letters go to (used by later document types):",
        "# officials:",
        "#   - name: \"Dana Whitfield\"",
        "#     title: \"Mayor\"",
        "#     address: \"City Hall, 100 Main Street\"",
        "#     email: \"mayor@example.org\"",
        "",
    ]
    return "\n".join(lines)


def _problems(exc, path: Path) -> list[Problem]:
    """A pydantic ValidationError as problems naming the --option to fix."""
    problems = []
    for error in exc.errors():
        loc = ".".join(str(p) for p in error["loc"]) or None
        option = f"--{loc.replace('_', '-')}" if loc else None
        message = error["msg"].removeprefix("Value error, ")
        problems.append(Problem(message, file=str(path), field=option))
    return problems


def _choices(name: str) -> list[str] | None:
    """The allowed values of a field typed as a Literal (kind, instrument, ...), else None."""
    from ..inputs.jurisdiction import Profile

    annotation = Profile.model_fields[name].annotation
    for candidate in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(candidate) is typing.Literal:
            return list(typing.get_args(candidate))
    return None


class ProfileFieldsCommand(click.Command):
    """A command with one --option per profile field that takes a line of text or a choice.

    The options are read from the profile model (pydantic) the first time the command
    parses its arguments or shows its help, not when the CLI starts: `drafter --help` and
    the other commands do not import the models."""

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        if not getattr(self, "_fields_added", False):
            fields = profile_fields()
            options = [click.Option([f"--{name.replace('_', '-')}", name],
                                    type=click.Choice(choices) if (choices := _choices(name)) else None,
                                    help=fields[name]) for name in fields]
            after_path = 1
            self.params[after_path:after_path] = options
            self._fields_added = True
        return super().get_params(ctx)


@click.command(cls=ProfileFieldsCommand)
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--no-input", is_flag=True, help="Ask nothing; fail listing any missing field.")
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def init(path: Path, no_input: bool, force: bool, **options):
    """Write a new jurisdiction profile at PATH, asking for what is missing.

    Only the kind, the name, the state and the oversight entity are needed; every
    other word is derived and written as a comment you can uncomment to change.

    \b
    Examples:
      drafter init my-city.yaml
      drafter init juniper.yaml --kind county --name Juniper --state CO \\
          --oversight-entity "the Office of Independent Monitoring" --no-input
    """
    from pydantic import ValidationError

    from ..inputs.jurisdiction import Profile, resolve
    from ..inputs.kinds import INSTRUMENTS, KINDS
    from ..output import write_atomically

    if path.exists() and not force:
        raise DrafterError(Problem("already exists; choose another name or add --force", file=str(path)))
    values = {k: v.strip() for k, v in options.items() if v is not None and v.strip()}
    inferred = _kind_from_places(values) or _kind_from_census(values)
    if inferred:
        values["kind"] = inferred
    if not no_input:
        _ask(values)
    missing = [f for f in ("kind", "name") if f not in values]
    if "kind" in values and not KINDS[values["kind"]].state_level and "state" not in values:
        missing.append("state")
    if missing:
        raise ProfileError([Problem("required; give it as an option", file=str(path),
                                    field=f"--{m.replace('_', '-')}") for m in missing])
    try:
        text = profile_text(values)
    except ValidationError as exc:
        raise ProfileError(_problems(exc, path)) from None
    write_atomically({path: text.encode("utf-8")})
    derived = resolve(Profile.model_validate(_typed(values)))
    click.echo(f"wrote {path}: {derived.legal_name} ({derived.kind}); "
               f"governing body: {derived.governing_body}; adopts: {derived.instrument}")
    if not derived.oversight_entity:
        click.echo("note: no oversight_entity yet; add one before drafting with the Redress Rule (#8).",
                   err=True)
    for unconfirmed in _to_check(derived):
        click.echo(f"check: {unconfirmed}", err=True)
    first = "ordinance" if INSTRUMENTS[derived.instrument].is_law else "resolution"
    click.echo(f"next: drafter draft {first} -j {path}", err=True)
    # Optional provisions beyond the nine rules, offered once: reporting above all, which
    # lets residents see whether the rules are followed.
    from ..inputs.clauses import load_library

    extras = load_library().extras()
    click.echo("optional provisions you can add with --extra: "
               + "; ".join(f"{c.id} ({c.meta.title})" for c in extras)
               + f". For example: drafter draft {first} -j {path} --extra annual-report",
               err=True)


def _to_check(j) -> list[str]:
    """Every word drafter chose that no source confirmed, with what to ask the clerk."""
    checks = []
    if not j.form_source:
        checks.append(f"every word above is the generic one for a {j.kind}: drafter has no "
                      f"entry for a {j.kind} in {j.state}; ask the clerk for the governing "
                      "body's name, who signs, and the code's name")
    elif j.form_unchecked:
        checks.append(f"{', '.join(f.replace('_', ' ') for f in j.form_unchecked)}: from "
                      "drafter's forms data, not confirmed by its source")
    if j.executive and j.executive_elected is None and not j.manager:
        checks.append(f"whether the {j.executive} answers to the {j.governing_body} "
                      "(executive_elected) and whether an appointed manager runs the "
                      "departments (manager): until then a resolution asks rather than directs")
    if j.jail is None:
        checks.append("who runs the jail (jail: sheriff, county, regional or state)")
    if tuple(j.code_units) == ("Chapter",) and not j.state_level:
        checks.append("the code's units (code_units): a new chapter is assumed")
    return checks


def _kind_from_places(values: dict[str, str]) -> str | None:
    """--kind county --name Davidson --state TN: a government of its own form drafter knows
    (the Metropolitan Government of Nashville and Davidson County) takes its kind."""
    from ..inputs.forms import local_places
    from ..inputs.kinds import STATE_CODES, normalise_state

    if "name" not in values or "state" not in values:
        return None
    code = STATE_CODES.get(normalise_state(values["state"]) or "")
    name = values["name"].strip().casefold()
    kind = "city-and-county"           # a consolidated government, known by either name
    place = local_places().get((code, kind, name))
    if place is None or values.get("kind") == kind or not place.legal_name:
        return None
    click.echo(f"note: {values['name']} is governed as the {place.legal_name}, a government of "
               f"its own form: drafted as a {kind} with its words", err=True)
    return kind


def _kind_from_census(values: dict[str, str]) -> str | None:
    """--name Jefferson --state LA with no --kind: the Census list says Jefferson Parish."""
    from ..inputs.kinds import STATE_CODES, normalise_state
    from ..inputs.places import find_county

    if "kind" in values or "name" not in values or "state" not in values:
        return None
    code = STATE_CODES.get(normalise_state(values["state"]) or "")
    kinds = {c.kind for c in find_county(code, values["name"])} if code else set()
    if len(kinds) == 1 and None not in kinds:
        kind = kinds.pop()
        click.echo(f"note: kind: {kind} (the Census list names a {kind} {values['name']} in "
                   f"{values['state']}); give --kind to choose another", err=True)
        return kind
    return None


def _ask(values: dict[str, str]) -> None:
    """Prompt for the fields a profile needs, showing derived defaults."""
    from ..inputs.kinds import KINDS

    if "kind" not in values:
        values["kind"] = click.prompt("Kind of jurisdiction", type=click.Choice(list(KINDS)),
                                      default="city")
    if "name" not in values:
        values["name"] = click.prompt("Name (without the kind, e.g. Elm Harbor)").strip()
    defaults = KINDS[values["kind"]]
    if not defaults.state_level and "state" not in values:
        values["state"] = click.prompt("U.S. state it is in (e.g. Oregon or OR)").strip()
    if "oversight_entity" not in values:
        answer = click.prompt("Who should take complaints under the Redress Rule (#8)? "
                              "(Enter to fill in later)", default="", show_default=False).strip()
        if answer:
            values["oversight_entity"] = answer
    from ..inputs.jurisdiction import Profile, resolve

    if defaults.state_level:
        return
    # The defaults are the state's form of government where drafter has one (its places
    # too: Nashville, Honolulu, ...), else the kind's generic words.
    j = resolve(Profile.model_validate(_typed(values)))
    words = {
        "governing_body": ("Governing body", j.governing_body),
        "executive": ("Executive who approves what passes (Enter for none)", j.executive),
        "police": ("Police department (Enter for none)", j.police),
        "sheriff": ("Sheriff's office (Enter for none)", j.sheriff),
    }
    for field, (question, default) in words.items():
        if field in values:
            continue
        default = default or ""
        answer = click.prompt(question, default=default, show_default=bool(default)).strip()
        if answer and answer != default:
            values[field] = answer
    # The few answers that decide the form: whom the body directs, and who holds people.
    j = resolve(Profile.model_validate(_typed(values)))
    if j.executive and j.executive_elected is None and "executive_elected" not in values:
        answer = click.prompt(f"Is the {j.executive} elected by the voters on their own, rather "
                              f"than chosen by the {j.governing_body}? (yes / no; Enter if not "
                              "sure)", default="", show_default=False).strip().lower()
        if answer in YES + NO:
            values["executive_elected"] = answer
    if j.manager is None and "manager" not in values:
        answer = click.prompt(f"Does an appointed manager or administrator run the departments "
                              f"for the {j.governing_body}? Their title, e.g. City Manager "
                              "(Enter for none or not sure)", default="",
                              show_default=False).strip()
        if answer:
            values["manager"] = answer
    if j.jail is None and "jail" not in values:
        answer = click.prompt("Who runs the jail that holds people arrested here? (sheriff, "
                              "county, regional or state; Enter if not sure)", default="",
                              show_default=False).strip().lower()
        if answer in ("sheriff", "county", "regional", "state"):
            values["jail"] = answer
