"""The one date formatter: Babel's, so a date reads as the reader's language writes it
("November 26, 2026"; "26 de noviembre de 2026" once a Spanish catalog exists) and no
platform-specific strftime code (`%-d` fails on Windows) is needed."""
from __future__ import annotations

import datetime as dt


def long_date(date: dt.date, locale: str = "en_US") -> str:
    from babel.dates import format_date  # imported when a date is printed

    return format_date(date, format="long", locale=locale)
