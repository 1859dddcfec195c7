"""Automatic checks for the lessons' exercises: one module per lesson.

A check calls your function on small cases whose answers are known, prints ✓ or a hint
saying what is wrong, and returns a Verdict that is true when it passed. It never
raises, so a notebook with unfinished exercises still runs from top to bottom. Solutions
are in `instructors/`.
"""

import math


class Verdict:
    """A check's result: true when the exercise passed. It prints itself once, when made,
    and shows nothing more as a cell's last value (no stray `Out[]: False` under the ✗)."""

    def __init__(self, passed, message):
        self.passed, self.message = bool(passed), message

    def __bool__(self):
        return self.passed

    def __repr__(self):
        return ("✓ " if self.passed else "✗ ") + self.message

    def _ipython_display_(self):
        pass  # already printed


def verdict(passed, message):
    """Print a check's result and return it.
    Example: verdict(True, 'counts match') prints '✓ counts match'"""
    result = Verdict(passed, message)
    print(repr(result))
    return result


def call_safely(function, *args):
    """Call a learner's function; return (result, None) or (None, a description of the error)."""
    try:
        return function(*args), None
    except NotImplementedError:
        return None, "not written yet (it raises NotImplementedError)"
    except Exception as error:  # a learner's bug is reported, not raised
        return None, f"raised {type(error).__name__}: {error}"


def close_to(got, expected):
    """Whether `got` is a number within 1e-9 of `expected`; False for anything that is not
    a number. Example: close_to(0.1 + 0.2, 0.3) -> True; close_to(None, 0.3) -> False"""
    try:
        return math.isclose(float(got), expected, abs_tol=1e-9)
    except (TypeError, ValueError):
        return False
