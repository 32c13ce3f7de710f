"""`drafter check`, `list`, `which` and `clause copy`: the clause library and profiles."""
from __future__ import annotations

from pathlib import Path

import click

from .. import paths
from ..errors import DrafterError, Problem
from .common import TEMPLATES_OPTION


@click.command()
@click.argument("profiles", nargs=-1, type=click.Path(path_type=Path))
@click.option("--clauses", "clause_dirs", multiple=True, type=click.Path(path_type=Path),
              help="Also check this folder of your own clause files (repeatable).")
@TEMPLATES_OPTION
@click.option("--strict", is_flag=True,
              help="Also report unused or missing defined terms, leftover placeholders, TODO/XXX, "
                   "broken cross-references and copies whose model has changed; and make a "
                   "state-law conflict an error.")
def check(profiles, clause_dirs, template_dirs, strict):
    """Validate the clause library and the given profiles; show each profile's words.

    Exit status 0 when everything is valid, 1 with one line per problem otherwise.

    \b
    Examples:
      drafter check
      drafter check jurisdictions/*.yaml
      drafter check --strict --clauses my-clauses/ my-city.yaml
    """
    from .. import check as check_api

    result = check_api(list(profiles), clause_dirs=list(clause_dirs),
                       templates=list(template_dirs), strict=strict)
    click.echo("ok: clause library and document outlines")
    for j in result.checked:
        click.echo(f"ok: {j.source}: {j.legal_name} ({j.kind})")
        words = [("replaces [County/City/State]", j.word), ("governing body", j.governing_body),
                 ("members", j.member_title), ("executive", j.executive or "(none)"),
                 ("clerk", j.clerk), ("police", j.police or "(none)"),
                 ("sheriff", j.sheriff or "(none)"),
                 ("sheriff separately elected", "yes" if j.sheriff_elected else "no"),
                 ("oversight entity", j.oversight_entity or "(none: needed for rule 8)"),
                 ("code", j.code_name), ("instrument", j.instrument), ("file names", j.slug),
                 ("form of government", _form_line(j))]
        for label, value in words:
            click.echo(f"    {label + ':':30} {value}")
    for notice in result.notices:
        click.echo(f"note: {notice}", err=True)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)


def _form_line(j) -> str:
    if j.form_source is None:
        return "generic words for this kind (no entry for its state)"
    unchecked = f"; not confirmed: {', '.join(j.form_unchecked)}" if j.form_unchecked else ""
    return f"{' '.join(j.form_source.split())[:120]}...{unchecked}"


def _template_dirs(jurisdiction: Path | None, template_dirs) -> tuple[Path, ...]:
    """The template search path: the profile's `templates:`, then --templates."""
    from ..inputs.jurisdiction import load_jurisdiction

    named = load_jurisdiction(jurisdiction).template_dirs if jurisdiction else ()
    return (*named, *template_dirs)


@click.command(name="list")
@click.argument("what", type=click.Choice(["rules", "extras", "documents", "jurisdictions",
                                          "states", "forms", "languages", "variables"]))
@click.option("-j", "--jurisdiction", type=click.Path(path_type=Path), default=None,
              help="documents: also list the types in the template folders this profile names.")
@click.option("--rule", "rule", default=None, metavar="RULE",
              help="states: only the states whose law in force forbids or limits this rule "
                   "(a number 1-9, 1373, or an id such as no-287g).")
