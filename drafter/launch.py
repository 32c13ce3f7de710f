"""The `drafter` command: a drafting command is handed to the warm process when this code
has one running (drafter.warm), else it runs here and starts one for the next command."""
from __future__ import annotations

import sys

# The commands that make PDFs: the ones the warm start is for. Other commands do not import
# drafter.warm at all.
WARM_COMMANDS = ("draft", "packet", "redline")


def run() -> None:
    """Console-script entry point (and `python -m drafter`)."""
    argv = sys.argv[1:]
    path = None
    if argv and argv[0] in WARM_COMMANDS:
        from . import warm
        from .errors import DrafterError, stopped

        try:
            path = warm.socket_path() if warm.wants_warm(argv) else None
        except DrafterError as exc:            # DRAFTER_WARM_SECONDS is not a number
            exc.show()
            sys.exit(exc.exit_code)
        if path is not None:
            try:
                code = warm.run_warm(argv, path)
            except KeyboardInterrupt:           # Ctrl-C before the command had started
                stopped()
            if code is not None:
                sys.exit(code)
    from .cli import run as run_here

    try:
        run_here()
    finally:
        if path is not None:
            warm.start()
