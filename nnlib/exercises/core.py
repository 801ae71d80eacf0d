"""Checked exercises: one small problem object per exercise, graded hints, a tested solution.

What this is for: the exercise cells at the end of every lesson. A learner fills in an answer and
passes it *explicitly* to the exercise's checker::

    from nnlib.exercises import ____, lesson01
    w1, w2, b = ____, ____, ____
    lesson01.and_gate.check(w1, w2, b)      # correct / not yet (with a reason) / not attempted
    lesson01.and_gate.hint()                # then .hint(2) for a stronger one
    lesson01.and_gate.solution()            # the solution's source code, which the tests run

Every call returns an object that shows itself as coloured HTML in Jupyter and as deterministic
plain text everywhere else (so nbval can compare stored outputs). ``check()`` returns a
:class:`Result` whose ``.correct`` and ``.status`` tests can assert on.

What it is not: a grader. Nothing is recorded, nothing is hidden in globals, no stack frames are
inspected; answers are compared with a stated tolerance, never with ``==`` on floats.

Three reusable kinds cover most exercises:

- :class:`ValueExercise`: numbers or arrays compared with ``np.allclose(rtol, atol)`` after a
  type and shape check that explains the mistake ("did you transpose W?").
- :class:`FunctionExercise`: the learner writes a function; it is called on test inputs and
  compared with a reference implementation.
- :class:`PredicateExercise`: any answer that many values satisfy (weights that make a neuron
  compute AND); a predicate raises :class:`Wrong` with a teaching message.

Solutions are real functions: ``solution()`` shows their source, and the tests run that source and
check that it passes its own checker. Each exercise also carries known-wrong answers, which the
tests check are rejected.
"""

from __future__ import annotations

import ast
import contextvars
import ctypes
import html
import importlib
import inspect
import pkgutil
import re
import textwrap
import threading
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

__all__ = [
    "____",
    "Exercise",
    "FunctionExercise",
    "Hint",
    "PredicateExercise",
    "PredictExercise",
    "Result",
    "Solution",
    "ValueExercise",
    "Wrong",
    "all_exercises",
    "assert_close",
    "expect_array",
    "expect_number",
    "format_array",
    "is_placeholder",
    "lesson_modules",
]

Status = Literal["correct", "wrong", "unattempted"]

TIME_LIMIT = 5.0
"""Seconds a check may take (the learner's function included) before it is stopped and
reported as "not yet". Tests lower it to keep checks of looping functions fast."""

MAX_MESSAGE = 400
"""A check's message, and its details (a truth table...), each stay shorter than this."""


# ---------------------------------------------------------------------------
# the placeholder a lesson leaves in an exercise cell


class _Placeholder:
    """The blank in an exercise cell: ``answer = ____``.

    Arithmetic with it gives it back (``2 * ____ + 1`` is still a blank), so a half-filled
    expression is reported as "not attempted" instead of raising a ``TypeError``.
    """

    _instance: _Placeholder | None = None

    def __new__(cls) -> _Placeholder:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "____"

    def _absorb(self, *args: object) -> _Placeholder:
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = _absorb
    __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _absorb
    __matmul__ = __rmatmul__ = __pow__ = __rpow__ = _absorb
    __neg__ = __pos__ = _absorb


____ = _Placeholder()
"""The placeholder lessons put where the learner's answer goes. ``...`` counts as one too."""


def is_placeholder(value: object) -> bool:
    """True if ``value`` is, or still contains, a blank (``____`` or ``...``).

    Looks inside lists, tuples, dicts and object arrays, and inside a function's code (a
    function whose body still mentions ``____`` has not been written yet).
    """
    if value is ____ or value is Ellipsis:
        return True
    if isinstance(value, (list, tuple)):
        return any(is_placeholder(v) for v in value)
    if isinstance(value, dict):
        return any(is_placeholder(v) for v in value.values())
    if isinstance(value, np.ndarray) and value.dtype == object:
        return any(is_placeholder(v) for v in value.flat)
    if isinstance(value, types.FunctionType):
        return _code_mentions_placeholder(value.__code__)
    return False


def _code_mentions_placeholder(code: types.CodeType) -> bool:
    if "____" in code.co_names:
        return True
    return any(isinstance(c, types.CodeType) and _code_mentions_placeholder(c) for c in code.co_consts)


# ---------------------------------------------------------------------------
# what check(), hint() and solution() return: objects that display themselves

