"""`drafter status`: the table, the CSV and the self-contained HTML page for many places."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from .. import paths
from ..inputs.clauses import load_library
from ..inputs.jurisdiction import Jurisdiction, load_jurisdiction
from ..inputs.status import CATEGORIES, Standing, StatusFile, counts, load_status, standings
from ..output import spreadsheet_safe
from ..plain import plain_context


@dataclass
class Place:
    jurisdiction: Jurisdiction
    status: StatusFile
    rows: list[Standing]

    @property
    def summary(self) -> str:
        c = counts(self.rows)
        return (f"{c['in_place']} of {c['total']} in place, {c['in_writing']} of {c['total']} in "
                f"writing, {c['supports']} of {c['total']} supported")


def load_places(profiles: list[Path]) -> list[Place]:
    places = []
    for path in profiles or [paths.example_profile()]:
        jurisdiction = load_jurisdiction(Path(path))
        rules = load_library(list(jurisdiction.clause_dirs)).rules()
        status = load_status(jurisdiction, rules)
        places.append(Place(jurisdiction, status, standings(status, rules)))
    return places


def table(place: Place) -> str:
    """A plain-text table, rule by rule, with the counts under it."""
    meeting = place.status.meeting
    when = meeting.date.isoformat() if meeting.date else "no meeting recorded"
    lines = [f"{place.jurisdiction.legal_name} (as of {when}"
             + (f", {meeting.official}" if meeting.official else "") + ")"]
    header = ("Rule", "In place", "In writing", "Position", "")
    rows = []
    for row in place.rows:
        s = row.status
        writing = s.in_writing + (f" ({s.where})" if s.where else "")
        rows.append((row.rule.label, s.in_place, writing, s.position, CATEGORIES[row.category][0]))
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(4)]
    for cells in [header] + rows:
        lines.append("  ".join(cell.ljust(widths[i]) if i < 4 else cell
                               for i, cell in enumerate(cells)).rstrip())
    lines.append(place.summary[:1].upper() + place.summary[1:] + ".")
    return "\n".join(lines)


CSV_FIELDS = ["jurisdiction", "profile", "rule_number", "rule_id", "rule_title", "in_place",
              "in_writing", "where", "position", "source_date", "source_who", "note"]


def to_csv(places: list[Place]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for place in places:
        for row in place.rows:
            s, source = row.status, row.status.source
            writer.writerow({key: spreadsheet_safe(value) for key, value in {
                "jurisdiction": place.jurisdiction.legal_name, "profile": place.jurisdiction.source,
                "rule_number": row.rule.meta.number or "", "rule_id": row.rule.id,
                "rule_title": row.rule.meta.title, "in_place": s.in_place,
                "in_writing": s.in_writing, "where": s.where or "", "position": s.position,
                "source_date": source.date.isoformat() if source and source.date else "",
                "source_who": source.who or "" if source else "",
                "note": source.note or "" if source else ""}.items()})
    return buffer.getvalue()


def to_html(places: list[Place]) -> str:
    """One self-contained page: a table of every place and their scorecards, no assets."""
    from ..render.html import html_environment
    from .scorecard import layout, to_svg

    cards = [Markup(to_svg(layout(p.jurisdiction, p.status, p.rows))) for p in places]
    rules = [row.rule.label for row in places[0].rows] if places else []
    rows = [{"legal_name": p.jurisdiction.legal_name, "summary": p.summary,
             "categories": [row.category for row in p.rows]} for p in places]
    return html_environment().get_template("base/status.html").render(plain_context(
        {"places": rows, "cards": cards, "rules": rules, "categories": CATEGORIES}))
