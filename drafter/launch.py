"""The `drafter` command: a drafting command is handed to the warm process when this code
has one running (drafter.warm), else it runs here and starts one for the next command."""
from __future__ import annotations

import sys


def run() -> None:
    """Console-script entry point (and `python -m drafter`)."""
    from . import warm
    from .errors import DrafterError

    argv = sys.argv[1:]
    warmed = False
    if warm.wants_warm(argv):
        try:
            warmed = warm.socket_path() is not None
        except DrafterError as exc:            # DRAFTER_WARM_SECONDS is not a number
            exc.show()
            sys.exit(exc.exit_code)
    if warmed:
        try:
            code = warm.run_warm(argv)
        except KeyboardInterrupt:           # Ctrl-C before the command had started
            print("stopped", file=sys.stderr)
            sys.exit(130)
        if code is not None:
            sys.exit(code)
    from .cli import run as run_here

    try:
        run_here()
    finally:
        if warmed:
            warm.start()