# Darker shades of the Okabe-Ito hues (bluish green, vermillion, orange, blue, reddish purple),
# distinguishable with every common colour-vision deficiency, and dark enough that the label text
# reads at 4.5:1 or better (WCAG AA) on its box: the same colour at BOX_ALPHA over white. The label
# text ("Correct", "Not yet", ...) carries the outcome too, so nothing depends on colour alone.
_COLOURS = {
    "correct": "#00795A",
    "wrong": "#A84900",
    "unattempted": "#8A5A00",
    "hint": "#005A8C",
    "solution": "#9C4279",
    "exercise": "#595959",
}
BOX_ALPHA = 0x14
"""The box's background is its colour at this opacity (of 255) over the page."""
_LABELS = {
    "correct": "Correct",
    "wrong": "Not yet",
    "unattempted": "Not attempted yet",
    "hint": "Hint",
    "solution": "Solution",
    "exercise": "Exercise",
}


def _inline_html(text: str) -> str:
    """Escape ``text`` for HTML, turn `backticks` into <code> and newlines into <br>."""
    escaped = html.escape(text, quote=False)
    escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
    return escaped.replace("\n", "<br>")


def _box_html(kind: str, label: str, title: str, message: str, pre: str = "") -> str:
    colour = _COLOURS[kind]
    parts = [
        f'<div class="nnlib-exercise nnlib-{kind}" style="border-left: 4px solid {colour}; '
        "padding: 0.3em 0.8em; margin: 0.3em 0; "
        f'background: {colour}{BOX_ALPHA:02x};">',
        f'<strong style="color: {colour};">{html.escape(label)}</strong>',
    ]
    if title:
        parts.append(f" <span>&middot; {html.escape(title)}</span>")
    if message:
        parts.append(f'<div style="margin-top: 0.2em;">{_inline_html(message)}</div>')
    if pre:
        parts.append(
            f'<pre style="margin: 0.4em 0; padding: 0.4em; overflow-x: auto;">{html.escape(pre, quote=False)}</pre>'
        )
    parts.append("</div>")
    return "".join(parts)


def _box_text(label: str, title: str, message: str, pre: str = "") -> str:
    head = f"{label}: {title}" if title else label
    lines = [head]
    if message:
        lines.append(message)
    if pre:
        lines.append(textwrap.indent(pre, "    "))
    return "\n".join(lines)


@dataclass(frozen=True)
class Result:
    """The outcome of ``Exercise.check()``.

    Attributes
    ----------
    status : {"correct", "wrong", "unattempted"}
        What happened.
    title : str
        The exercise's title.
    message : str
        What to do next; for a wrong answer, what is wrong, without the answer.
    details : str
        Optional preformatted text (a truth table, an input and output), shown in monospace.
    """

    status: Status
    title: str
    message: str
    details: str = ""

    @property
    def correct(self) -> bool:
        """True only for a correct answer."""
        return self.status == "correct"

    def __str__(self) -> str:
        return _box_text(_LABELS[self.status], self.title, self.message, self.details)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return _box_html(self.status, _LABELS[self.status], self.title, self.message, self.details)


@dataclass(frozen=True)
class Hint:
    """Hint number ``level`` of ``n_levels`` for one exercise; displays itself."""

    title: str
    level: int
    n_levels: int
    text: str

    def _label(self) -> str:
        return f"Hint {self.level} of {self.n_levels}"

    def _message(self) -> str:
        if self.level < self.n_levels:
            return f"{self.text}\n(Still stuck? Try `.hint({self.level + 1})`.)"
        return self.text

    def __str__(self) -> str:
        return _box_text(self._label(), self.title, self._message())

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return _box_html("hint", self._label(), self.title, self._message())


@dataclass(frozen=True)
class Solution:
    """A solution's source code (``code``), displayed as a code block."""

    title: str
    code: str
    note: str = ""

    def __str__(self) -> str:
        return _box_text("Solution", self.title, self.note, self.code)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return _box_html("solution", "Solution", self.title, self.note, self.code)


class Wrong(Exception):
    """Raised by a checker to reject an answer; its message is shown to the learner.

    Parameters
    ----------
    message : str
        What is wrong and how to think about it, without giving the answer away.
        `Backticks` mark code.
    details : str
        Optional preformatted text shown under the message (e.g. a truth table).
    """

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.details = details


# ---------------------------------------------------------------------------
# checking helpers for numbers and arrays (usable inside any predicate)


def format_array(a: Any, precision: int = 4) -> str:
    """Deterministic short text for a number or array (fixed precision, no object ids)."""
    arr = np.asarray(a)
    if arr.ndim == 0:
        return np.format_float_positional(float(arr), precision=precision, trim="-")

    def number(v: Any) -> str:  # numpy hands over its own float scalars
        return np.format_float_positional(v, precision=precision, trim="-")

    return np.array2string(arr, separator=", ", formatter={"float_kind": number})


