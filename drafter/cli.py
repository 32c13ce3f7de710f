"""The command line: `drafter` and `python -m drafter`. Each command lives in
drafter/commands/ and only parses options and calls the public API."""
from __future__ import annotations

import gc
import logging

import click

from . import __version__
from .commands.batch import batch, doctor
from .commands.drafting import draft, packet, redline
from .commands.init import init
from .commands.library import check, clause, list_, which
from .commands.tracking import record, status
from .commands.web import serve
from .errors import stopped


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="drafter")
def main() -> None:
    """Draft a Freedom City campaign's papers from the ACLU's nine model rules.

    \b
    Quick start:
      drafter init my-city.yaml          answer a few questions about your city
      drafter check my-city.yaml         see every derived word before you draft
      drafter draft ordinance -j my-city.yaml
      drafter packet -j my-city.yaml     every document, one PDF, one zip
      drafter serve                      the same from a web page

    Drafting help, not legal advice: have a lawyer review what you hand a council.
    """
    # WeasyPrint's own warnings are for developers (the tests fail on any of them).
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)



for command in (init, draft, packet, redline, check, list_, which, clause, record, status, batch,
                doctor, serve):
    main.add_command(command)


def run(prog_name: str | None = None) -> None:
    """Console-script entry point; `prog_name` is the name usage lines give (click's own
    guess from how Python was started, when None)."""
    try:
        main(standalone_mode=True, prog_name=prog_name)
    except KeyboardInterrupt:
        stopped()
    finally:
        # About to exit: spare the interpreter's last collection over every object it
        # loaded (0.1 s of a 1 s `drafter draft`); the memory is returned all the same.
        gc.freeze()
