"""The command line: each command parses options and calls the public API."""
from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path

import click

from . import FORMATS, __version__, paths
from .errors import DrafterError, Problem

EXAMPLES = {
    "draft": """
\b
Examples:
  drafter draft ordinance
  drafter draft resolution -j jurisdictions/juniper-county.yaml --format docx,pdf,md
  drafter draft ordinance -j my-town.yaml --rules 1,2,5-9 --no-1373 --draft-mark
  drafter draft petition --sheets 5 --contact-column --circulator
  drafter draft letter --from jurisdictions/senders/elm-harbor-coalition.yaml
  drafter draft testimony --speaker "Ana Reyes" --neighborhood Eastside --agenda-item "Item 7"
""",
}


def _formats(ctx, param, value: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(f"use one or more of {', '.join(FORMATS)}, separated by commas "
                                 f"(got {value!r})")
    return chosen


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="drafter")
def main() -> None:
    """Draft Freedom City ordinances and resolutions from the ACLU's nine model rules.

    \b
    Quick start:
      drafter init my-city.yaml          answer a few questions about your city
      drafter draft ordinance -j my-city.yaml
      drafter check my-city.yaml         see every derived word before you draft

    Drafting help, not legal advice: have a lawyer review what you hand a council.
    """
    # WeasyPrint's own warnings are for developers (the tests fail on any of them).
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)


def selection_options(func):
    """Options shared by `draft` and `packet`: the profile, the rules, the sender, the papers."""
    options = [
        click.option("-j", "--jurisdiction", type=click.Path(path_type=Path), default=None,
                     help="Profile YAML of your jurisdiction. Default: the bundled example city."),
        click.option("--rules", default=None, metavar="LIST",
                     help="Rules to include, by number or id: 1,2,5-9 or judicial-warrant,dont-ask. "
                          "Default: all nine."),
        click.option("--1373/--no-1373", "include_1373", default=True, show_default=True,
                     help="Include the 8 U.S.C. § 1373 clause (the guide recommends it)."),
        click.option("--extra", "extras", multiple=True, metavar="ID",
                     help="Add an optional provision beyond the model rules (repeatable); "
                          "`drafter list extras` shows them."),
        click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"),
                     show_default=True, help="Folder to write into."),
        click.option("--draft-mark", is_flag=True, help="Print DRAFT at the top of every page."),
        click.option("--clauses", "clause_dirs", multiple=True, type=click.Path(path_type=Path),
                     help="A folder of your own clause files, searched before the built-in library "
                          "(repeatable; the first wins)."),
        click.option("--from", "sender", type=click.Path(path_type=Path), default=None,
                     help="Letters: sender profile YAML (group, contact, address, email, phone)."),
        click.option("--date", "date", type=click.DateTime(["%Y-%m-%d"]), default=None,
                     help="Letters and cover: the date to print, YYYY-MM-DD. Default: today."),
        click.option("--sheets", type=click.IntRange(1, 50), default=1, show_default=True,
                     help="Petition: how many blank signature sheets."),
        click.option("--lines-per-sheet", type=click.IntRange(5, 25), default=20, show_default=True,
                     help="Petition: numbered signature lines on each sheet."),
        click.option("--address-column", type=click.Choice(["address", "zip", "ward"]),
                     default="address", show_default=True,
                     help="Petition: ask signers for their residence address, ZIP code or ward."),
        click.option("--contact-column", is_flag=True,
                     help="Petition: add an optional e-mail/phone column with a consent note."),
        click.option("--circulator", is_flag=True, help="Petition: add a circulator's statement."),
        click.option("--attach-ordinance", is_flag=True,
                     help="Petition: attach the full text of the proposed ordinance."),
        click.option("--speaker", default=None, help="Testimony: the speaker's name."),
        click.option("--neighborhood", default=None, help="Testimony: the speaker's neighborhood."),
        click.option("--agenda-item", default=None, help="Testimony: the agenda item, e.g. 'Item 7'."),
        click.option("--minutes", type=click.FloatRange(0.5, 30), default=3.0, show_default=True,
                     help="Testimony: warn when it runs longer than this."),
        click.option("--strict", is_flag=True,
                     help="Stop, writing nothing, when the profile's state has a law that may "
                          "conflict with the chosen rules (normally a warning)."),
        click.option("--missing", is_flag=True,
                     help="Only the rules not yet in writing, from `drafter record`'s answers."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def make_options(params: dict):
    """DraftOptions from the command-line values, each text checked like a profile field."""
    import datetime as dt

    from .options import DraftOptions, load_sender
    from .validation import check_one_line

    problems = []
    texts = {}
    for name in ("speaker", "neighborhood", "agenda_item"):
        value = params.pop(name)
        if value is not None:
            try:
                texts[name] = check_one_line(value.strip())
            except ValueError as exc:
                problems.append(Problem(str(exc), field=f"--{name.replace('_', '-')}"))
    if problems:
        raise DrafterError(problems)
    sender = params.pop("sender")
    date = params.pop("date")
    return DraftOptions(
        draft_mark=params.pop("draft_mark"),
        date=date.date() if date else dt.date.today(),
        sender=load_sender(sender) if sender else None,
        lines_per_sheet=params.pop("lines_per_sheet"), sheets=params.pop("sheets"),
        address_column=params.pop("address_column"), contact_column=params.pop("contact_column"),
        circulator=params.pop("circulator"), attach_ordinance=params.pop("attach_ordinance"),
        minutes=params.pop("minutes"), **texts)


def report(result, started: float, *, each_file: bool = True) -> None:
    """Print what was written, the notes and warnings, and the time taken."""
    if each_file:
        for path in result.paths:
            click.echo(f"wrote {path} ({max(1, path.stat().st_size // 1024)} KB)")
    for notice in dict.fromkeys(result.notices):
        click.echo(f"note: {notice}", err=True)
    for warning in dict.fromkeys(result.warnings):
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"Done in {time.perf_counter() - started:.1f} s. Drafting help, not legal advice: "
               "have a lawyer review before introduction.", err=True)