def _short(value: object, limit: int = 60) -> str:
    """A few characters for an argument or a value in a message: small arrays in full, large
    ones by their shape (a 784 x 16 weight matrix is not something to print in a message)."""
    if isinstance(value, np.ndarray) and value.size > 8:
        return f"<array of shape {value.shape}>"
    try:
        text = format_array(value) if isinstance(value, (np.ndarray, float, int)) else repr(value)
    except Exception:  # an object whose repr fails: its type is enough
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _describe(value: object) -> str:
    if value is None:
        return "None"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)} items"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    return f"a {type(value).__name__}"


def expect_number(name: str, value: object) -> float:
    """Return ``value`` as a float if it is one real number, else raise :class:`Wrong`.

    Parameters
    ----------
    name : str
        The answer's name in the learner's code, used in the message.
    value : object
        The learner's answer: an int, float, numpy scalar or 0-d array.
    """
    if value is None:
        raise Wrong(f"`{name}` is None. Put a number there (if a function computed it, did it forget to `return`?).")
    if isinstance(value, str):
        raise Wrong(f"`{name}` is {_describe(value)}; write the number without quotes.")
    if isinstance(value, (bool, np.bool_)):
        raise Wrong(f"`{name}` is {value}, a truth value; this answer is a number.")
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
    elif isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        number = float(value)
    else:
        raise Wrong(f"`{name}` should be a single number, but it is {_describe(value)}.")
    if not np.isfinite(number):
        raise Wrong(f"`{name}` is {number}; it must be a finite number.")
    return number


def expect_array(name: str, value: object, shape: tuple[int, ...] | None = None) -> np.ndarray:
    """Return ``value`` as a float array, checking its shape; raise :class:`Wrong` if it is not.

    Parameters
    ----------
    name : str
        The answer's name in the learner's code, used in the message.
    value : object
        Array-like answer.
    shape : tuple of int, optional
        The required shape. A transposed or column-shaped answer gets a message saying so.
    """
    if value is None:
        raise Wrong(f"`{name}` is None. Put an array there (if a function computed it, did it forget to `return`?).")
    if isinstance(value, str):
        raise Wrong(f"`{name}` is {_describe(value)}; it should be an array of numbers.")
    try:
        arr = np.asarray(value, dtype=np.float64)
    except Exception:  # ragged lists, strings inside, dicts, objects whose methods raise
        raise Wrong(
            f"`{name}` could not be turned into an array of numbers: it is {_describe(value)}. "
            "Are all rows the same length, and are all entries numbers?"
        ) from None
    if shape is not None and arr.shape != tuple(shape):
        raise Wrong(_shape_message(name, arr.shape, tuple(shape)))
    if not np.all(np.isfinite(arr)):
        raise Wrong(f"`{name}` contains NaN or infinite values.")
    return arr


def _shape_message(name: str, got: tuple[int, ...], expected: tuple[int, ...]) -> str:
    base = f"Expected `{name}` to have shape {expected}, got {got}"
    if len(got) == 2 and len(expected) == 2 and got == expected[::-1]:
        return (
            f"{base}: did you transpose `{name}`? Here arrays are batch-first: "
            "X is (n_samples, n_in), W is (n_in, n_out)."
        )
    if sorted(d for d in got if d != 1) == sorted(d for d in expected if d != 1):
        return (
            f"{base}: the same numbers, arranged differently. A row (n,), a column (n, 1) and "
            "a (1, n) array are different shapes; `.reshape(...)` or `.ravel()` converts."
        )
    if int(np.prod(got)) == int(np.prod(expected)):
        return f"{base}: the right number of entries, arranged differently."
    return f"{base}."


def _coerce_like(name: str, value: object, expected: np.ndarray) -> np.ndarray:
    """``value`` as a float array shaped like ``expected``, or :class:`Wrong` saying why not."""
    if expected.ndim == 0:
        return np.asarray(expect_number(name, value))
    return expect_array(name, value, expected.shape)


