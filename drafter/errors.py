"""One error tree: every problem a user can fix names its file, line and field."""
from __future__ import annotations

from dataclasses import dataclass

import click


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, and where."""

    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None
    # What kind of problem it is, when a field can have several the web page words
    # differently ("missing", "nothing-left"); the page's words are chosen by field and kind.
    kind: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "") + ": "
        if self.field:
            where += f"{self.field}: "
        return where + self.message


class DrafterError(click.ClickException):
    """Bad input: printed one line per problem, exit code 1, never a traceback."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):
        # Intact through a process pool: a PDF helper's error reaches the user unchanged.
        return type(self), (self.problems,)

    def show(self, file=None) -> None:
        for problem in self.problems:
            click.echo(f"error: {problem}", err=True)


def stopped():
    """Ctrl-C: say so in a word, and exit as an interrupted program does (130)."""
    import sys

    click.echo("stopped", err=True)
    sys.exit(130)


class ProfileError(DrafterError):
    """A jurisdiction profile is invalid."""


class ClauseError(DrafterError):
    """A clause file or document outline is invalid, or failed to render."""


class SelectionError(DrafterError):
    """The rules or document asked for do not exist or do not fit the profile."""


class OutputError(DrafterError):
    """An output file could not be written."""
