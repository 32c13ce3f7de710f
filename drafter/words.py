"""Small helpers for the words drafter writes, shared by every stage."""
from __future__ import annotations


def join_and(items: list[str]) -> str:
    """'a', 'a and b', 'a, b, and c' (the serial comma, as the model text uses it)."""
    items = [i for i in items if i]
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]