def _compare(name: str, got: np.ndarray, expected: np.ndarray, rtol: float, atol: float, reveal: bool) -> None:
    """Raise :class:`Wrong` unless two same-shaped float arrays are ``np.allclose``."""
    if np.allclose(got, expected, rtol=rtol, atol=atol):
        return
    shown = ""
    if reveal and expected.size <= 8:
        shown = f" Expected {format_array(expected)}, got {format_array(got)}."
    elif reveal:
        where = np.argwhere(~np.isclose(got, expected, rtol=rtol, atol=atol))[0]
        index = ", ".join(str(int(i)) for i in where)
        shown = (
            f" The first difference is at [{index}]: expected "
            f"{format_array(expected[tuple(where)])}, got {format_array(got[tuple(where)])}."
        )
    scale = np.maximum(np.abs(expected), 1e-12)
    rel = float(np.max(np.abs(got - expected) / scale))
    if rel < 1e-2:
        raise Wrong(
            f"`{name}` is close but not within the tolerance (rtol={rtol:g}, atol={atol:g}): "
            f"did you round, or use a slightly different formula?{shown}"
        )
    if expected.ndim == 0:
        raise Wrong(f"`{name}` = {format_array(got)} is not right yet.{shown}")
    n_off = int(np.sum(~np.isclose(got, expected, rtol=rtol, atol=atol)))
    verb = "is" if n_off == 1 else "are"
    raise Wrong(f"{n_off} of the {expected.size} entries of `{name}` {verb} not right yet.{shown}")


def assert_close(
    name: str,
    value: object,
    expected: Any,
    *,
    rtol: float = 1e-5,
    atol: float = 1e-8,
    reveal: bool = False,
) -> None:
    """Raise :class:`Wrong` unless ``value`` matches ``expected`` in type, shape and value.

    Values match when ``np.allclose(value, expected, rtol=rtol, atol=atol)``, i.e.
    ``|value - expected| <= atol + rtol * |expected|`` element-wise.

    Parameters
    ----------
    name : str
        The answer's name in the learner's code, used in the message.
    value : object
        The learner's answer.
    expected : float or array_like
        The right answer. A scalar asks for one number, an array for that shape.
    rtol, atol : float
        Relative and absolute tolerance, stated in the message when the answer is close.
    reveal : bool
        If True the message shows the expected value (fine for a function's output on a given
        input; never for the answer the exercise asks for).
    """
    expected_arr = np.asarray(expected, dtype=np.float64)
    got = _coerce_like(name, value, expected_arr)
    _compare(name, got, expected_arr, rtol, atol, reveal)


# ---------------------------------------------------------------------------
# running a check: a time limit, and messages that stay short


class _TimeUp(BaseException):
    """Raised inside a check that ran past its time limit. A BaseException, so that a
    checker's ``except Exception`` around the learner's call does not report it as the
    learner's error."""


