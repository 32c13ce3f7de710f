"""The one sandboxed Jinja environment factory, with an allowlist and size and time limits.

Clause text is a template: lawyers may write `{{ jurisdiction.word }}`, and clause folders
are passed around, so a clause file is untrusted input. Three layers keep it harmless:

1. Templates see plain data only (see `drafter.plain`): strings, numbers, tuples and
   read-only mappings, never a model, a path or an object with methods.
2. The sandbox is an allowlist: a template may read mapping keys, a few string methods and
   Jinja's loop variables, and call only those string methods, our documented helpers,
   `range` and macros. Anything else is refused, so a new field cannot reopen a hole.
3. Sizes are checked *before* a value is built (`*`, `+`, `~`, `join`, `replace`, ...), and
   everything a clause builds, discarded pieces included, is counted against a budget,
   so memory runs out for the template long before it runs out for the machine. A timer
   stops endless loops.
"""
from __future__ import annotations

import functools
import signal
import threading
import time
import types
from collections.abc import Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Callable

import jinja2
from jinja2.compiler import CodeGenerator, optimizeconst
from jinja2.exceptions import SecurityError, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.runtime import LoopContext, Macro, Undefined, markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range

from .errors import ClauseError, Problem
from .plain import TemplateHelper, is_plain

MAX_OUTPUT_CHARS = 100_000    # one clause; the longest model rule is under 600 characters
MAX_SEQUENCE = 100_000        # longest string or list one operation may build
MAX_BUILT_CHARS = 2_000_000   # all a clause may build in one rendering, discarded pieces included
BUFFER_PIECE_COST = 16        # what one captured piece costs beyond its characters
ITEM_COST = 32                # what one item of a built list costs (its memory, in bytes)
MAX_EXPONENT = 64
MAX_INT_ARGUMENT = 100_000    # e.g. 'x'.center(10**9) or range(10**9)
RENDER_SECONDS = 2.0

# Filters a clause may use; the rest (center, indent, wordwrap, format, attr, ...) are
# removed because they build huge strings or reach attributes past the sandbox.
SAFE_FILTERS = {
    "upper", "lower", "title", "capitalize", "trim", "join", "length", "count", "first",
    "last", "default", "d", "replace", "e", "escape", "string", "list", "sort", "unique",
    "select", "reject", "selectattr", "rejectattr", "map", "int", "striptags",
}
# String methods a template may read and call: each returns at most its string's size,
# except replace and join, which are checked before they run.
SAFE_STR_METHODS = frozenset({
    "upper", "lower", "title", "capitalize", "casefold", "swapcase", "strip", "lstrip",
    "rstrip", "startswith", "endswith", "split", "rsplit", "splitlines", "partition",
    "rpartition", "removeprefix", "removesuffix", "count", "find", "rfind", "index",
    "rindex", "isdigit", "isalpha", "isalnum", "isnumeric", "isspace", "isupper",
    "islower", "istitle", "replace", "join",
})
SAFE_MAPPING_METHODS = frozenset({"items", "keys", "values", "get"})
LOOP_ATTRIBUTES = frozenset({"index", "index0", "revindex", "revindex0", "first", "last",
                             "length", "depth", "depth0", "previtem", "nextitem", "cycle",
                             "changed"})


def capitalize_first(text: str) -> str:
    """'the City Council' -> 'The City Council' (Jinja's capitalize lowers the rest)."""
    return text[:1].upper() + text[1:]


class TemplateLimitError(SecurityError):
    """A template tried to build something too large or ran too long."""


EMPTY_VALUE = "a value this text needs is empty"


def _finalize(value: Any) -> Any:
    """Every `{{ ... }}`: refuse None, and a list too long to print before it is printed."""
    if value is None:
        raise UndefinedError(f"{EMPTY_VALUE}; fill it in the profile or test it with {{% if %}}")
    if not isinstance(value, str):
        _reserve(_text_size(value))
    return value


