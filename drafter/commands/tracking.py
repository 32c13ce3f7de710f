"""`drafter record` and `drafter status`: where each rule stands."""
from __future__ import annotations

from pathlib import Path

import click

from .. import paths
from ..errors import DrafterError, Problem
from .common import DATE


@click.command()
@click.option("-j", "--jurisdiction", type=click.Path(path_type=Path), default=None,
              help="Profile YAML. Default: the bundled example city.")
@click.option("--date", type=DATE, metavar="YYYY-MM-DD", default=None,
              help="Date of the meeting, YYYY-MM-DD (default: today).")
@click.option("--official", default=None, help="Who answered, e.g. 'Chief Luis Ortega'.")
@click.option("--attendees", default=None, help="Who attended from the group.")
@click.option("--spokesperson", default=None)
@click.option("--note-taker", default=None)
@click.option("--answer", "answers", multiple=True, metavar="RULE.FIELD=VALUE",
              help="Record one answer without being asked (repeatable). FIELD is in_place, "
                   "in_writing (code/policy/none/unknown), where, position (supports/opposes/evasive/"
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
          --answer 1.in_place=yes --answer 1.in_writing=policy --answer "1.where=GO 4.12" --no-input
    """
    import datetime as dt

    from ..inputs.clauses import load_library
    from ..inputs.jurisdiction import load_jurisdiction
    from ..inputs.status import (ANSWERS, POSITIONS, WRITING, load_status, parse_answers,
                                 save_answers)

    profile = load_jurisdiction(jurisdiction or paths.example_profile())
    rules = load_library(list(profile.clause_dirs)).rules()
    status = load_status(profile, rules)
    given = parse_answers(answers, rules)
    meeting = status.meeting
    when = date if date else (meeting.date if no_input else None)
    if not no_input:
        default_date = (meeting.date or dt.date.today()).isoformat()
        when = date if date else click.prompt("Date of the meeting (YYYY-MM-DD)", type=DATE,
                                              default=default_date)
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
            fields.setdefault("in_writing", click.prompt(
                "  In writing? (code: an ordinance or by-law; policy: a department policy only)",
                type=click.Choice(WRITING), default=cur.in_writing))
            if fields["in_writing"] in ("code", "policy") and "where" not in fields:
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


@click.command()
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
    from ..documents.status_report import load_places, table, to_csv, to_html
    from ..output import write_atomically

    places = load_places(list(profiles))
    files: dict[Path, bytes] = {}
    if image:
        from ..documents.scorecard import scorecard

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