def _within_time_limit(judge: Callable[..., Any], answers: tuple[Any, ...], limit: float) -> Any:
    """``judge(*answers)`` in a worker thread; :class:`_TimeUp` if it runs past ``limit`` s.

    A thread, not a signal, so that this works from any thread and leaves the kernel's own
    signal handlers alone (``check()`` runs in the main thread of an IPython kernel, and in
    worker threads of some front ends). A check that runs too long is stopped by raising
    :class:`_TimeUp` inside it (``PyThreadState_SetAsyncExc``, which interrupts Python code
    between two bytecodes); code stuck in a long C call is abandoned, the thread being a
    daemon. The worker runs in a copy of the caller's context, so what the learner's
    function prints still appears under the cell that called ``check()``.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = judge(*answers)
        except BaseException as err:  # handed to the caller, who re-raises it
            outcome["error"] = err

    context = contextvars.copy_context()
    worker = threading.Thread(target=context.run, args=(run,), name="nnlib-check", daemon=True)
    worker.start()
    try:
        worker.join(limit)
    except BaseException:  # e.g. KeyboardInterrupt (the kernel's stop button): stop it too
        _stop_thread(worker)
        raise
    if worker.is_alive():
        _stop_thread(worker)
        raise _TimeUp
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def _stop_thread(worker: threading.Thread) -> None:
    """Raise :class:`_TimeUp` inside ``worker`` and give it a moment to unwind."""
    if worker.ident is None:
        return
    for _ in range(3):  # again if the learner's code swallowed it with a bare `except:`
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident), ctypes.py_object(_TimeUp))
        worker.join(0.2)
        if not worker.is_alive():
            return


def _short_result(result: Result) -> Result:
    """``result`` with its message cut to fewer than :data:`MAX_MESSAGE` characters, and its
    details (a truth table, an input and its output) dropped if they are longer than that."""
    message, details = result.message, result.details
    if len(message) >= MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 6].rstrip() + " ..."
    if len(details) >= MAX_MESSAGE:
        details = ""
    if (message, details) == (result.message, result.details):
        return result
    return Result(result.status, result.title, message, details)


# ---------------------------------------------------------------------------
# the exercise classes


class Exercise:
    """One exercise: ``check(*answers)``, ``hint(level)``, ``solution()``.

    Subclasses implement :meth:`_judge`, which raises :class:`Wrong` to reject an answer.

    Parameters
    ----------
    name : str
        How a lesson reaches it, ``"lesson01.and_gate"``: the lesson module's name and the
        attribute the exercise is stored under. Shown in the solution's ``check()`` call.
    title : str
        A few words, shown on every result.
    prompt : str
        The task, shown when the exercise object itself is displayed.
    answer_names : sequence of str
        The names of the answers ``check()`` takes, in order (``("w1", "w2", "b")``).
    solution : callable
        A real function. For value-like exercises it takes no arguments and returns the
        answers (a tuple if there are several); its body, with the final ``return`` turned into
        the ``check()`` call, is what ``solution()`` shows.
    hints : sequence of str
        Graded hints, gentlest first; at least one.
    wrong_examples : sequence of tuple
        Known-wrong answers (one tuple of answers each), which the tests check are rejected.
    success : str
        Shown with a correct answer: what the learner just showed.
    minutes : float or None
        How long the exercise takes a learner, for ``scripts/lesson_time.py``; None takes the
        default of its kind (3 for a value, 5 for settings or code to find, 8 for a function).
    """

    def __init__(
        self,
        name: str,
        title: str,
        prompt: str,
        *,
        answer_names: Sequence[str],
        solution: Callable[..., Any],
        hints: Sequence[str],
        wrong_examples: Sequence[tuple[Any, ...]],
        success: str = "",
        minutes: float | None = None,
    ) -> None:
        if not re.fullmatch(r"[A-Za-z_]\w*\.[A-Za-z_]\w*", name):
            raise ValueError(f"name must look like 'lesson01.and_gate', got {name!r}")
        if not answer_names:
            raise ValueError("an exercise needs at least one answer name")
        if not hints:
            raise ValueError(f"{name}: give at least one hint")
        if not callable(solution):
            raise TypeError(f"{name}: solution must be a function, got {type(solution).__name__}")
        for example in wrong_examples:
            if not isinstance(example, tuple) or len(example) != len(answer_names):
                raise ValueError(
                    f"{name}: each wrong example must be a tuple of {len(answer_names)} answers "
                    f"({', '.join(answer_names)}), got {example!r}"
                )
        self.name = name
        self.title = title
        self.prompt = prompt
        self.answer_names = tuple(answer_names)
        self.hints = tuple(hints)
        self.wrong_examples = tuple(wrong_examples)
        self.success = success
        self.minutes = minutes
        self._solution = solution

    # -- the learner's three calls ------------------------------------------------------------

    def check(self, *answers: Any) -> Result:
        """Check the learner's answers, passed in the order of ``answer_names``.

        Returns
        -------
        Result
            ``correct``, ``wrong`` (with a message that teaches) or ``unattempted`` (a blank
            ``____`` is still in the answer).
        """
        if len(answers) != len(self.answer_names):
            return Result(
                "wrong",
                self.title,
                f"`check()` takes {len(self.answer_names)} answer(s), you passed "
                f"{len(answers)}. Call it as `{self.call_text()}`.",
            )
        blanks = [n for n, a in zip(self.answer_names, answers) if is_placeholder(a)]
        if blanks:
            names = ", ".join(f"`{n}`" for n in blanks)
            return Result(
                "unattempted",
                self.title,
                f"Replace the blank `____` in {names} with your answer, then run the cell again.",
            )
        try:
            message = _within_time_limit(self._judge, answers, TIME_LIMIT)
        except Wrong as wrong:
            return _short_result(Result("wrong", self.title, wrong.message, wrong.details))
        except _TimeUp:
            return Result(
                "wrong",
                self.title,
                f"The check was stopped after {TIME_LIMIT:g} s: your code was still running. "
                "Does a loop in it never end (a `while` whose condition stays true)?",
            )
        except Exception as err:  # an answer no checker foresaw: "not yet", never a traceback
            return _short_result(
                Result(
                    "wrong",
                    self.title,
                    f"The checker could not use this answer ({type(err).__name__}: {err}). Check its "
                    f"type and shape against the task: `{self.call_text()}`.",
                )
            )
        return Result("correct", self.title, message or self.success or "Well done.")

    def hint(self, level: int = 1) -> Hint:
        """Hint number ``level`` (1 = gentlest). Asking past the last one gives the last one."""
        if not isinstance(level, (int, np.integer)) or isinstance(level, bool) or level < 1:
            raise ValueError(f"level must be a whole number from 1 to {len(self.hints)}")
        level = min(int(level), len(self.hints))
        return Hint(self.title, level, len(self.hints), self.hints[level - 1])

    def solution(self) -> Solution:
        """The solution's source code, ready to paste into the exercise cell."""
        return Solution(self.title, self.solution_code(), self._solution_note())

    # -- used by tests and by lesson writers ------------------------------------------------

    def solution_answers(self) -> tuple[Any, ...]:
        """The answers the solution produces, as a tuple in ``answer_names`` order."""
        out = self._solution()
        if len(self.answer_names) == 1:
            return (out,)
        if not isinstance(out, tuple) or len(out) != len(self.answer_names):
            raise TypeError(
                f"{self.name}: the solution must return a tuple of {len(self.answer_names)} "
                f"answers ({', '.join(self.answer_names)})"
            )
        return out

    def solution_code(self) -> str:
        """The solution function's body, its final ``return x, y`` replaced by ``check(x, y)``."""
        source = textwrap.dedent(inspect.getsource(self._solution))
        tree = ast.parse(source)
        func = tree.body[0]
        if not isinstance(func, ast.FunctionDef):
            raise TypeError(f"{self.name}: the solution must be a `def` function")
        body = list(func.body)
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:]  # the docstring is for readers of this file, not the learner
        last = body[-1] if body else None
        if not isinstance(last, ast.Return) or last.value is None:
            raise TypeError(f"{self.name}: the solution must end with `return <answers>`")
        lines = source.splitlines()
        first_line = body[0].lineno - 1  # 0-based index of the first statement's line
        # comments just above the first statement belong to it
        while first_line > func.lineno and lines[first_line - 1].strip().startswith("#"):
            first_line -= 1
        head = textwrap.dedent("\n".join(lines[first_line : last.lineno - 1])).rstrip()
        value = last.value
        if isinstance(value, ast.Tuple):
            args = ", ".join(ast.get_source_segment(source, e) or "" for e in value.elts)
        else:
            args = ast.get_source_segment(source, value) or ""
        call = f"{self.name}.check({args})"
        return f"{head}\n{call}" if head else call

    def call_text(self) -> str:
        """How the learner calls the checker, e.g. ``lesson01.and_gate.check(w1, w2, b)``."""
        return f"{self.name}.check({', '.join(self.answer_names)})"

    def _solution_note(self) -> str:
        return ""

    def _judge(self, *answers: Any) -> str | None:
        """Raise :class:`Wrong` to reject; return an optional success message to accept."""
        raise NotImplementedError

    # -- display -----------------------------------------------------------------------------

    def _usage(self) -> str:
        more = ", then ".join(f"`{self.name}.hint({level})`" for level in range(2, len(self.hints) + 1))
        stronger = f", then {more}" if more else ""
        return (
            f"Check with `{self.call_text()}`. Stuck? `{self.name}.hint()`{stronger}. "
            f"Last resort: `{self.name}.solution()`."
        )

    def __str__(self) -> str:
        return _box_text("Exercise", self.title, f"{self.prompt}\n{self._usage()}")

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return _box_html("exercise", "Exercise", self.title, f"{self.prompt}\n{self._usage()}")