@TEMPLATES_OPTION
def list_(what, jurisdiction, template_dirs, rule):
    """List the rules, extra provisions, document types, example jurisdictions, each
    state's law on local limits to immigration enforcement, what drafter knows of each
    state's forms of local government, the languages of the campaign papers, or the
    template variables.

    \b
    Examples:
      drafter list rules
      drafter list extras
      drafter list states
      drafter list states --rule 2
      drafter list forms
      drafter list languages
    """
    if rule is not None and what != "states":
        raise click.UsageError("--rule goes with `drafter list states`")
    if what == "rules":
        from ..inputs.clauses import load_library

        library = load_library()
        for rule in library.rules():
            number = str(rule.meta.number) if rule.meta.number else "1373"
            group = library.groups[rule.meta.group].label
            click.echo(f"{number:>4}  {rule.id:30} {rule.meta.title}  [{group}]")
            click.echo(f"      {rule.meta.summary}")
    elif what == "extras":
        from ..inputs.clauses import load_library

        for extra in load_library().extras():
            check = "" if extra.meta.verified else "  (citation unverified: check with a lawyer)"
            click.echo(f"{extra.id:20} {extra.meta.title}{check}")
            click.echo(f"{'':20} {extra.meta.summary}")
            click.echo(f"{'':20} Source: {' '.join(extra.meta.source.split())}")
    elif what == "documents":
        from ..inputs.doctypes import document_types

        builtin = paths.templates_dir()
        for doc_type in document_types(_template_dirs(jurisdiction, template_dirs)).values():
            where = "" if builtin in doc_type.path.parents else f"  (from {doc_type.path.parent})"
            click.echo(f"{doc_type.id:16} {doc_type.summary}{where}")
    elif what == "jurisdictions":
        from ..inputs.jurisdiction import load_jurisdiction

        for path in paths.example_profiles():
            j = load_jurisdiction(path)
            click.echo(f"{j.kind:16} {j.legal_name:40} {path}")
    elif what == "states":
        _list_states(rule)
    elif what == "forms":
        _list_forms()
    elif what == "languages":
        from ..i18n import ENGLISH, catalog_path, catalog_progress, languages

        for code, name in languages().items():
            if code == ENGLISH:
                click.echo(f"{code:6} {name:12} drafter's own words")
                continue
            done, total = catalog_progress(code)
            path = catalog_path(code)
            shown = path.relative_to(paths.data_root()) if path.is_relative_to(
                paths.data_root()) else path
            click.echo(f"{code:6} {name:12} {done} of {total} messages translated  ({shown})")
            for line in _language_by_type(code):
                click.echo(f"{'':6} {line}")
        click.echo("Legislation is drafted in English, the language it is adopted in; --lang "
                   "writes the campaign papers, and a courtesy translation beside a law.")
    else:
        from ..documents.clause_text import VARIABLES

        click.echo("Variables a clause may use, as {{ name }}:")
        for name, meaning in VARIABLES.items():
            click.echo(f"  {name:34} {meaning}")


def _language_by_type(code: str) -> list[str]:
    """Each translated document type, drafted in `code` for the example city: how many of
    its texts the catalog lacks (printed in English), and how many of the rule translations
    a law prints no lawyer has reviewed."""
    import re

    from ..documents.registry import build
    from ..inputs.clauses import load_translations
    from ..inputs.doctypes import document_types
    from ..inputs.status import StatusFile
    from ..inputs.yamlfile import load_yaml_file
    from ..pipeline import Request, prepare

    status = StatusFile.model_validate(load_yaml_file(
        paths.example_profile().with_suffix(".status.yaml"))[0])     # for the report back
    translations = load_translations(code)
    lines = []
    for type_ in document_types().values():
        if type_.translated == "no":
            continue
        job = prepare(Request(documents=(type_.id,), languages=(code,), status=status))
        drafts = build(job, type_.id)
        missing = sum(int(found.group(1)) for d in drafts if d.language != "en-US"
                      for found in [re.search(r"no translation for (\d+) text", d.untranslated)]
                      if found)
        line = f"{type_.id:16} {missing} text(s) in English"
        if type_.translated == "courtesy":
            rules = [r.id for r in job.selection if r.id in translations]
            unreviewed = sum(not translations[r].meta.reviewed for r in rules)
            line += (f"; {unreviewed} of {len(rules)} rule translations not reviewed by a "
                     "lawyer")
        lines.append(line)
    return lines


def _list_forms() -> None:
    """Every state, with the kinds and places drafter has a form of government for, and how
    many of their words a source confirmed."""
    from ..inputs.forms import _forms_file
    from ..inputs.kinds import STATE_CODES

    data = _forms_file()
    by_state: dict[str, list[str]] = {}
    counts: dict[str, tuple[int, int]] = {}
    for entry in [*data.forms, *data.places]:
        given = len(entry.words())
        what = (f"{entry.kind} {entry.names[0]}" if hasattr(entry, "names") else entry.kind)
        by_state.setdefault(entry.state, []).append(
            f"{what} ({len(entry.checked)} of {given} words confirmed)")
        checked, total = counts.get(entry.state, (0, 0))
        counts[entry.state] = (checked + len(entry.checked), total + given)
    click.echo(f"Forms of local government drafter knows (first checked {data.checked_on}; "
               "entries added since date their sources). Where a state has no entry, drafter "
               "uses the kind's generic words and says so.")
    codes = {code: name for name, code in STATE_CODES.items()}
    for code in sorted(codes, key=codes.get):
        entries = by_state.get(code)
        summary = "; ".join(entries) if entries else "no entry: generic words"
        click.echo(f"{codes[code]:21} {summary}")
    checked = sum(c for c, _ in counts.values())
    total = sum(t for _, t in counts.values())
    click.echo(f"{len(by_state)} states with an entry; {checked} of {total} words confirmed "
               "by a source.")