@main.command(epilog=EXAMPLES["draft"])
@click.argument("doc_type", metavar="TYPE")
@click.option("--format", "formats", default="docx,pdf", show_default=True, callback=_formats,
              metavar="LIST", help="Any of docx, pdf, md, separated by commas.")
@click.option("--redline", "with_redline", is_flag=True,
              help="Also write <jurisdiction>-<TYPE>-redline.docx and .pdf against the model text.")
@selection_options
def draft(doc_type, formats, with_redline, **params):
    """Draft one document type as DOCX, PDF and/or Markdown.

    TYPE is one of: ordinance, resolution, petition, letter, testimony, worksheet,
    executive-order, department-order (`drafter list documents` describes them).
    Files are named OUT/<jurisdiction>-<TYPE>.<ext>; letters get one file per official
    and testimony a short and a long version. Nothing is written unless every input
    is valid.
    """
    from . import draft as draft_api

    started = time.perf_counter()
    click.echo(f"Drafting {doc_type} ({', '.join(f.upper() for f in formats)}) ...", err=True)
    options = make_options(params)
    clause_dirs = list(params.pop("clause_dirs"))
    if with_redline:   # check that a redline can be made before writing anything
        from .doctypes import load_document_type

        if load_document_type(doc_type).builder != "legislation":
            raise DrafterError(Problem(f"a redline compares legal text: use it with ordinance, "
                                       f"resolution, executive-order or department-order, not "
                                       f"{doc_type}", field="--redline"))
    result = draft_api(doc_type, formats=formats, options=options, clause_dirs=clause_dirs,
                       progress=lambda msg: click.echo(f"  {msg}", err=True), **params)
    if with_redline:
        from . import redline as redline_api

        extra = redline_api(doc_type, options=options, clause_dirs=clause_dirs, **params)
        result.paths += extra.paths
        result.notices += extra.notices
    report(result, started)


@main.command(epilog="""
\b
Examples:
  drafter clause copy judicial-warrant --to my-clauses/
  drafter redline ordinance --clauses my-clauses/ --author "Jane Lawyer"
""")
@click.argument("doc_type", metavar="TYPE")
@click.option("--author", default="drafter", show_default=True,
              help="Name on the tracked changes, as Word shows it.")
