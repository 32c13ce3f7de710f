"""Options and output shared by the drafting commands."""
from __future__ import annotations

import time
from pathlib import Path

import click

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


OUT_OPTION = click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
                          default=Path("out"), show_default=True, help="Folder to write into.")


def request_options(command: str, formats_help: str = ""):
    """The options `command` offers, made from the Request's fields (drafter.inputs.request):
    each flag, its type, default and help come from there."""
    from ..inputs.request import offered

    def decorate(func):
        for name, option in reversed(offered(command).items()):
            func = _click_option(command, name, option, formats_help)(func)
        return func
    return decorate


def request_option(name: str, dest: str):
    """One Request field's option for a command that does not draft (check, list, serve),
    its value passed as `dest`."""
    from ..inputs.request import options

    return _click_option("", name, options()[name], "", dest)


def _click_option(command: str, name: str, option, formats_help: str, dest: str = ""):
    dest = dest or name
    from dataclasses import fields

    from ..inputs.request import Request

    if name == "formats":
        from ..render.formats import default_names, every_document_names

        return format_option(every_document_names() if command == "packet" else default_names(),
                             formats_help)
    default = next(spec.default for spec in fields(Request) if spec.name == name)
    flags = option.flag.split("/")
    text = option.help
    kinds = {"int": lambda: click.IntRange(*option.limits),
             "number": lambda: click.FloatRange(*option.limits),
             "choice": lambda: click.Choice(option.choices),
             "date": lambda: DATE,
             "path": lambda: click.Path(path_type=Path),
             "paths": lambda: click.Path(path_type=Path, file_okay=False)}
    settings: dict = {"help": text, "metavar": option.metavar}
    if option.kind == "flag" and option.negative:
        return click.option(f"{option.flag}/{option.negative}", dest, default=default,
                            show_default=True, help=text)
    if option.kind == "flag":
        return click.option(*flags, dest, is_flag=True, help=text)
    if option.kind in ("texts", "paths"):
        settings["multiple"] = True
    elif option.kind == "list" and name == "languages":
        settings["default"] = ",".join(default)
        from ..i18n import language_codes

        settings["help"] = f"{text} Languages: {', '.join(language_codes())}."
    elif option.kind in ("int", "number", "choice", "text") and default is not None:
        settings["default"] = default
    if option.kind in kinds:
        settings["type"] = kinds[option.kind]()
    return click.option(*flags, dest, show_default="default" in settings, **settings)


class _Date(click.ParamType):
    """A date written YYYY-MM-DD; a wrong one is told with an example, not a format code."""

    name = "date"

    def convert(self, value, param, ctx):
        import datetime as dt

        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date; write it like 2026-12-01 (year-month-day)",
                      param, ctx)


DATE = _Date()
TEMPLATES_OPTION = request_option("templates", "template_dirs")


def request_from(command: str, params: dict, **fixed):
    """The Request of a command's options (taken out of `params`), and `fixed` values the
    command sets itself (its TYPE, a packet)."""
    from ..inputs.request import Request, offered

    values = {name: params.pop(name) for name in offered(command) if name in params}
    return Request(**{key: value for key, value in values.items() if value is not None},
                   **fixed)


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


