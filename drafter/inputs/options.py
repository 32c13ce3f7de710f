"""What a user can set for one drafting run, beyond the profile: the sender of letters,
the petition's sheets, the testimony's speaker. Passed in, never read inside a template."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..errors import ProfileError
from .jurisdiction import Address, Email, StrictModel, Text
from .validation import validate
from .yamlfile import load_yaml_file

if TYPE_CHECKING:
    from .status import StatusFile


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
    final: bool = False        # legislation without its DRAFT mark and drafting note
    language: str = "en"       # campaign papers: the catalog they are written from (--lang)
    also_in: tuple[str, ...] = ()   # --lang en,es: the papers' other languages
    courtesy: str = ""         # legislation: the language of a courtesy translation being built
    # What law enforcement said, held in memory (the web page's answers); None: the status
    # file beside the profile, as `drafter record` writes it.
    status: "StatusFile | None" = None
    line_numbers: bool = False  # legislation: number the lines, restarting each page
    date: dt.date | None = None               # the date printed on letters and the cover
    sender: Sender | None = None
    lines_per_sheet: int | None = None      # None: as many as fit on the sheet
    sheets: int = 1
    address_column: Literal["address", "zip", "ward"] = "address"
    contact_column: bool = False
    circulator: bool = False
    qr_url: str | None = None          # petition: a QR code to the online version
    attach_ordinance: bool = False
    speaker: str | None = None
    neighborhood: str | None = None
    agenda_item: str | None = None
    minutes: float = 3.0
    already_in_writing: tuple[str, ...] = ()   # --missing: rules left out, already in the code
    in_policy_only: tuple[str, ...] = ()       # --missing: rules kept, only in department policy
    # --state-safe: the state whose law the documents yield to, the rules left out because
    # it forbids them, and the laws that do
    state_safe: str = ""
    left_out_by_state_law: tuple[str, ...] = ()   # "the Judicial Warrant Rule", ...
    state_laws_forbidding: tuple[str, ...] = ()
