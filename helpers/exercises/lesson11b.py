"""Checks for lesson 11b (visual inspection)."""

import numpy as np

from helpers.exercises import call_safely, close_to, verdict

# (surprisals, top) -> one score per part (row): the sum of its `top` largest values
_SCORE_CASES = [
    (  # several parts first: sorting down the columns mixes them up
        ([[1.0, 4.0, 2.0, 0.5], [3.0, 0.2, 5.0, 1.0], [0.3, 0.1, 0.4, 2.0]], 2),
        [6.0, 8.0, 2.4],
    ),
    (([[0.1, 3.0, 0.2, 2.0]], 2), [5.0]),
    (([[0.5, 2.5, 1.0], [4.0, 0.0, 3.5]], 1), [2.5, 4.0]),  # top 1: the largest
    (([[1.0, 2.0, 3.0], [0.5, 0.5, 0.5]], 3), [6.0, 1.5]),  # all of a row: its sum
    (([[2.0, 1.0, 2.0, 2.0, 0.5], [1.0, 1.0, 1.0, 0.0, 0.0]], 2), [4.0, 2.0]),  # ties
]

_TIES = " A tie, a defective and a good part scoring the same, counts half."
_REVERSED = (
    " That is the share in which the good part scores higher: count the pairs in "
    "which the defective one does."
)
_PAIRS = (
    " Count only pairs of one defective and one good part: the share of them in which "
    "the defective part scores higher, a tie counting half."
)

# (scores, is_defect) -> AUROC, with what ignoring ties (counted as 0, or as 1) gives
_AUROC_CASES = [
    (([0.2, 0.9, 0.1, 0.7], [0, 1, 0, 1]), 1.0, {}),  # perfect separation
    ((np.array([3.0, 1.0, 4.0, 2.0]), np.array([0, 1, 0, 1])), 0.0, {}),  # reversed
    (  # defective 0.3, 0.5, 0.6, 0.9 against good 0.8, 0.2, 0.1, 0.5: 11.5 of 16
        (
            np.array([0.3, 0.8, 0.2, 0.5, 0.6, 0.1, 0.5, 0.9]),
            np.array([1, 0, 0, 1, 1, 0, 0, 1]),
        ),
        11.5 / 16,
        {11 / 16: _TIES, 12 / 16: _TIES},
    ),
    (([1, 2, 2, 3], [0, 0, 1, 1]), 3.5 / 4, {3 / 4: _TIES, 1.0: _TIES}),  # ties
]


def _show(values):
    """Numbers as a short list. Example: _show([6.0, 7.5]) -> '[6, 7.5]'"""
    return "[" + ", ".join(f"{v:g}" for v in values) + "]"


def _show_rows(rows):
    """Rows of numbers as a short nested list. Example: _show_rows([[1.0, 2.5]]) -> '[[1, 2.5]]'"""
    return "[" + ", ".join(_show(row) for row in rows) + "]"


def _is_number(value):
    """Whether value is a single number. Example: _is_number(np.float64(2)) -> True"""
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def _same(values, expected):
    """Whether two lists of numbers agree element by element."""
    expected = list(expected)
    return len(values) == len(expected) and all(
        close_to(g, e) for g, e in zip(values, expected)
    )


def _score_hint(values, surprisals, top):
    """What a typical mistake would have made of these surprisals, if `values` is it."""
    largest = -np.sort(-surprisals, axis=1)[:, :top]
    mistakes = [
        (
            np.sort(surprisals, axis=1)[:, :top].sum(1),
            " Those are the smallest values: the score sums the `top` LARGEST ones.",
        ),
        (
            -np.sort(-surprisals, axis=0)[:, :top].sum(1),
            " Sort each part's own row (axis=1): axis=0 sorts down the columns, mixing "
            "the parts' pixels.",
        ),
        (
            surprisals[:, :top].sum(1),
            " Those are the first `top` values of each row: sort each row first, then "
            "take its largest.",
        ),
        (largest.mean(1), " That is their mean: the score is their sum."),
        (
            surprisals.mean(1),
            " That is the mean of each whole row: the score is the sum of its `top` "
            "largest values.",
        ),
    ]
    return next((hint for wrong, hint in mistakes if _same(values, wrong)), "")


def defect_score(function):
    """Check function(surprisals, top) -> one score per part: the sum of its `top`
    largest pixel surprisals (helpers.inspection.defect_score)."""
    for (rows, top), expected in _SCORE_CASES:
        surprisals = np.array(rows)
        call = f"defect_score(np.array({_show_rows(rows)}), top={top})"
        got, error = call_safely(function, surprisals.copy(), top)
        if error:
            return verdict(False, f"{call} {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. For each part (row), sort its "
                "surprisals, take the `top` largest and add them up.",
            )
        try:
            values = [float(v) for v in got]
        except (TypeError, ValueError):
            hint = ""
            if _is_number(got):
                hint = (
                    " That is one number for the whole array: the score is one number "
                    "per part, summed along each row (axis=1)."
                )
            return verdict(
                False,
                f"{call} should return {len(rows)} numbers, one per part (a list or an "
                f"array), your function gave {got!r}.{hint}",
            )
        if len(values) != len(rows):
            return verdict(
                False,
                f"{call} should return {len(rows)} scores, one per part (row), your "
                f"function gave {len(values)}: {_show(values)}. Sum along each row "
                "(axis=1).",
            )
        if not _same(values, expected):
            hint = _score_hint(values, surprisals, top)
            return verdict(
                False,
                f"{call} should be {_show(expected)}, your function gave "
                f"{_show(values)}.{hint}",
            )
    return verdict(
        True,
        "defect_score is right: a part is as surprising as its few most surprising "
        "pixels",
    )


def auroc(function):
    """Check function(scores, is_defect) -> the share of (defective, good) pairs in which
    the defective part scores higher, ties counting half (helpers.inspection.auroc)."""
    for args, expected, mistakes in _AUROC_CASES:
        scores, is_defect = args
        got, error = call_safely(function, *args)
        if error:
            hint = ""
            if error.startswith("raised TypeError"):
                hint = " Lists come in too: np.asarray(...) turns them into arrays."
            return verdict(False, f"auroc {error}.{hint}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Compare every defective part's "
                "score with every good part's, and return the share of those pairs in "
                "which the defective part scores higher (a tie counts half).",
            )
        if not close_to(got, expected):
            hint = next((h for v, h in mistakes.items() if close_to(got, v)), "")
            if not hint:
                hint = _REVERSED if close_to(got, 1 - expected) else _PAIRS
            return verdict(
                False,
                f"scores {_show(scores)}, is_defect {_show(is_defect)}: expected "
                f"{expected:g}, your function gave {got!r}.{hint}",
            )
    return verdict(
        True, "auroc is right: 1.0 separates defective from good parts, 0.5 is a coin"
    )
