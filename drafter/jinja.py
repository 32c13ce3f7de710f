"""The one sandboxed Jinja environment factory, with size and time limits.

Clause text is a template: lawyers may write `{{ jurisdiction.word }}`. The sandbox
blocks attribute escapes; on top of it we bound sizes (`'a' * 10**9`) and time
(nested loops), which Jinja's sandbox does not.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import ClauseError, Problem

MAX_OUTPUT_CHARS = 100_000    # one clause; the longest model rule is under 600 characters
MAX_SEQUENCE = 100_000        # longest string or list a template may build by * or +
MAX_EXPONENT = 64
MAX_INT_ARGUMENT = 100_000    # e.g. 'x'.center(10**9) or range(10**9)
RENDER_SECONDS = 2.0

# Filters a clause may use; the rest (center, indent, wordwrap, format, ...) are removed
# because they can build huge strings or format values past the sandbox.
SAFE_FILTERS = {
    "upper", "lower", "title", "capitalize", "trim", "join", "length", "count", "first",
    "last", "default", "d", "replace", "e", "escape", "string", "list", "sort", "unique",
    "select", "reject", "selectattr", "rejectattr", "map", "attribute", "int", "striptags",
}


def capitalize_first(text: str) -> str:
    """'the City Council' -> 'The City Council' (Jinja's capitalize lowers the rest)."""
    return text[:1].upper() + text[1:]


class TemplateLimitError(SecurityError):
    """A template tried to build something too large or ran too long."""


EMPTY_VALUE = "a value this text needs is empty"


def _refuse_none(value: Any) -> Any:
    if value is None:
        raise UndefinedError(f"{EMPTY_VALUE}; fill it in the profile or test it with {{% if %}}")
    return value


class DrafterSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, plus limits on the size of what a template builds."""

    intercepted_binops = frozenset({"*", "**", "+"})

    def call_binop(self, context, operator, left, right):
        if operator == "**":
            if isinstance(right, int) and abs(right) > MAX_EXPONENT:
                raise TemplateLimitError(f"exponent {right} is larger than {MAX_EXPONENT}")
            return left ** right
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
                    if len(seq) * times > MAX_SEQUENCE:
                        raise TemplateLimitError("the text would be larger than "
                                                 f"{MAX_SEQUENCE:,} characters")
            return left * right
        result = left + right
        if isinstance(result, (str, list, tuple)) and len(result) > MAX_SEQUENCE:
            raise TemplateLimitError(f"the text would be larger than {MAX_SEQUENCE:,} characters")
        return result

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT_ARGUMENT:
                raise TemplateLimitError(f"the number {value} is too large for a clause")
        return super().call(__context, __obj, *args, **kwargs)


def make_environment(*, autoescape: bool, loader: jinja2.BaseLoader | None = None) -> DrafterSandbox:
    """Build the sandboxed environment every template in drafter renders in.

    autoescape is on for HTML and Word XML, off for clause text (which is plain text that
    the renderers escape themselves).
    """
    env = DrafterSandbox(
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        finalize=_refuse_none,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        loader=loader,
    )
    env.filters = {name: f for name, f in env.filters.items() if name in SAFE_FILTERS}
    # Only documented names reach a template: range (capped by the sandbox) and our own.
    env.globals = {"range": env.globals["range"]}
    env.filters["capitalize_first"] = capitalize_first
    return env


_CLAUSE_ENV = make_environment(autoescape=False)

PLACEHOLDERS = {
    "[County/City/State]": "{{ jurisdiction.word }}",
    "[oversight entity]": "{{ jurisdiction.oversight_entity }}",
}


class _Timeout(BaseException):
    """Raised from the alarm; a BaseException so template code cannot swallow it."""


@contextmanager
def _time_limit(seconds: float):
    """Stop a runaway template. Signals work only in the main thread; elsewhere the
    size limits and Jinja's range cap still hold."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def _alarm(signum, frame):
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _template_line(exc: BaseException, filename: str) -> int | None:
    """The template line an error happened on, from Jinja's rewritten traceback."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render_text(source: str, context: dict[str, Any], *, filename: str, first_line: int = 1,
                field: str | None = None) -> str:
    """Render one clause or outline template to plain text, within the limits.

    `[County/City/State]` and `[oversight entity]`, the model text's placeholders, become
    variables first, so the model text can stay word for word in its file.
    """
    for placeholder, variable in PLACEHOLDERS.items():
        source = source.replace(placeholder, variable)
    offset = first_line - 1

    def problem(message: str, line: int | None) -> ClauseError:
        return ClauseError(Problem(message, file=filename,
                                   line=(line + offset) if line else None, field=field))

    try:
        code = _CLAUSE_ENV.compile(source, filename=filename)
        template = _CLAUSE_ENV.template_class.from_code(_CLAUSE_ENV, code, _CLAUSE_ENV.globals)
    except TemplateSyntaxError as exc:
        raise problem(f"template error: {exc.message}", exc.lineno) from None
    pieces: list[str] = []
    size = 0
    try:
        with _time_limit(RENDER_SECONDS):
            for piece in template.generate(**context):
                size += len(piece)
                if size > MAX_OUTPUT_CHARS:
                    raise TemplateLimitError(f"the text is longer than {MAX_OUTPUT_CHARS:,} characters")
                pieces.append(piece)
    except _Timeout:
        raise problem(f"the text took longer than {RENDER_SECONDS:g} seconds to fill in; "
                      "remove loops from the clause", None) from None
    except TemplateLimitError as exc:
        raise problem(f"refused: {exc}", _template_line(exc, filename)) from None
    except SecurityError as exc:
        raise problem(f"refused by the template sandbox: {exc}; clause text may only use the "
                      "documented variables", _template_line(exc, filename)) from None
    except UndefinedError as exc:
        message = exc.message or "undefined"
        if not message.startswith(EMPTY_VALUE):
            message = f"undefined variable: {message}; see `drafter list variables`"
        raise problem(message, _template_line(exc, filename)) from None
    except TemplateError as exc:
        raise problem(f"template error: {exc}", _template_line(exc, filename)) from None
    except RecursionError:
        raise problem("refused: the text calls itself without end (a macro that calls itself)",
                      None) from None
    except (TypeError, ValueError, ArithmeticError, AttributeError, LookupError, OverflowError) as exc:
        raise problem(f"template error: {exc}", _template_line(exc, filename)) from None
    return "".join(pieces)
