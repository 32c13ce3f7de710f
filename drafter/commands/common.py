"""Options and output shared by the drafting commands."""
from __future__ import annotations

import time
from pathlib import Path

import click

from ..errors import DrafterError, Problem
from ..document import LINES_PER_SHEET, SHEETS
from ..render.formats import help_text, names

EXAMPLES = {
    "draft": """
\b
Examples:
  drafter draft ordinance
  drafter draft resolution -j jurisdictions/juniper-county.yaml --format docx,pdf,md
  drafter draft ordinance -j my-town.yaml --rules 1,2,5-9 --no-1373 --final
  drafter draft petition --sheets 5 --contact-column --circulator
  drafter draft letter --from jurisdictions/senders/elm-harbor-coalition.yaml
  drafter draft testimony --speaker "Ana Reyes" --neighborhood Eastside --agenda-item "Item 7"
""",
}


def _formats(ctx, param, value: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    unknown = [f for f in chosen if f not in names()]
    if unknown or not chosen:
        raise click.BadParameter(f"use one or more of {', '.join(names())}, separated by commas "
                                 f"(got {value!r})")
    return chosen


def format_option(default: tuple[str, ...], purpose: str = ""):
    """--format, its choices and help from the registry of formats (drafter.render.formats)."""
    return click.option("--format", "formats", default=",".join(default), show_default=True,
                        callback=_formats, metavar="LIST",
                        help=f"{purpose}Any of {help_text()}, separated by commas.")


TEMPLATES_OPTION = click.option(
    "--templates", "template_dirs", multiple=True, type=click.Path(path_type=Path, file_okay=False),
    help="A folder of your own document types and page templates, searched before the "
         "built-in ones (repeatable; the first wins).")


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
        click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
                     default=Path("out"),
                     show_default=True, help="Folder to write into."),
        click.option("--lang", "language", default="en", show_default=True, metavar="CODE",
                     help="Campaign papers (petition, explainer, letters, testimony, "
                          "worksheet, report back, state-law memo, packet cover) in this "
                          "language: en or es; en,es makes a "
                          "petition in both and the other papers in each. `drafter list "
                          "languages` shows them. Legislation stays in English."),
        click.option("--line-numbers", is_flag=True,
                     help="Legislation: number the lines in the left margin, restarting each "
                          "page, as councils mark up drafts by line (DOCX and PDF)."),
        click.option("--final", is_flag=True,
                     help="Legislation: leave out the DRAFT mark and the drafting note at the foot "
                          "of each page (for the copy introduced). Campaign papers never carry "
                          "them."),
        click.option("--clauses", "clause_dirs", multiple=True, type=click.Path(path_type=Path),
                     help="A folder of your own clause files, searched before the built-in library "
                          "(repeatable; the first wins)."),
        TEMPLATES_OPTION,
        click.option("--from", "sender", type=click.Path(path_type=Path), default=None,
                     help="Letters: sender profile YAML (group, contact, address, email, phone)."),
        click.option("--date", "date", type=click.DateTime(["%Y-%m-%d"]), default=None,
                     help="Letters and cover: the date to print, YYYY-MM-DD. Default: today."),
        click.option("--sheets", type=click.IntRange(*SHEETS), default=1, show_default=True,
                     help="Petition: how many blank signature sheets."),
        click.option("--lines-per-sheet", type=click.IntRange(*LINES_PER_SHEET), default=None,
                     help="Petition: numbered signature lines on each sheet. Default: as many as "
                          "fit with rows 0.4 in tall."),
        click.option("--address-column", type=click.Choice(["address", "zip", "ward"]),
                     default="address", show_default=True,
                     help="Petition: ask signers for their residence address, ZIP code or ward."),
        click.option("--contact-column", is_flag=True,
                     help="Petition: add an optional e-mail/phone column with a consent note."),
        click.option("--circulator", is_flag=True, help="Petition: add a circulator's statement."),
        click.option("--qr", "qr_url", default=None, metavar="URL",
                     help="Petition: print a QR code to the online version (an https:// link)."),
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
        click.option("--state-safe", is_flag=True,
                     help="Leave out the rules the profile's state law forbids (each named in a "
                          "note and a WHEREAS clause) and make the rest apply to the extent "
                          "state law permits. Default: keep every rule and warn."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def make_options(params: dict):
    """DraftOptions from the command-line values, each text checked like a profile field."""
    import datetime as dt

    from ..inputs.options import DraftOptions, load_sender
    from ..inputs.validation import check_link, check_one_line

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
    qr_url = params.pop("qr_url")
    if qr_url is not None:
        try:
            texts["qr_url"] = check_link(qr_url)
        except ValueError as exc:
            raise DrafterError(Problem(str(exc), field="--qr")) from None
    from ..i18n import check_language

    sender = params.pop("sender")
    date = params.pop("date")
    templates = tuple(params.get("template_dirs") or ())
    language, *also_in = (check_language(code, templates)
                          for code in params.pop("language").split(","))
    if len(also_in) > 1 or language in also_in:
        raise DrafterError(Problem("give one language, or two separated by a comma "
                                   "(en,es: a petition in both, letters in each)",
                                   field="--lang"))
    return DraftOptions(
        language=language, also_in=tuple(also_in),
        final=params.pop("final"), line_numbers=params.pop("line_numbers"),
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


