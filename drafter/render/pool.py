"""Both cores for one run: PDFs rendered by helper processes started before the drafts exist.

Importing WeasyPrint takes about 0.45 s and a PDF page about 50 ms to lay out and write, so
a cold `drafter packet` spent most of its time on one core. A command opens
`helpers(count)` first thing: the helpers are forked then, and each imports WeasyPrint and
loads the fonts while the command reads the profile and builds the drafts. `render_many`
sends each PDF to a helper (longest first) and renders the DOCX, Markdown and XML itself
meanwhile, so a run takes about as long as its share of the PDFs. Outside the block (the
API, batch workers, the web page's own workers) everything renders in process; either way
the bytes are the same. A helper that dies (killed, out of memory) is not waited for: its
work is done again in process.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from ..document import Draft

_executor = None          # a ProcessPoolExecutor of warmed helpers, inside helpers()


def _warm() -> None:
    """In each helper: import WeasyPrint and load the fonts before the first task comes."""
    import gc
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)      # Ctrl-C is the parent's to handle
    from .pdf import warm_up

    warm_up()
    gc.freeze()     # what is loaded stays: collections need not scan it again


def _started() -> None:
    """The first task: submitting it makes the executor fork its helpers now."""


@contextmanager
def helpers(count: int):
    """Render PDFs in `count` helper processes, forked now, until the block ends."""
    global _executor
    if count < 1 or os.name != "posix" or _executor is not None:
        yield
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    executor = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_warm)
    executor.submit(_started)
    _executor = executor
    try:
        yield
    finally:
        _executor = None
        # Helpers still loading (the input was refused before any PDF) are not waited for.
        for process in list(getattr(executor, "_processes", {}).values()):
            process.terminate()
        executor.shutdown(wait=True, cancel_futures=True)


class _Done:
    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


class _Retry:
    """A helper's result; if the helper died, the same work done in process."""

    def __init__(self, future, function, args, kwargs):
        self.future, self.call = future, (function, args, kwargs)

    def result(self):
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self.future.result()
        except BrokenProcessPool:
            function, args, kwargs = self.call
            return function(*args, **kwargs)


def run(function, *args, **kwargs):
    """function(*args, **kwargs) in a helper when there are any (for WeasyPrint work the
    parent has not loaded), else here. Returns a handle: .result() is the value."""
    if _executor is not None:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return _Retry(_executor.submit(function, *args, **kwargs), function, args, kwargs)
        except BrokenProcessPool:
            pass
    return _Done(function(*args, **kwargs))


def _cost(draft: Draft) -> int:
    """Rough work of a PDF, to send the longest first."""
    return len(draft.blocks)


def render_many(tasks: list[tuple[Draft, str]], templates: tuple[Path, ...] = ()) -> list[bytes]:
    """The bytes of each (draft, format), in order: PDFs in the helpers when there are
    any, everything else here while they work."""
    from . import render_bytes

    templates = tuple(templates)
    results: list = [None] * len(tasks)
    if _executor is not None:
        from .html import render_html
        from .pdf import html_to_pdf

        for index in sorted((i for i, (_, fmt) in enumerate(tasks) if fmt == "pdf"),
                            key=lambda i: -_cost(tasks[i][0])):
            draft = tasks[index][0]
            # The page's HTML is made here, where Jinja is loaded already: the helper only
            # lays it out and writes it, as render_pdf does.
            results[index] = run(html_to_pdf, render_html(draft, templates),
                                 identifier=draft.jurisdiction_slug)
    for index, (draft, fmt) in enumerate(tasks):
        if results[index] is None:
            results[index] = _Done(render_bytes(draft, fmt, templates))
    return [result.result() for result in results]
