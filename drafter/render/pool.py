"""Both cores for one run: PDFs rendered by helper processes started before the drafts exist.

Importing WeasyPrint takes about 0.45 s and a PDF page about 40 ms to lay out and write, so
a cold `drafter packet` spent most of its time on one core. A command opens
`helpers(count)` first thing: one process is forked then, loads WeasyPrint and the fonts
while the command reads the profile and builds the drafts, and forks the other helpers
from itself once loaded (so two helpers cost one import). `render_many` sends each PDF to a
helper (longest first) and renders the DOCX, Markdown and XML itself meanwhile, so a run
takes about as long as its share of the PDFs. Outside the block (the API, batch workers,
the web page's own workers) everything renders in process; either way the bytes are the
same. A helper that dies (killed, out of memory) is not waited for: its work is done again
in process.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from ..document import Draft

_helpers = None          # the _Helpers of the open helpers() block


class HelperDied(Exception):
    """A helper process ended before answering."""


def end_with_parent(parent: int) -> None:
    """On Linux, end this process when the process that started it (`parent`, its pid)
    ends, even by `kill -9`: no helper or worker outlives the command or server it serves."""
    if os.uname().sysname != "Linux":
        return
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    if os.getppid() != parent:         # it ended before we asked
        os.kill(os.getpid(), signal.SIGTERM)


def _forget(connection, parent: int) -> None:
    """In each helper the first one forks: close the parent's line, so only the first
    helper holds it, and end when the first helper ends, even if it is killed."""
    connection.close()
    end_with_parent(parent)


def _first_helper(line, parents_end, count: int, parent: int) -> None:
    """The first helper: load WeasyPrint and the fonts, fork the others from itself, then
    pass each task from the parent to a free helper and each answer back. It ends with
    its parent, even in the middle of a task: waiting for its own helpers to finish could
    wait for ever on an answer one of them was stopped while sending."""
    import gc
    import signal
    import threading
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial
    from multiprocessing import get_context

    signal.signal(signal.SIGINT, signal.SIG_IGN)      # Ctrl-C is the parent's to handle
    end_with_parent(parent)
    parents_end.close()
    from .pdf import warm_up

    warm_up()
    gc.freeze()     # what is loaded stays: collections need not scan it again
    if count == 1:      # one helper: this one, no second fork and no hop between threads
        for task, function, args, kwargs in _tasks(line):
            if not _send(line, _reply(task, partial(function, *args, **kwargs))):
                return
        return
    workers = ProcessPoolExecutor(count, mp_context=get_context("fork"), initializer=_forget,
                                  initargs=(line, os.getpid()))
    workers.submit(int).result()                      # forked now, loaded
    sending = threading.Lock()

    def answer(task: int, future) -> None:
        with sending:
            _send(line, _reply(task, future.result))

    try:
        for task, function, args, kwargs in _tasks(line):
            workers.submit(function, *args, **kwargs).add_done_callback(partial(answer, task))
    finally:
        for process in list(getattr(workers, "_processes", {}).values()):
            process.terminate()
        workers.shutdown(wait=True, cancel_futures=True)


def _tasks(line):
    """The parent's tasks as they come, until it says stop (None) or goes."""
    while True:
        try:
            message = line.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        yield message


def _send(line, reply: tuple) -> bool:
    """Send an answer to the parent; False when the parent has gone (killed, or ended by a
    signal): there is nobody to answer, and nothing to say on its terminal."""
    try:
        line.send(reply)
        return True
    except OSError:
        return False


def _reply(task: int, call) -> tuple:
    """(task, True, value) or (task, False, the exception), for the parent to re-raise."""
    try:
        return task, True, call()
    except BaseException as exc:                 # noqa: BLE001 -- the parent re-raises it
        return task, False, exc