class ValueExercise(Exercise):
    """An exercise whose answers are numbers or arrays with one right value each.

    The right values are whatever the solution function returns; each answer is compared with
    :func:`assert_close` (type, then shape, then ``np.allclose(rtol, atol)``).

    Parameters
    ----------
    diagnose : callable, optional
        ``diagnose(*answers) -> str | None``, called when an answer is wrong but well-formed:
        return a message for a mistake you foresee (forgot the bias, used the wrong activation),
        or None for the generic message.
    rtol, atol : float
        Tolerances for ``np.allclose``; loosen them when the learner copies printed numbers.
    **kwargs
        As for :class:`Exercise`.
    """

    def __init__(
        self,
        name: str,
        title: str,
        prompt: str,
        *,
        diagnose: Callable[..., str | None] | None = None,
        rtol: float = 1e-5,
        atol: float = 1e-8,
        **kwargs: Any,
    ) -> None:
        super().__init__(name, title, prompt, **kwargs)
        self.diagnose = diagnose
        self.rtol = rtol
        self.atol = atol

    def _judge(self, *answers: Any) -> str | None:
        expected = [np.asarray(e, dtype=np.float64) for e in self.solution_answers()]
        # malformed answers first (not a number, wrong shape): that message is the most useful
        got = [_coerce_like(n, a, e) for n, a, e in zip(self.answer_names, answers, expected)]
        for name, g, e in zip(self.answer_names, got, expected):
            try:
                _compare(name, g, e, self.rtol, self.atol, reveal=False)
            except Wrong as wrong:
                specific = self.diagnose(*answers) if self.diagnose is not None else None
                raise Wrong(specific) if specific else wrong
        return None


