"""Checks for lesson 14 (what we built): reading the series' shipped results."""

import math

from helpers.exercises import call_safely, verdict
from helpers.sweeps import labels_needed

# (ks, rows, k) -> the mean over seeds at k; rows hold one list of seeds per k, as the
# shipped JSON files do
_MEAN_CASES = [
    (([8, 16, "all"], [[0.5, 0.7, 0.6], [0.9, 0.8, 1.0], [1.0, 1.0, 0.97]], 16), 0.9),
    (
        ([8, 16, "all"], [[0.5, 0.7, 0.6], [0.9, 0.8, 1.0], [1.0, 1.0, 0.97]], "all"),
        0.99,
    ),
    (([0, 1, 2], [[0.95], [0.9, 0.96, 0.93], [0.9, 0.94, 0.95]], 0), 0.95),
    (([2, 4, 8], [[0.4, 0.6], [0.7, 0.9], [0.8, 1.0]], 8), 0.9),
]
# (ks, tuned, other, target): the expected answer is computed with labels_needed
_FEWER_CASES = [
    ([8, 16, 32, 64], [0.7, 0.9, 0.95, 0.97], [0.5, 0.6, 0.7, 0.9], 0.85),
    ([8, 16, 32, 64], [0.9, 0.92, 0.95, 0.97], [0.5, 0.6, 0.7, 0.8], 0.85),
    ([8, 16, 32, 64], [0.5, 0.6, 0.7, 0.8], [0.5, 0.6, 0.7, 0.9], 0.85),
    ([8, 16, 32], [0.9, 0.92, 0.95], [0.88, 0.9, 0.9], 0.85),
]
# results -> the checkpoint they all share, or None
_SHA = "checkpoint_sha256"
_SHARED_CASES = [
    ([{_SHA: "ac8c"}, {_SHA: "ac8c", "seeds": [0, 1, 2]}], "ac8c"),
    ([{_SHA: "ac8c"}], "ac8c"),
    ([{_SHA: "ac8c"}, {_SHA: "51fa"}], None),
    ([{_SHA: "ac8c"}, {_SHA: "ac8c"}, {_SHA: "51fa"}], None),
    ([{_SHA: "ac8c"}, {"seeds": [0]}], None),
    ([], None),
]


def _fewer_expected(ks, tuned, other, target):
    """The reference answer: how many times fewer labels `tuned` needs than `other`.
    Example: _fewer_expected([8, 16], [0.9, 0.95], [0.5, 0.9], 0.85) -> 1.7 (rounded)"""
    mine, theirs = labels_needed(ks, tuned, target), labels_needed(ks, other, target)
    if mine is None:
        return None
    return math.inf if theirs is None else theirs / mine


def mean_at(function):
    """Check function(ks, rows, k) -> the mean over the seeds of the row for k."""
    for (ks, rows, k), expected in _MEAN_CASES:
        got, error = call_safely(function, ks, rows, k)
        if error:
            hint = ""
            if "IndexError" in error or "TypeError" in error:
                hint = (
                    " k is a number of labels, not a position in rows: find its "
                    "position with ks.index(k)."
                )
            return verdict(False, f"mean_at {error}.{hint}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Find k's position in ks, then "
                "average that row of rows (one number per seed).",
            )
        if not isinstance(got, (int, float)) or not math.isclose(got, expected):
            row = rows[ks.index(k)]
            hint = ""
            if isinstance(got, (int, float)) and math.isclose(got, row[0]):
                hint = " That is the first seed only: average all of them."
            return verdict(
                False,
                f"for ks={ks}, rows={rows}, k={k!r} the mean is {expected:g}, your "
                f"function gave {got!r}.{hint}",
            )
    return verdict(
        True,
        "mean_at is right: every accuracy in this lesson's table is such a mean over "
        "three seeds",
    )


def times_fewer_labels(function):
    """Check function(ks, tuned, other, target) -> labels `other` needs / labels `tuned`
    needs to reach `target`; math.inf when `other` never does, None when `tuned` never
    does."""
    for ks, tuned, other, target in _FEWER_CASES:
        expected = _fewer_expected(ks, tuned, other, target)
        got, error = call_safely(function, ks, tuned, other, target)
        if error:
            return verdict(False, f"times_fewer_labels {error}")
        if expected is None or expected == math.inf:
            if got != expected:
                what = (
                    "the tuned model never reaches the target, so there is no ratio: "
                    "return None"
                    if expected is None
                    else "the other method never reaches the target: the tuned model "
                    "needs infinitely fewer labels, return math.inf"
                )
                return verdict(
                    False, f"for ks={ks}, tuned={tuned}, other={other}: {what}."
                )
            continue
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Ask labels_needed how many labels "
                "each curve needs, then divide the other's by the tuned model's.",
            )
        if not isinstance(got, (int, float)) or not math.isclose(
            got, expected, rel_tol=0.01
        ):
            hint = ""
            if (
                isinstance(got, (int, float))
                and got
                and math.isclose(1 / got, expected, rel_tol=0.01)
            ):
                hint = " Upside down: divide the other's labels by the tuned model's."
            elif isinstance(got, (int, float)) and got > 2 * expected:
                hint = " How many TIMES fewer: divide, do not subtract."
            return verdict(
                False,
                f"for ks={ks}, tuned={tuned}, other={other}, target={target} the answer "
                f"is {expected:.2f}, your function gave {got!r}.{hint}",
            )
    return verdict(
        True,
        "times_fewer_labels is right: that ratio is what pretraining saves in labeling",
    )


def shared_checkpoint(function):
    """Check function(results) -> the checkpoint_sha256 every result shares, or None."""
    for results, expected in _SHARED_CASES:
        got, error = call_safely(function, results)
        if error:
            hint = ""
            if "KeyError" in error:
                hint = (
                    " A result without 'checkpoint_sha256' cannot vouch for its "
                    "checkpoint: return None (dict.get helps)."
                )
            elif not results:
                hint = " With no results nothing is shared: return None."
            return verdict(False, f"shared_checkpoint {error}.{hint}")
        if got is None and expected is not None:
            return verdict(
                False,
                "not yet: your function returned None. Collect each result's "
                "'checkpoint_sha256'; when there is exactly one value, return it.",
            )
        if got != expected:
            return verdict(
                False,
                f"for {results} the answer is {expected!r}, your function gave {got!r}. "
                "Return None when any two results differ, when one lacks the key, or "
                "when there are none.",
            )
    return verdict(
        True,
        "shared_checkpoint is right: two lessons' numbers can be compared only when "
        "they come from the same model",
    )
