"""The sender of letters (a `--from` profile), and what prepare() resolves for the papers
from a Request. Passed in, never read inside a template."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..errors import ProfileError
from .jurisdiction import Address, Email, StrictModel, Text
from .validation import validate
from .yamlfile import load_yaml_file


class Sender(StrictModel):
    """Who signs the letters: a `--from` sender profile."""

    group: Text
    contact: Text
    address: Address | None = None
    email: Email | None = None
    phone: Text | None = None
    title: Text | None = None          # the contact's role in the group, e.g. Coordinator


def load_sender(path: Path) -> Sender:
    data, lines = load_yaml_file(path)
    return validate(Sender, data, lines=lines, source=str(path), error=ProfileError)


@dataclass(frozen=True)
class DraftOptions:
    """What prepare() resolves or derives for the papers from a Request (what was asked,
    the petition's sheets, the speaker, ..., builders read from `job.request`)."""

    language: str = "en"       # campaign papers: the catalog they are written from (--lang)
    also_in: tuple[str, ...] = ()   # --lang en,es: the papers' other languages
    courtesy: str = ""         # legislation: the language of a courtesy translation being built
    date: dt.date | None = None               # the date printed on letters and the cover
    sender: Sender | None = None               # --from, read
    already_in_writing: tuple[str, ...] = ()   # --missing: rules left out, already in the code
    in_policy_only: tuple[str, ...] = ()       # --missing: rules kept, only in department policy
    # --state-safe: the state whose law the documents yield to, the rules left out because
    # it forbids them, and the laws that do
    state_safe: str = ""
    left_out_by_state_law: tuple[str, ...] = ()   # "the Judicial Warrant Rule", ...
    state_laws_forbidding: tuple[str, ...] = ()
    # ... and the rules kept that it narrows, each with the subsections that do
    limited_by_state_law: tuple[tuple[str, tuple[str, ...]], ...] = ()