class PredicateExercise(Exercise):
    """An exercise with many right answers, judged by a predicate.

    Parameters
    ----------
    predicate : callable
        ``predicate(*answers)``: raises :class:`Wrong` with a teaching message to reject,
        returns None (or a success message) to accept. Use :func:`expect_number`,
        :func:`expect_array` and :func:`assert_close` inside it for clear type and shape errors.
    **kwargs
        As for :class:`Exercise`.
    """

    def __init__(
        self,
        name: str,
        title: str,
        prompt: str,
        *,
        predicate: Callable[..., str | None],
        **kwargs: Any,
    ) -> None:
        super().__init__(name, title, prompt, **kwargs)
        self.predicate = predicate

    def _judge(self, *answers: Any) -> str | None:
        return self.predicate(*answers)


class FunctionExercise(Exercise):
    """The learner writes a function; it is called on test inputs and compared to a reference.

    Parameters
    ----------
    name, title, prompt : str
        As for :class:`Exercise`.
    solution : callable
        The model answer, a real function; ``solution()`` shows its whole source.
    test_inputs : sequence of tuple
        Argument tuples to call the learner's function with, e.g. ``[(np.array([-2., 0., 3.]),)]``.
        Include the edge cases the task mentions (0, negative numbers, a batch of rows).
    reference : callable, optional
        The trusted implementation to compare against (e.g. from nnlib); defaults to
        ``solution``. The tests check that the solution matches it.
    hints : sequence of str
        Graded hints.
    wrong_functions : sequence of callable
        Known-wrong implementations, which the tests check are rejected.
    rtol, atol : float
        Tolerances for comparing outputs with ``np.allclose``.
    answer_name : str
        What the learner's function is called in the prompt; defaults to the solution's name.
    success : str
        Shown with a correct answer.
    minutes : float or None
        As for :class:`Exercise`.
    no_overflow : bool
        If True the learner's function runs with numpy's overflow raised as an error, so that a
        formula that overflows on the test inputs (``np.exp(1000)``) is "not yet" even when its
        result happens to round to the right value.
    """

    def __init__(
        self,
        name: str,
        title: str,
        prompt: str,
        *,
        solution: Callable[..., Any],
        test_inputs: Sequence[tuple[Any, ...]],
        hints: Sequence[str],
        wrong_functions: Sequence[Callable[..., Any]],
        reference: Callable[..., Any] | None = None,
        rtol: float = 1e-5,
        atol: float = 1e-8,
        answer_name: str | None = None,
        success: str = "",
        minutes: float | None = None,
        no_overflow: bool = False,
    ) -> None:
        super().__init__(
            name,
            title,
            prompt,
            answer_names=(answer_name or solution.__name__,),
            solution=solution,
            hints=hints,
            wrong_examples=[(f,) for f in wrong_functions],
            success=success,
            minutes=minutes,
        )
        if not test_inputs or not all(isinstance(args, tuple) for args in test_inputs):
            raise ValueError(f"{name}: test_inputs must be a non-empty list of argument tuples")
        self.test_inputs = tuple(test_inputs)
        self.reference = reference or solution
        self.rtol = rtol
        self.atol = atol
        self.no_overflow = no_overflow

    def solution_answers(self) -> tuple[Any, ...]:
        return (self._solution,)

    def solution_code(self) -> str:
        source = textwrap.dedent(inspect.getsource(self._solution)).rstrip()
        return f"{source}\n\n\n{self.name}.check({self._solution.__name__})"

    def _judge(self, fn: Any) -> str | None:
        label = self.answer_names[0]
        if not callable(fn):
            raise Wrong(
                f"Pass the function itself, `{self.name}.check({label})`, without calling it "
                f"(no parentheses after `{label}`); got {_describe(fn)}."
            )
        fn_name = getattr(fn, "__name__", label)
        for args in self.test_inputs:
            call = f"{fn_name}({', '.join(_short(a) for a in args)})"
            try:
                with np.errstate(over="raise" if self.no_overflow else "warn"):
                    got = fn(*[np.copy(a) if isinstance(a, np.ndarray) else a for a in args])
            except FloatingPointError as err:
                raise Wrong(
                    f"`{call}` overflowed ({err}): somewhere a number grew past the largest "
                    "float (about 1.8e308). Rewrite that step so that it stays small for every input."
                ) from None
            except Exception as err:  # the learner's code: report, never crash the check
                raise Wrong(
                    f"`{call}` raised {type(err).__name__}: {err}",
                ) from None
            if is_placeholder(got):
                raise Wrong(f"`{call}` returned a blank `____`: finish the function body.")
            want = self.reference(*args)
            assert_close(call, got, want, rtol=self.rtol, atol=self.atol, reveal=True)
        return None