@selection_options
def redline(doc_type, author, **params):
    """Write a redline of TYPE against the ACLU model text: DOCX and PDF.

    The DOCX shows every difference between your clause files and the model as a Word
    tracked change, so the council attorney can accept or reject each one; the PDF
    underlines insertions and strikes through deletions. A summary at the top lists
    the clauses changed, added and left out.
    """
    from . import redline as redline_api

    started = time.perf_counter()
    options = make_options(params)
    result = redline_api(doc_type, options=options, clause_dirs=list(params.pop("clause_dirs")),
                         author=author, **params)
    report(result, started)


@main.command()
@click.option("--format", "formats", default="docx,pdf,md", show_default=True, callback=_formats,
              metavar="LIST", help="Formats of each document; the combined PDF is always made.")
@selection_options
def packet(formats, **params):
    """Draft the whole campaign packet: every document, one combined PDF and a zip.

    Writes each document type as DOCX, PDF and Markdown, then <jurisdiction>-packet.pdf
    (a cover with the contents, then every document, one bookmark each) and
    <jurisdiction>-packet.zip with everything.

    \b
    Examples:
      drafter packet
      drafter packet -j my-city.yaml --from my-group.yaml --sheets 3 --out packet/
    """
    from . import packet as packet_api

    started = time.perf_counter()
    click.echo("Drafting the campaign packet ...", err=True)
    options = make_options(params)
    made, result = packet_api(formats=formats, options=options,
                              clause_dirs=list(params.pop("clause_dirs")),
                              progress=lambda msg: click.echo(f"  {msg}", err=True), **params)
    suffix = "{" + ",".join(formats) + "}" if len(formats) > 1 else formats[0]
    rows = [(part.name, f"{part.draft.stem}.{suffix}", part.pages) for part in made.parts]
    slug = made.parts[0].draft.jurisdiction_slug
    rows.append(("Whole packet (cover + all)", f"{slug}-packet.pdf, {slug}-packet.zip",
                 made.cover_pages + sum(part.pages for part in made.parts)))
    widths = [max(len(str(row[i])) for row in rows + [("Document", "Files", "Pages")]) for i in (0, 1)]
    click.echo(f"{'Document':<{widths[0]}}  {'Files':<{widths[1]}}  Pages")
    for name, files, pages in rows:
        click.echo(f"{name:<{widths[0]}}  {files:<{widths[1]}}  {pages:>5}")
    click.echo(f"{len(result.paths)} files written to {params['out_dir']}/, including the zip.")
    report(result, started, each_file=False)


@main.command()
@click.argument("profiles", nargs=-1, type=click.Path(path_type=Path))
@click.option("--clauses", "clause_dirs", multiple=True, type=click.Path(path_type=Path),
              help="Also check this folder of your own clause files (repeatable).")
@click.option("--strict", is_flag=True,
              help="Also report unused or missing defined terms, leftover placeholders, TODO/XXX, "
                   "broken cross-references and copies whose model has changed; and make a "
                   "state-law conflict an error.")
def check(profiles, clause_dirs, strict):
    """Validate the clause library and the given profiles; show each profile's words.

    Exit status 0 when everything is valid, 1 with one line per problem otherwise.

    \b
    Examples:
      drafter check
      drafter check jurisdictions/*.yaml
      drafter check --strict --clauses my-clauses/ my-city.yaml
    """
    from . import check as check_api

    result = check_api(list(profiles), clause_dirs=list(clause_dirs), strict=strict)
    click.echo("ok: clause library and document outlines")
    for j in result.checked:
        click.echo(f"ok: {j.source}: {j.legal_name} ({j.kind})")
        words = [("replaces [County/City/State]", j.word), ("governing body", j.governing_body),
                 ("members", j.member_title), ("executive", j.executive or "(none)"),
                 ("clerk", j.clerk), ("police", j.police or "(none)"),
                 ("sheriff", j.sheriff or "(none)"),
                 ("oversight entity", j.oversight_entity or "(none: needed for rule 8)"),
                 ("code", j.code_name), ("instrument", j.instrument), ("file names", j.slug)]
        for label, value in words:
            click.echo(f"    {label + ':':30} {value}")
    for notice in result.notices:
        click.echo(f"note: {notice}", err=True)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)


