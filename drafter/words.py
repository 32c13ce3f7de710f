"""Small helpers for the words drafter writes, shared by every stage."""
from __future__ import annotations

import re

LAYOUT_SPACE = re.compile(r"[ \t\r\n]+")


def squash(text: str) -> str:
    """Join a template's lines into one paragraph; other spaces (e.g. no-break) are kept."""
    return LAYOUT_SPACE.sub(" ", text).strip()


def join_and(items: list[str], language: str = "en") -> str:
    """'a', 'a and b', 'a, b, and c' (the serial comma, as the model text uses it); in
    another language its own list pattern from Babel's CLDR data ('a, b y c')."""
    items = [i for i in items if i]
    if language != "en" and items:
        from babel.lists import format_list

        from .i18n import babel_locale

        return format_list(items, locale=babel_locale(language))
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def did_you_mean(value: str, known, form: str = "; did you mean {}?") -> str:
    """'; did you mean ordinance?' for a near miss ('ordnance'), else ''."""
    import difflib

    close = difflib.get_close_matches(str(value), [str(k) for k in known], n=1, cutoff=0.6)
    return form.format(close[0]) if close else ""