class _Undefined(jinja2.StrictUndefined):
    """StrictUndefined whose message speaks of fields, not of Python's mapping type."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint is None and isinstance(self._undefined_obj, Mapping):
            return f"{self._undefined_name!r} is not one of the fields here"
        return super()._undefined_message


# -- sizes ---------------------------------------------------------------------------------
class _Budget:
    __slots__ = ("size", "left", "output")

    def __init__(self, size: int, output: int):
        self.size = self.left = size
        self.output = output     # the most one captured piece (a macro's output) may hold


# Set while a template renders (render_limited); None outside, for our own Python code.
_BUDGET: ContextVar[_Budget | None] = ContextVar("drafter_template_budget", default=None)


def _charge(size: int) -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.left -= size
        if budget.left < 0:
            raise TemplateLimitError(f"the text builds more than {budget.size:,} characters "
                                     "in all")


def _reserve(size: int, items: bool = False) -> None:
    """Refuse, before it is built, one value of `size` characters (or list `items`)."""
    if size > MAX_SEQUENCE:
        raise TemplateLimitError(f"the text would be larger than {MAX_SEQUENCE:,} characters")
    _charge(size * ITEM_COST if items else size)


def _text_size(value: Any, limit: int = MAX_SEQUENCE) -> int:
    """How long str(value) would be, found without building it (stops counting past limit)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (list, tuple, Mapping)):
        total = 2
        for item in (value.items() if isinstance(value, Mapping) else value):
            total += _text_size(item, limit) + 2
            if total > limit:
                break
        return total
    return len(str(value))   # numbers, booleans, None: short


def _size(value: Any) -> int:
    """What a built value costs the budget: a character 1, a list item ITEM_COST."""
    if isinstance(value, str):
        return len(value)
    return len(value) * ITEM_COST if isinstance(value, (list, tuple)) else 0


def _replaced_size(text: str, old: str, new: str, count: int | None = None) -> int:
    hits = (len(text) + 1) if not old else text.count(old)
    if count is not None and count >= 0:
        hits = min(hits, count)
    return len(text) + hits * (len(new) - len(old))


def _joined(items: list, separator: str) -> int:
    return sum(_text_size(item) for item in items) + len(separator) * max(len(items) - 1, 0)


class _BoundedBuffer(list):
    """What a macro, `{% set %}` block or filter block captures, counted as it grows."""

    __slots__ = ()

    def append(self, piece):
        _charge(len(piece) + BUFFER_PIECE_COST if isinstance(piece, str) else BUFFER_PIECE_COST)
        super().append(piece)

    def extend(self, pieces):
        for piece in pieces:
            self.append(piece)


def _bounded_concat(pieces) -> str:
    """environment.concat: joins captured output; within a clause, checked first."""
    pieces = list(pieces)
    budget = _BUDGET.get()
    if budget is not None:
        total = sum(len(p) for p in pieces)
        if total > budget.output:
            raise TemplateLimitError(f"the text is longer than {budget.output:,} characters")
        _charge(total)
    return "".join(pieces)


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's compiler with two hooks: `~` and captured output go through our checks."""

    def buffer(self, frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.new_buffer()")

    @optimizeconst
    def visit_Concat(self, node, frame) -> None:
        autoescape = ("context.eval_ctx.autoescape" if frame.eval_ctx.volatile
                      else repr(bool(frame.eval_ctx.autoescape)))
        self.write("environment.concat_operands((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write(f"), {autoescape})")


def _bounded_filter(name: str, function):
    """A built-in filter that checks sizes: before it runs where it can grow its input."""
    if name == "join":
        def check(eval_ctx, value, d="", attribute=None):
            items = list(value)
            if attribute is None:
                _reserve(_joined(items, d))
            return function(eval_ctx, items, d, attribute)
    elif name == "string":
        def check(value):
            _reserve(_text_size(value))
            return function(value)
    elif name == "replace":
        def check(eval_ctx, s, old, new, count=None):
            _reserve(_replaced_size(str(s), str(old), str(new), count))
            return function(eval_ctx, s, old, new, count)
    else:
        def check(*args, **kwargs):
            result = function(*args, **kwargs)
            _charge(_size(result))
            return result
    return functools.update_wrapper(check, function)   # keeps Jinja's pass_* marker