@main.command(name="list")
@click.argument("what", type=click.Choice(["rules", "extras", "documents", "jurisdictions",
                                          "variables"]))
def list_(what):
    """List the rules, extra provisions, document types, example jurisdictions or variables.

    \b
    Examples:
      drafter list rules
      drafter list extras
      drafter list jurisdictions
    """
    if what == "rules":
        from .library import load_library

        library = load_library()
        for rule in library.rules():
            number = str(rule.meta.number) if rule.meta.number else "1373"
            group = library.groups[rule.meta.group].label
            click.echo(f"{number:>4}  {rule.id:30} {rule.meta.title}  [{group}]")
            click.echo(f"      {rule.meta.summary}")
    elif what == "extras":
        from .library import load_library

        for extra in load_library().extras():
            check = "" if extra.meta.verified else "  (citation unverified: check with a lawyer)"
            click.echo(f"{extra.id:20} {extra.meta.title}{check}")
            click.echo(f"{'':20} {extra.meta.summary}")
            click.echo(f"{'':20} Source: {' '.join(extra.meta.source.split())}")
    elif what == "documents":
        from .doctypes import document_types

        for doc_type in document_types().values():
            click.echo(f"{doc_type.id:14} {doc_type.summary}")
    elif what == "jurisdictions":
        from .jurisdiction import load_jurisdiction

        for path in paths.example_profiles():
            j = load_jurisdiction(path)
            click.echo(f"{j.kind:16} {j.legal_name:40} {path}")
    else:
        from .assemble import VARIABLES

        click.echo("Variables a clause may use, as {{ name }}:")
        for name, meaning in VARIABLES.items():
            click.echo(f"  {name:34} {meaning}")


@main.command()
@click.argument("clause_id", metavar="CLAUSE-ID")
@click.option("-j", "--jurisdiction", type=click.Path(path_type=Path), default=None,
              help="Also search the clause folders this profile names.")
@click.option("--clauses", "clause_dirs", multiple=True, type=click.Path(path_type=Path),
              help="A folder of your own clause files (repeatable).")
def which(clause_id, jurisdiction, clause_dirs):
    """Show which file provides a clause, and which files it shadows.

    Folders are searched most specific first: the profile's `clauses:`, then --clauses,
    then the built-in library.

    \b
    Examples:
      drafter which judicial-warrant --clauses my-clauses/
      drafter which severability -j my-city.yaml
    """
    from .jurisdiction import load_jurisdiction
    from .library import check_clause_id, load_library

    check_clause_id(clause_id)
    folders = list(load_jurisdiction(jurisdiction).clause_dirs) if jurisdiction else []
    library = load_library(folders + list(clause_dirs))
    found = library.layers.get(clause_id)
    if not found:
        raise DrafterError(Problem(f"no clause {clause_id!r} in any folder searched: "
                                   f"{', '.join(map(str, library.directories))}"))
    click.echo(f"{clause_id}: {found[0].path}")
    for shadowed in found[1:]:
        click.echo(f"  shadows {shadowed.path}")


@main.group()
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
    from .library import copy_clause

    path = copy_clause(clause_id, target, force=force)
    click.echo(f"wrote {path}")
    click.echo(f"next: edit the text below its second '---' line, then: drafter draft ordinance "
               f"--clauses {target}", err=True)


@main.command()
@click.option("-j", "--jurisdiction", type=click.Path(path_type=Path), default=None,
              help="Profile YAML. Default: the bundled example city.")