class PredictExercise(Exercise):
    """Predict, then move: the learner writes down what a widget will do, then moves it and sees.

    The answer is the letter of one of ``choices``. A wrong prediction is not a dead end: the
    message says which control to move and what to watch, so the widget settles it; a right one
    is told the same, to see it happen. Tempting wrong choices can carry their own message in
    ``why_not`` (why that choice looks right, without naming the right one).

    Parameters
    ----------
    name, title, prompt : str
        As for :class:`Exercise`; the prompt is followed by the lettered choices.
    choices : mapping of str to str
        Letter -> what the learner may predict, e.g. ``{"a": "the loss falls faster", ...}``.
    solution : callable
        Returns the right letter; ``solution()`` shows it as ``prediction = "b"``.
    move : str
        What to do with the widget to see the answer ("Set `z` to 6 and press `step` 10 times").
    why_not : mapping of str to str, optional
        Letter -> a message for that wrong prediction.
    hints, success, minutes
        As for :class:`Exercise`.
    """

    def __init__(
        self,
        name: str,
        title: str,
        prompt: str,
        *,
        choices: dict[str, str],
        solution: Callable[[], str],
        move: str,
        hints: Sequence[str],
        why_not: dict[str, str] | None = None,
        success: str = "",
        minutes: float | None = None,
    ) -> None:
        keys = [str(k) for k in choices]
        if len(keys) < 2 or any(not re.fullmatch(r"[a-z]", k) for k in keys):
            raise ValueError(f"{name}: give two or more choices keyed by single letters 'a', 'b', ...")
        right = solution()
        if right not in choices:
            raise ValueError(f"{name}: the solution returns {right!r}, which is not one of {keys}")
        unknown = set(why_not or {}) - set(keys)
        if unknown:
            raise ValueError(f"{name}: why_not names choices that do not exist: {sorted(unknown)}")
        super().__init__(
            name,
            title,
            prompt,
            answer_names=("prediction",),
            solution=solution,
            hints=hints,
            wrong_examples=[(k,) for k in keys if k != right] + [("z",), (3,)],
            success=success,
            minutes=minutes,
        )
        self.choices = dict(choices)
        self.move = move
        self.why_not = dict(why_not or {})

    def _choice_text(self) -> str:
        return "\n".join(f"  {k}) {text}" for k, text in self.choices.items())

    def _judge(self, prediction: Any) -> str | None:
        letters = ", ".join(f'"{k}"' for k in self.choices)
        if not isinstance(prediction, str):
            raise Wrong(
                f"Write your prediction as one letter in quotes, one of {letters}; got {_describe(prediction)}."
            )
        letter = prediction.strip().strip(")").lower()
        if letter not in self.choices:
            raise Wrong(f"{prediction!r} is not one of the choices: write one of {letters}.")
        if letter != self._solution():
            reason = self.why_not.get(letter, "That is not what happens.")
            raise Wrong(f"{reason} Now move the widget and see: {self.move} Then predict again.")
        note = f" {self.success}" if self.success else ""
        return f"Right. Now move the widget and see it happen: {self.move}{note}"

    def __str__(self) -> str:
        return _box_text("Exercise", self.title, f"{self.prompt}\n{self._choice_text()}\n{self._usage()}")

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return _box_html("exercise", "Exercise", self.title, f"{self.prompt}\n{self._choice_text()}\n{self._usage()}")


# ---------------------------------------------------------------------------
# the registry: every lessonNN module in this package, and every exercise in them

_LESSON_MODULE = re.compile(r"lesson\d\d")


def lesson_modules() -> list[types.ModuleType]:
    """Import and return every ``nnlib.exercises.lessonNN`` module, in lesson order."""
    package = importlib.import_module(__package__ or "nnlib.exercises")
    names = sorted(info.name for info in pkgutil.iter_modules(package.__path__) if _LESSON_MODULE.fullmatch(info.name))
    return [importlib.import_module(f"{package.__name__}.{n}") for n in names]


def all_exercises() -> dict[str, Exercise]:
    """Every exercise of every lesson, keyed ``"lesson01.and_gate"``.

    Raises
    ------
    ValueError
        If an exercise's ``name`` does not match where it is stored, since its solution would
        then show a ``check()`` call that does not work.
    """
    found: dict[str, Exercise] = {}
    for module in lesson_modules():
        short = module.__name__.rsplit(".", 1)[-1]
        for attr, value in vars(module).items():
            if isinstance(value, Exercise) and not attr.startswith("_"):
                key = f"{short}.{attr}"
                if value.name != key:
                    raise ValueError(f"exercise stored as {key} is named {value.name!r}; name it {key!r}")
                found[key] = value
    return found