class _Helpers:
    def __init__(self, count: int):
        from multiprocessing import get_context

        context = get_context("fork")
        self.line, far_end = context.Pipe()
        # Not a daemon: daemons cannot fork. It ends when the line closes (helpers() closes
        # it), or with this process, even in the middle of a task (_first_helper).
        self.first = context.Process(target=_first_helper,
                                     args=(far_end, self.line, count, os.getpid()))
        self.first.start()
        far_end.close()
        self.answers: dict[int, tuple[bool, object]] = {}
        self.sent = 0
        self.dead = False

    def submit(self, function, args, kwargs) -> int:
        if self.dead:
            raise HelperDied()
        self.sent += 1
        try:
            self.line.send((self.sent, function, args, kwargs))
        except OSError:
            self.dead = True
            raise HelperDied() from None
        return self.sent

    def answer(self, task: int):
        while task not in self.answers:
            if self.dead:
                raise HelperDied()
            if not self.line.poll(0.5):
                if not self.first.is_alive():
                    self.dead = True
                continue
            try:
                received, ok, value = self.line.recv()
            except (EOFError, OSError):
                self.dead = True
                continue
            self.answers[received] = (ok, value)
        ok, value = self.answers.pop(task)
        if ok:
            return value
        raise value

    def close(self) -> None:
        """Ask the helpers to end; one still loading WeasyPrint (the input was refused
        before any PDF) is stopped instead of waited for."""
        try:
            self.line.send(None)
        except OSError:
            pass
        self.first.join(timeout=0.2)
        if self.first.is_alive():
            self.first.terminate()
            self.first.join(timeout=2)
        if self.first.is_alive():
            self.first.kill()
        self.line.close()


@contextmanager
def helpers(count: int):
    """Render PDFs in `count` helper processes, started now, until the block ends."""
    global _helpers
    if count < 1 or os.name != "posix" or _helpers is not None:
        yield
        return
    _helpers = _Helpers(count)
    try:
        yield
    finally:
        started, _helpers = _helpers, None
        started.close()


class _Result:
    """What run() returns: .result() is the value, from a helper or made here."""

    def __init__(self, function, args, kwargs):
        self.call = (function, args, kwargs)
        self.helpers, self.task = _helpers, None
        if self.helpers is not None:
            try:
                self.task = self.helpers.submit(function, args, kwargs)
            except HelperDied:
                self.task = None
        if self.task is None:
            self.value = function(*args, **kwargs)

    def result(self):
        if self.task is None:
            return self.value
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self.helpers.answer(self.task)
        except (HelperDied, BrokenProcessPool):     # its work, done again here
            function, args, kwargs = self.call
            return function(*args, **kwargs)


def run(function, *args, **kwargs) -> _Result:
    """function(*args, **kwargs) in a helper when there are any (for WeasyPrint work the
    parent has not loaded), else here. The function and its arguments must be picklable
    and importable from drafter.render (a helper has loaded only that)."""
    return _Result(function, args, kwargs)


def _cost(draft: Draft) -> int:
    """Rough work of a PDF, to send the longest first."""
    return len(draft.blocks)


def render_many(tasks: list[tuple[Draft, str]], templates: tuple[Path, ...] = ()) -> list[bytes]:
    """The bytes of each (draft, format), in order: PDFs in the helpers when there are
    any, everything else here while they work."""
    from . import render_bytes

    templates = tuple(templates)
    results: list = [None] * len(tasks)
    if _helpers is not None:
        from .html import render_html
        from .pdf import html_to_pdf

        for index in sorted((i for i, (_, fmt) in enumerate(tasks) if fmt == "pdf"),
                            key=lambda i: -_cost(tasks[i][0])):
            draft = tasks[index][0]
            # The page's HTML is made here, where Jinja is loaded already: the helper only
            # lays it out and writes it, as render_pdf does.
            results[index] = run(html_to_pdf, render_html(draft, templates),
                                 identifier=draft.jurisdiction_slug, document=draft.stem)
    for index, (draft, fmt) in enumerate(tasks):
        if results[index] is None:
            results[index] = render_bytes(draft, fmt, templates)
    return [r.result() if isinstance(r, _Result) else r for r in results]