@click.option("--date", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date of the meeting, YYYY-MM-DD (default: today).")
@click.option("--official", default=None, help="Who answered, e.g. 'Chief Luis Ortega'.")
@click.option("--attendees", default=None, help="Who attended from the group.")
@click.option("--spokesperson", default=None)
@click.option("--note-taker", default=None)
@click.option("--answer", "answers", multiple=True, metavar="RULE.FIELD=VALUE",
              help="Record one answer without being asked (repeatable). FIELD is in_place, "
                   "in_writing (yes/no/unknown), where, position (supports/opposes/evasive/"
                   "unknown) or note. RULE is a number or id.")
@click.option("--no-input", is_flag=True, help="Ask nothing: record only the options given.")
def record(jurisdiction, date, official, attendees, spokesperson, note_taker, answers, no_input):
    """Record, rule by rule, what law enforcement said at the meeting.

    Asks for each rule: is it in place, is it in writing (and where), and the
    official's position, with the last answers as defaults (Enter keeps them). Saves to
    <profile>.status.yaml beside the profile, keeping any comments in it.

    \b
    Examples:
      drafter record -j my-city.yaml
      drafter record -j my-city.yaml --date 2026-11-20 --official "Chief Ortega" \\
          --answer 1.in_place=yes --answer 1.in_writing=yes --answer "1.where=GO 4.12" --no-input
    """
    import datetime as dt

    from .jurisdiction import load_jurisdiction
    from .library import load_library
    from .status import ANSWERS, POSITIONS, check_answer, load_status, save_answers
    from .validation import check_one_line

    profile = load_jurisdiction(jurisdiction or paths.example_profile())
    rules = load_library(list(profile.clause_dirs)).rules()
    status = load_status(profile, rules)
    by_key = {str(r.meta.number): r.id for r in rules if r.meta.number} | {r.id: r.id for r in rules}
    by_key["1373"] = "federal-law-1373"
    given: dict[str, dict] = {}
    for item in answers:
        key, _, value = item.partition("=")
        rule_key, _, field = key.partition(".")
        if rule_key not in by_key or field not in ("in_place", "in_writing", "where", "position", "note"):
            raise DrafterError(Problem(f"{item!r}: write RULE.FIELD=VALUE, e.g. 1.in_place=yes "
                                       "(fields: in_place, in_writing, where, position, note)",
                                       field="--answer"))
        if field in ("in_place", "in_writing"):
            value = check_answer(value, ANSWERS, f"--answer {key}")
        elif field == "position":
            value = check_answer(value, POSITIONS, f"--answer {key}")
        else:
            try:
                value = check_one_line(value.strip())
            except ValueError as exc:
                raise DrafterError(Problem(str(exc), field=f"--answer {key}")) from None
        given.setdefault(by_key[rule_key], {})[field] = value
    meeting = status.meeting
    when = date.date() if date else (meeting.date if no_input else None)
    if not no_input:
        default_date = (meeting.date or dt.date.today()).isoformat()
        when = date.date() if date else click.prompt("Date of the meeting (YYYY-MM-DD)",
                                                     type=click.DateTime(["%Y-%m-%d"]),
                                                     default=default_date).date()
        official = official or click.prompt("Who answered (name and title)",
                                            default=meeting.official or "", show_default=bool(meeting.official))
    who = official or meeting.official
    result: dict[str, dict] = {}
    for rule in rules:
        current = status.rules.get(rule.id)
        fields = dict(given.get(rule.id, {}))
        if not no_input:
            click.echo(f"\n{rule.label}: {' '.join((rule.meta.summary or '').split())}")
            cur = current or type("Unknown", (), {"in_place": "unknown", "in_writing": "unknown",
                                                   "where": None, "position": "unknown",
                                                   "source": None})()
            fields.setdefault("in_place", click.prompt("  In place?", type=click.Choice(ANSWERS),
                                                       default=cur.in_place))
            fields.setdefault("in_writing", click.prompt("  In writing?", type=click.Choice(ANSWERS),
                                                         default=cur.in_writing))
            if fields["in_writing"] == "yes" and "where" not in fields:
                fields["where"] = click.prompt("  Where (policy number, code section, document)?",
                                               default=cur.where or "", show_default=bool(cur.where)) or None
            fields.setdefault("position", click.prompt("  The official's position?",
                                                       type=click.Choice(POSITIONS),
                                                       default=cur.position))
            old_note = cur.source.note if cur.source else None
            note = fields.pop("note", None) or click.prompt("  Note or quote (Enter to keep)",
                                                           default=old_note or "",
                                                           show_default=bool(old_note)) or None
            fields["note"] = note
        if not fields:
            continue
        note = fields.pop("note", None)
        fields["source"] = {"date": when, "who": who, "note": note}
        result[rule.id] = fields
    path = save_answers(profile, {"date": when, "official": official, "attendees": attendees,
                                  "spokesperson": spokesperson, "note_taker": note_taker}, result)
    click.echo(f"wrote {path} ({len(result)} rules recorded)")
    click.echo(f"next: drafter status {profile.source}", err=True)


@main.command()
@click.argument("profiles", nargs=-1, type=click.Path(path_type=Path))
@click.option("--image", type=click.Path(path_type=Path), default=None,
              help="Write a scorecard picture: .png, .svg or .pdf (one profile).")
@click.option("--csv", "csv_out", type=click.Path(path_type=Path), default=None,
              help="Write the table as CSV (use - for the screen).")
@click.option("--html", "html_out", type=click.Path(path_type=Path), default=None,
              help="Write one self-contained web page with the table and the scorecards.")
def status(profiles, image, csv_out, html_out):
    """Show where each rule stands, for one or many jurisdictions.

    Reads each profile's .status.yaml (written by `drafter record`). Without a profile,
    uses the bundled example city.

    \b
    Examples:
      drafter status jurisdictions/elm-harbor-city.yaml
      drafter status my-city.yaml --image scorecard.png
      drafter status towns/*.yaml --csv status.csv --html status.html
    """
    from .output import write_atomically
    from .tracking import load_places, table, to_csv, to_html

    places = load_places(list(profiles))
    files: dict[Path, bytes] = {}
    if image:
        from .scorecard import scorecard

        if len(places) != 1:
            raise DrafterError(Problem("--image makes one picture: give exactly one profile",
                                       field="--image"))
        if image.suffix.lower() not in (".png", ".svg", ".pdf"):
            raise DrafterError(Problem("use a name ending in .png, .svg or .pdf", field="--image"))
        place = places[0]
        files[image] = scorecard(place.jurisdiction, place.status, place.rows, image.suffix.lower())
    if html_out:
        files[html_out] = to_html(places).encode("utf-8")
    if csv_out and str(csv_out) != "-":
        files[csv_out] = to_csv(places).encode("utf-8")
    if csv_out and str(csv_out) == "-":
        click.echo(to_csv(places), nl=False)
    else:
        for place in places:
            click.echo(table(place) + "\n")
    for path in write_atomically(files):
        click.echo(f"wrote {path}", err=True)


class Progress:
    """One status line: a bar, the count, the rate and the time left."""

    def __init__(self, total: int):
        self.total, self.started, self.last = total, time.perf_counter(), 0.0
        self.tty = sys.stderr.isatty()

    def __call__(self, done: int, total: int, result) -> None:
        now = time.perf_counter()
        if result.status == "failed":
            click.echo(f"\nerror: {result.label}: {result.message}", err=True)
        if not self.tty and done < total and now - self.last < 5:
            return
        self.last = now
        rate = done / max(now - self.started, 1e-6)
        left = (total - done) / rate if rate else 0
        bar = "#" * int(30 * done / total) + "." * (30 - int(30 * done / total))
        line = f"[{bar}] {done}/{total}  {rate:.1f}/s  {left:.0f} s left"
        click.echo(("\r" if self.tty else "") + line, err=True, nl=not self.tty or done == total)


@main.command()
@click.argument("source", type=click.Path(path_type=Path, exists=True))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"),
              show_default=True, help="Folder to write into: one subfolder per jurisdiction.")