# -- the environment ----------------------------------------------------------------------
class DrafterSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox turned into an allowlist, plus limits on sizes."""

    code_generator_class = _BoundedCodeGenerator
    concat = staticmethod(_bounded_concat)
    new_buffer = _BoundedBuffer
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr.startswith("_"):
            return False
        if isinstance(obj, str):
            return attr in SAFE_STR_METHODS
        if isinstance(obj, Mapping):
            return attr in SAFE_MAPPING_METHODS
        if isinstance(obj, LoopContext):
            return attr in LOOP_ATTRIBUTES
        return False

    def is_safe_callable(self, obj: Any) -> bool:
        if isinstance(obj, (TemplateHelper, Macro, LoopContext, Undefined)) or obj is safe_range:
            return True   # Undefined: calling it raises the usual "undefined" error
        if isinstance(obj, (types.BuiltinMethodType, types.MethodType)):
            owner, name = obj.__self__, obj.__name__
            return ((isinstance(owner, str) and name in SAFE_STR_METHODS)
                    or (isinstance(owner, Mapping) and name in SAFE_MAPPING_METHODS)
                    or (isinstance(owner, LoopContext) and name in ("cycle", "changed")))
        return False

    def getattr(self, obj: Any, attribute: str) -> Any:
        # In plain data a key wins over a mapping method: `block.items` is the block's items.
        if isinstance(obj, Mapping) and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)

    def wrap_str_format(self, value: Any) -> None:
        # Jinja hands out a sandboxed str.format before asking is_safe_attribute; we allow
        # no formatting at all (it reaches attributes and builds strings of any width).
        return None

    def concat_operands(self, values: tuple, autoescape: bool) -> str:
        """The `~` operator, its size checked first."""
        _reserve(sum(_text_size(v) for v in values))
        return markup_join(values) if autoescape else str_join(values)

    def call_binop(self, context, operator, left, right):
        if operator == "**":
            if isinstance(right, int) and abs(right) > MAX_EXPONENT:
                raise TemplateLimitError(f"exponent {right} is larger than {MAX_EXPONENT}")
            return left ** right
        if operator == "%":
            if isinstance(left, str):
                raise SecurityError("formatting text with % is not allowed; join text with ~")
            return left % right
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
                    _reserve(len(seq) * max(times, 0), items=not isinstance(seq, str))
            return left * right
        if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            _reserve(len(left) + len(right), items=not isinstance(left, str))
        return left + right

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT_ARGUMENT:
                raise TemplateLimitError(f"the number {value} is too large for a template")
        if not __self.is_safe_callable(__obj):
            raise SecurityError(f"{getattr(__obj, '__name__', type(__obj).__name__)!r} cannot be "
                                "called from a template")
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            if __obj.__name__ == "replace":
                _reserve(_replaced_size(owner, *[str(a) for a in args[:2]],
                                        *(args[2:3] or [None])))
            elif __obj.__name__ == "join" and args:
                args = (list(args[0]), *args[1:])
                _reserve(_joined(args[0], owner))
            else:
                _charge(len(owner))
        result = __context.call(__obj, *args, **kwargs)
        if isinstance(__obj, TemplateHelper) or isinstance(result, (list, tuple)):
            _charge(_size(result))        # split, splitlines, partition: a list's items too
        return result


def make_environment(*, autoescape: bool, loader: jinja2.BaseLoader | None = None) -> DrafterSandbox:
    """Build the sandboxed environment every template in drafter renders in.

    autoescape is on for HTML and Word XML, off for clause text (which is plain text that
    the renderers escape themselves).
    """
    env = DrafterSandbox(
        autoescape=autoescape,
        undefined=_Undefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        loader=loader,
    )
    env.filters = {name: _bounded_filter(name, f) for name, f in env.filters.items()
                   if name in SAFE_FILTERS}
    # Only documented names reach a template: range (capped by the sandbox) and our own.
    env.globals = {"range": safe_range}
    env.filters["capitalize_first"] = _bounded_filter("capitalize_first", capitalize_first)
    return env


_CLAUSE_ENV = make_environment(autoescape=False)

PLACEHOLDERS = {
    "[County/City/State]": "{{ jurisdiction.word }}",
    "[oversight entity]": "{{ jurisdiction.oversight_entity }}",
}


class Timeout(BaseException):
    """Raised from the alarm; a BaseException so template code cannot swallow it. `owner`
    is the time limit that ran out, so an outer limit (a batch row's) passes through an
    inner one (a clause's) to the code that set it."""

    def __init__(self, owner: object):
        super().__init__()
        self.owner = owner


class TimeLimit:
    """A nestable time limit on the main thread: `with TimeLimit(2.0) as limit:` raises
    Timeout(limit) when the time is up; inner limits never outlast the outer ones.

    Signals work only in the main thread; elsewhere the size limits and Jinja's range cap
    still hold. Every process drafter renders in (the CLI, its render helpers, batch and web
    workers) renders on its main thread."""

    _open: list["TimeLimit"] = []

    # Python drops an exception raised where it cannot go (a __del__, a C library's
    # callback), so a limit that ran out raises again this often until its block ends.
    REMINDER_SECONDS = 0.5

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.active = False

    def __enter__(self) -> "TimeLimit":
        if threading.current_thread() is not threading.main_thread() or \
                not hasattr(signal, "setitimer"):
            return self
        self.active = True
        self.deadline = time.monotonic() + self.seconds
        if not TimeLimit._open:
            self.previous = signal.signal(signal.SIGALRM, TimeLimit._alarm)
        TimeLimit._open.append(self)
        TimeLimit._arm()
        return self

    def __exit__(self, *exc) -> None:
        if not self.active:
            return
        TimeLimit._open.remove(self)
        if TimeLimit._open:
            TimeLimit._arm()
        else:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)

    @staticmethod
    def _arm() -> None:
        soonest = min(limit.deadline for limit in TimeLimit._open)
        signal.setitimer(signal.ITIMER_REAL, max(soonest - time.monotonic(), 0.001))

    @staticmethod
    def _alarm(signum, frame) -> None:
        now = time.monotonic()
        expired = [limit for limit in TimeLimit._open if limit.deadline <= now]
        if not expired:                 # woken early: wait for the soonest deadline
            TimeLimit._arm()
            return
        for limit in expired:
            limit.deadline = now + TimeLimit.REMINDER_SECONDS
        TimeLimit._arm()
        raise Timeout(expired[0])      # the outermost one that ran out


@functools.lru_cache(maxsize=2048)
def _compiled(source: str, filename: str) -> jinja2.Template:
    """A clause's compiled template, once per process (a draft renders each clause many
    times; a source that fails to compile raises every time, as it is not cached)."""
    code = _CLAUSE_ENV.compile(source, filename=filename)
    return _CLAUSE_ENV.template_class.from_code(_CLAUSE_ENV, code, _CLAUSE_ENV.globals)


def _template_line(exc: BaseException, filename: str) -> tuple[str, int | None] | None:
    """The template file and line an error happened on, from Jinja's rewritten traceback
    (the innermost template frame: an included page template names itself)."""
    tb = exc.__traceback__
    where = None
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals or \
                tb.tb_frame.f_code.co_filename == filename:
            where = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return where


@dataclass(frozen=True)
class Limits:
    """How much one rendering may print, build and take. Clauses and page templates alike
    come from folders anyone may share; a page is larger, so its numbers are."""

    output_chars: int
    built_chars: int
    seconds: float
    what: str            # "clause", "page template": for messages


CLAUSE_LIMITS = Limits(MAX_OUTPUT_CHARS, MAX_BUILT_CHARS, RENDER_SECONDS, "clause")
# A packet's longest page (the petition with 50 signature sheets) is about 400,000
# characters of HTML and takes under a second.
PAGE_LIMITS = Limits(4_000_000, 40_000_000, 20.0, "page template")


def render_text(source: str, context: dict[str, Any], *, filename: str, first_line: int = 1,
                field: str | None = None) -> str:
    """Render one clause or outline template to plain text, within the limits.

    `[County/City/State]` and `[oversight entity]`, the model text's placeholders, become
    variables first, so the model text can stay word for word in its file.
    """
    for placeholder, variable in PLACEHOLDERS.items():
        source = source.replace(placeholder, variable)
    return render_limited(lambda: _compiled(source, filename), context, filename=filename,
                          first_line=first_line, field=field, limits=CLAUSE_LIMITS)


def render_limited(template: Callable[[], jinja2.Template], context: dict[str, Any], *,
                   filename: str, limits: Limits, first_line: int = 1,
                   field: str | None = None) -> str:
    """Load (compile) and render a template within `limits`; every failure becomes a
    ClauseError naming the file and line, never a traceback."""
    if not all(is_plain(value) for value in context.values()):
        raise TypeError("a template context must hold plain data only (drafter.plain)")
    pieces: list[str] = []
    size = 0
    with within_limits(filename, limits, first_line=first_line, field=field) as where:
        loaded = template()
        where.filename = loaded.filename or filename
        for piece in loaded.generate(**context):
            size += len(piece)
            if size > limits.output_chars:
                raise TemplateLimitError(f"the text is longer than {limits.output_chars:,} "
                                         "characters")
            pieces.append(piece)
    return "".join(pieces)


class _Where:
    """The file a rendering's problems are reported against (set once it is found)."""

    def __init__(self, filename: str):
        self.filename = filename


@contextmanager
def within_limits(filename: str, limits: Limits, *, first_line: int = 1,
                  field: str | None = None):
    """Compile and render templates (ours, docxtpl's) inside the size budget and time limit
    of `limits`; every failure becomes a ClauseError naming the file and line."""
    offset = first_line - 1
    what = limits.what
    where = _Where(filename)

    def problem(message: str, found: tuple[str, int | None] | None = None) -> ClauseError:
        file, line = found or (where.filename, None)
        if not file or file.startswith("<"):      # "<template>": a template from a string
            file = where.filename
        shift = offset if file == filename else 0
        return ClauseError(Problem(message, file=file,
                                   line=(line + shift) if line else None, field=field))

    budget = _BUDGET.set(_Budget(limits.built_chars, limits.output_chars))
    try:
        with TimeLimit(limits.seconds) as limit:
            try:
                yield where
            except Timeout as exc:
                if exc.owner is not limit:
                    raise                  # an outer limit's (a batch row's): not ours
                raise problem(f"the {what} took longer than {limits.seconds:g} seconds to "
                              "fill in; remove loops from it") from None
    except TemplateSyntaxError as exc:
        raise problem(f"template error: {exc.message}",
                      (exc.filename or filename, exc.lineno)) from None
    except SyntaxError as exc:       # Python's own limits, e.g. more than 20 nested blocks
        if type(exc) is not SyntaxError:      # lxml's XMLSyntaxError: not a template's
            raise
        raise problem(f"refused: the {what} nests too deeply for a template ({exc.msg}); "
                      "use fewer nested {% for %} and {% if %} blocks",
                      (exc.filename or filename, None)) from None
    except TemplateLimitError as exc:
        raise problem(f"refused: {exc}", _template_line(exc, filename)) from None
    except SecurityError as exc:
        raise problem(f"refused by the template sandbox: {str(exc).rstrip('.')}; a {what} may "
                      "only use the "
                      "documented variables", _template_line(exc, filename)) from None
    except UndefinedError as exc:
        message = exc.message or "undefined"
        if not message.startswith(EMPTY_VALUE):
            message = f"undefined variable: {message}; see `drafter list variables`"
        raise problem(message, _template_line(exc, filename)) from None
    except jinja2.TemplateNotFound as exc:
        raise problem(f"template error: no template {exc.name!r} in the template folders",
                      _template_line(exc, filename)) from None
    except TemplateError as exc:
        raise problem(f"template error: {exc}", _template_line(exc, filename)) from None
    except RecursionError:
        raise problem(f"refused: the {what} nests too deeply or calls itself without end (a "
                      "macro or include that calls itself)") from None
    except MemoryError:
        raise problem(f"refused: the {what} needs more memory than it may use") from None
    except (TypeError, ValueError, ArithmeticError, AttributeError, LookupError, OverflowError) as exc:
        raise problem(f"template error: {exc}", _template_line(exc, filename)) from None
    finally:
        _BUDGET.reset(budget)
