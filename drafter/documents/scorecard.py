"""The scorecard picture: one row per rule with a colour-and-symbol mark, as SVG, PNG, PDF.

Marks pair a colour from the Okabe-Ito palette (safe for colour-blind readers) with a
distinct symbol (✔ ◐ + ✖ ?), so the picture also reads in black and white.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from ..dates import long_date
from ..inputs.jurisdiction import Jurisdiction
from ..inputs.status import CATEGORIES, Standing, StatusFile, counts

WIDTH, HEIGHT = 1080, 1350          # a portrait post for social media
FONT_FILES = {   # Debian paths; fonts-dejavu-core comes with fontconfig
    "regular": ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"],
    "bold": ["/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"],
}


@dataclass
class Text:
    x: float
    y: float
    text: str
    size: int
    bold: bool = False
    colour: str = "#111111"
    anchor: str = "start"           # or "middle"


@dataclass
class Circle:
    x: float
    y: float
    r: float
    fill: str


def layout(jurisdiction: Jurisdiction, status: StatusFile, rows: list[Standing]) -> list:
    """Everything on the card, as positioned shapes the three formats draw alike."""
    c = counts(rows)
    meeting = status.meeting
    when = long_date(meeting.date) if meeting.date else "date not recorded"
    source = f" · {meeting.official}" if meeting.official else ""
    items: list = [
        Text(WIDTH / 2, 90, "Freedom City Scorecard", 40, bold=True, anchor="middle"),
        Text(WIDTH / 2, 150, jurisdiction.legal_name, min(48, 1700 // max(len(jurisdiction.legal_name), 1)),
             bold=True, anchor="middle", colour="#0b3d91"),
        Text(WIDTH / 2, 200, f"As of {when}{source}", 26, anchor="middle", colour="#444444"),
    ]
    top, step = 260, 82
    for index, row in enumerate(rows):
        y = top + index * step
        symbol, label, colour = CATEGORIES[row.category]
        items += [Circle(100, y, 30, colour),
                  Text(100, y + 13, symbol, 36, bold=True, anchor="middle", colour="#ffffff"),
                  Text(150, y - 4, row.rule.label, 30, bold=True),
                  Text(150, y + 30, label + (f" ({row.status.where})" if row.status.where and
                                             row.category == "written" else ""), 24,
                       colour="#333333")]
    y = top + len(rows) * step + 10
    items.append(Text(WIDTH / 2, y, f"{c['in_writing']} of {c['total']} in writing · "
                                    f"{c['in_place']} of {c['total']} in place", 36, bold=True,
                      anchor="middle"))
    x = 60
    for key in ("written", "practice", "supports", "missing", "unknown"):
        symbol, label, colour = CATEGORIES[key]
        short = {"practice": "Not in writing", "supports": "Supported",
                 "unknown": "No answer"}.get(key, label)
        items += [Circle(x + 16, y + 60, 16, colour),
                  Text(x + 16, y + 67, symbol, 20, bold=True, anchor="middle", colour="#ffffff"),
                  Text(x + 40, y + 68, short, 20, colour="#333333")]
        x += 200
    items.append(Text(WIDTH / 2, HEIGHT - 30, "Made with drafter · drafting help, not legal advice",
                      18, anchor="middle", colour="#666666"))
    return items


def to_svg(items: list) -> str:
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" font-family="DejaVu Sans, Liberation Sans, '
             f'Arial, sans-serif">', f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>']
    for item in items:
        if isinstance(item, Circle):
            parts.append(f'<circle cx="{item.x}" cy="{item.y}" r="{item.r}" fill="{item.fill}" '
                         'stroke="#000000" stroke-width="2"/>')
        else:
            weight = ' font-weight="bold"' if item.bold else ""
            parts.append(f'<text x="{item.x}" y="{item.y}" font-size="{item.size}"{weight} '
                         f'fill="{item.colour}" text-anchor="{item.anchor}">{escape(item.text)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _font(bold: bool, size: int):
    from PIL import ImageFont

    for path in FONT_FILES["bold" if bold else "regular"]:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def to_png(items: list) -> bytes:
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), "#ffffff")
    draw = ImageDraw.Draw(image)
    for item in items:
        if isinstance(item, Circle):
            draw.ellipse((item.x - item.r, item.y - item.r, item.x + item.r, item.y + item.r),
                         fill=item.fill, outline="#000000", width=2)
        else:
            font = _font(item.bold, item.size)
            anchor = "ms" if item.anchor == "middle" else "ls"   # baseline, like SVG
            draw.text((item.x, item.y), item.text, font=font, fill=item.colour, anchor=anchor)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def to_pdf(svg: str, title: str) -> bytes:
    from ..render.pdf import html_to_pdf

    html = (f'<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8"><title>{escape(title)}'
            f'</title><style>@page {{ size: {WIDTH}px {HEIGHT}px; margin: 0 }} body {{ margin: 0 }}'
            f'</style></head><body>{svg}</body></html>')
    return html_to_pdf(html, tagged=False)


def scorecard(jurisdiction: Jurisdiction, status: StatusFile, rows: list[Standing],
              suffix: str) -> bytes:
    items = layout(jurisdiction, status, rows)
    if suffix == ".png":
        return to_png(items)
    svg = to_svg(items)
    if suffix == ".svg":
        return svg.encode("utf-8")
    return to_pdf(svg, f"Freedom City Scorecard: {jurisdiction.legal_name}")