@click.option("--jobs", type=click.IntRange(1, 64), default=None,
              help="Processes to run at once. Default: the number of cores.")
@click.option("--documents", default=None, metavar="LIST",
              help="Only these document types (e.g. ordinance,resolution). Default: the whole "
                   "packet, with its combined PDF and zip.")
@click.option("--format", "formats", default="docx,pdf", show_default=True, callback=_formats,
              metavar="LIST", help="Any of docx, pdf, md.")
@click.option("--rules", default=None, metavar="LIST", help="Rules to include (default: all nine).")
@click.option("--1373/--no-1373", "include_1373", default=True, show_default=True)
@click.option("--date", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date for letters and covers (default: today).")
@click.option("--force", is_flag=True, help="Redo jurisdictions whose files are up to date.")
def batch(source, out_dir, jobs, documents, formats, rules, include_1373, date, force):
    """Draft for many jurisdictions at once: a folder of profiles or a CSV.

    The CSV has one jurisdiction per row; its columns are profile fields (kind, name,
    state, oversight_entity, governing_body, executive, police, sheriff, ...). A bad
    row is reported with its line and field, and the others go on. Each jurisdiction
    goes to OUT/<jurisdiction>/; a re-run skips those whose inputs did not change.
    OUT/batch-report.csv lists every row's result.

    \b
    Examples:
      drafter batch jurisdictions/batch/example-50.csv --out batch-out
      drafter batch my-profiles/ --documents ordinance,resolution --jobs 2
    """
    import datetime as dt
    import os

    from .batch import data_fingerprint, read_source, report_csv, run_batch
    from .doctypes import document_types
    from .output import write_atomically

    chosen = None
    if documents:
        chosen = [d.strip() for d in documents.split(",") if d.strip()]
        unknown = [d for d in chosen if d not in document_types()]
        if unknown:
            raise DrafterError(Problem(f"unknown document types {unknown}; see `drafter list "
                                       "documents`", field="--documents"))
    settings = {"out_dir": str(out_dir), "force": force, "documents": chosen,
                "formats": list(formats), "rules": rules, "include_1373": include_1373,
                "date": (date.date() if date else dt.date.today())}
    fingerprint_settings = json.dumps({k: str(v) for k, v in settings.items()
                                       if k not in ("out_dir", "force")}, sort_keys=True)
    good, problems = read_source(source, data_fingerprint() + fingerprint_settings)
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    count = jobs or os.cpu_count() or 1
    click.echo(f"Drafting for {len(good)} jurisdictions with {count} process(es) ...", err=True)
    started = time.perf_counter()
    results = run_batch(good, settings, count, Progress(len(good))) if good else []
    write_atomically({out_dir / "batch-report.csv": report_csv(results)})
    elapsed = time.perf_counter() - started
    by = {s: [r for r in results if r.status == s] for s in ("written", "skipped", "failed")}
    warned = sum(bool(r.warnings) for r in results)
    click.echo(f"{len(by['written'])} drafted, {len(by['skipped'])} up to date (skipped), "
               f"{len(by['failed']) + len(problems)} failed, in {elapsed:.1f} s "
               f"({len(results) / max(elapsed, 1e-6):.2f} per second).")
    if by["written"]:
        peak = max(r.peak_rss_mb for r in by["written"])
        click.echo(f"Peak memory of a worker: {peak:.0f} MB. Report: {out_dir / 'batch-report.csv'}")
    if warned:
        click.echo(f"warning: {warned} jurisdictions are in states whose law may conflict with "
                   "the rules, or use unverified citations; see the report's warnings column. "
                   "Drafting help, not legal advice.", err=True)
    if by["failed"] or problems:
        sys.exit(1)


@main.command()
def doctor():
    """Check that this machine can draft: Pango, HarfBuzz subsetting, fonts.

    Prints what to install for anything missing; exit status 1 if something needed is.

    \b
    Example:
      drafter doctor
    """
    from .doctor import checks

    found = checks()
    for check in found:
        mark = "ok" if check.ok else ("missing" if check.required else "optional")
        click.echo(f"{mark + ':':9} {check.name}: {check.detail}")
    missing = sorted({c.fix for c in found if not c.ok and c.fix})
    if missing:
        click.echo(f"To install what is missing (Debian/Ubuntu): sudo apt-get install -y "
                   f"{' '.join(missing)}")
    if any(not c.ok and c.required for c in found):
        sys.exit(1)


from .init_cmd import init  # noqa: E402  (registers `drafter init`)

main.add_command(init)


def run() -> None:
    """Console-script entry point."""
    try:
        main(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
        sys.exit(130)