def _rule_id(value: str) -> str:
    """'2' -> 'no-facilitation', '1373' -> 'federal-law-1373', an id as it is."""
    from ..inputs.clauses import load_library
    from ..words import did_you_mean

    library = load_library()
    provisions = [*library.rules(), *library.extras()]
    for clause in provisions:
        number = str(clause.meta.number) if clause.meta.number else None
        if value.strip() in (clause.id, number) or (value.strip() == "1373"
                                                     and clause.id == "federal-law-1373"):
            return clause.id
    raise click.BadParameter(f"{value!r} is not a rule: give a number 1-9, 1373, or an id "
                             "that `drafter list rules` or `drafter list extras` shows"
                             f"{did_you_mean(value, [c.id for c in provisions])}",
                             param_hint="--rule")


def _list_states(rule: str | None = None) -> None:
    from collections import Counter

    from ..inputs.statelaw import FINDING_WORDS, STATUS_LABELS, state_law

    rule_id = _rule_id(rule) if rule is not None else None
    data = state_law()
    click.echo(f"State law on local limits to immigration enforcement, as of {data.as_of} "
               "(the last date a source was read). Drafting help, not legal advice.")
    if rule_id is not None:
        found = 0
        for state, entry in data.states.items():
            for law in entry.laws:
                risk = law.rules.get(rule_id)
                if risk is None or risk.extent == "none":
                    continue
                status = "" if law.in_force else f" [not in force: {STATUS_LABELS[law.status]}]"
                found += law.in_force
                click.echo(f"{state:21} {risk.extent:8} {law.name}, {risk.subsection}{status}")
                click.echo(f"{'':30} {risk.reason}")
        click.echo(f"{found} laws in force forbid or limit {rule_id}.")
        return
    for state, entry in data.states.items():
        laws = "; ".join(law.name + ("" if law.verified else " [unverified]")
                         + ("" if law.status == "in-force" else f" [{law.status}]")
                         for law in entry.laws)
        click.echo(f"{state:21} {FINDING_WORDS[entry.finding]:31} {laws}".rstrip())
    counts = Counter(entry.finding for entry in data.states.values())
    click.echo(", ".join(f"{counts[f]} {FINDING_WORDS[f]}" for f in FINDING_WORDS
                         if counts[f]) + ".")


@click.command()
@click.argument("clause_id", metavar="CLAUSE-ID")
@click.option("-j", "--jurisdiction", type=click.Path(path_type=Path), default=None,
              help="Also search the clause folders this profile names.")
@click.option("--clauses", "clause_dirs", multiple=True, type=click.Path(path_type=Path),
              help="A folder of your own clause files (repeatable).")
@TEMPLATES_OPTION
def which(clause_id, jurisdiction, clause_dirs, template_dirs):
    """Show which file provides a clause or a document type, and which files it shadows.

    Folders are searched most specific first: the profile's `clauses:` (or `templates:`),
    then --clauses (or --templates), then the built-in library.

    \b
    Examples:
      drafter which judicial-warrant --clauses my-clauses/
      drafter which severability -j my-city.yaml
    """
    from ..inputs.clauses import check_clause_id, load_library
    from ..inputs.doctypes import document_type_layers
    from ..inputs.jurisdiction import load_jurisdiction

    check_clause_id(clause_id)
    templates = _template_dirs(jurisdiction, template_dirs)
    types = document_type_layers(templates).get(clause_id)
    if types:
        click.echo(f"{clause_id} (document type): {types[0].path}")
        for shadowed in types[1:]:
            click.echo(f"  shadows {shadowed.path}")
        return
    folders = list(load_jurisdiction(jurisdiction).clause_dirs) if jurisdiction else []
    library = load_library(folders + list(clause_dirs) + list(templates))
    found = library.layers.get(clause_id)
    if not found:
        raise DrafterError(Problem(f"no clause {clause_id!r} in any folder searched: "
                                   f"{', '.join(map(str, library.directories))}"))
    click.echo(f"{clause_id}: {found[0].path}")
    for shadowed in found[1:]:
        click.echo(f"  shadows {shadowed.path}")


@click.group()
def clause():
    """Work with clause files: copy a model clause to edit it.

    \b
    Example:
      drafter clause copy judicial-warrant --to my-clauses/
    """


@clause.command("copy")
@click.argument("clause_id", metavar="CLAUSE-ID")
@click.option("--to", "target", type=click.Path(path_type=Path), required=True,
              help="Your clause folder (created if needed).")
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
def clause_copy(clause_id, target, force):
    """Copy a built-in clause into your folder, ready to edit.

    The copy records the model's id and a fingerprint of its text, so that
    `drafter check --strict` can tell you when the model changes later.

    \b
    Example:
      drafter clause copy judicial-warrant --to my-clauses/
      drafter draft ordinance --clauses my-clauses/ --redline
    """
    from ..inputs.clauses import copy_clause

    path = copy_clause(clause_id, target, force=force)
    click.echo(f"wrote {path}")
    click.echo(f"next: edit the text below its second '---' line, then: drafter draft ordinance "
               f"--clauses {target}", err=True)


