"""Automatic checks for the lessons' exercises: one module per lesson.

A check calls your function on small cases whose answers are known, prints ✓ or a hint
saying what is wrong, and returns True or False. It never raises, so a notebook with
unfinished exercises still runs from top to bottom. Solutions are in `instructors/`.
"""


def verdict(passed, message):
    """Print a check's result. Example: verdict(True, 'counts match') prints '✓ counts match'"""
    print(("✓ " if passed else "✗ ") + message)
    return passed


def call_safely(function, *args):
    """Call a learner's function; return (result, None) or (None, a description of the error)."""
    try:
        return function(*args), None
    except NotImplementedError:
        return None, "not written yet (it raises NotImplementedError)"
    except Exception as error:  # a learner's bug is reported, not raised
        return None, f"raised {type(error).__name__}: {error}"
