"""Checks for lesson 12b (forecasting the climate)."""

import numpy as np

from helpers.exercises import call_safely, close_to, verdict

# (history, period, horizon) -> the last season of history, repeated to horizon values
_SEASONAL_CASES = [
    (([1, 2, 3, 4, 5, 6], 4, 6), [3, 4, 5, 6, 3, 4]),
    ((np.arange(10.0), 4, 2), [6, 7]),  # horizon shorter than a season
    (([5, 1, 7, 2, 9], 2, 5), [2, 9, 2, 9, 2]),  # wraps around more than once
    ((np.array([3.0, 8.0, 4.0]), 1, 3), [4, 4, 4]),  # period 1: plain naive
]

_ONE_STEP = (
    " The yardstick is seasonal naive, one season back, not yesterday: "
    "mean |history[t] - history[t - period]|."
)
_SIGNED = " Take absolute values: signed errors above and below cancel out."

# (predicted, actual, history, period) -> MASE, with what typical mistakes give
_MASE_CASES = [
    (([2.0], [1.0], np.arange(24.0), 12), 1 / 12, {1.0: _ONE_STEP}),
    (  # errors -1 and +1: they cancel when signed
        ([1.0, 3.0], [2.0, 2.0], [0.0, 4.0, 1.0, 6.0, 3.0, 5.0], 2),
        2 / 3,
        {5 / 17: _ONE_STEP, 0.0: _SIGNED, 1.0: _SIGNED},
    ),
    (
        (
            np.array([12.0, 21.0, 30.0, 42.0]),
            np.array([13.0, 19.0, 31.0, 45.0]),
            np.array([10.0, 20, 30, 40, 12, 18, 33, 41, 11, 22, 29, 44]),
            4,
        ),
        0.7,
        {77 / 600: _ONE_STEP, -0.3: _SIGNED, 7 / 3: _SIGNED, -1.0: _SIGNED},
    ),
]


def _show(values):
    """Numbers as a short list. Example: _show([6.0, 7.5]) -> '[6, 7.5]'"""
    return "[" + ", ".join(f"{v:g}" for v in values) + "]"


def seasonal_naive(function):
    """Check function(history, period, horizon) -> horizon values: the last season of
    history, repeated."""
    for (history, period, horizon), expected in _SEASONAL_CASES:
        call = f"seasonal_naive({history!r}, {period}, {horizon})"
        got, error = call_safely(function, history, period, horizon)
        if error:
            return verdict(False, f"{call} {error}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Take the last `period` values "
                "of history and repeat them until you have `horizon` values.",
            )
        try:
            values = [float(v) for v in got]
        except (TypeError, ValueError):
            return verdict(
                False,
                f"{call} should return {horizon} numbers (a list or an array), your "
                f"function gave {got!r}.",
            )
        if len(values) != horizon:
            return verdict(
                False,
                f"{call} should return {horizon} values, your function gave "
                f"{len(values)}: {_show(values)}. Repeat the season as many times as "
                "needed, then cut to horizon values.",
            )
        if not all(close_to(g, e) for g, e in zip(values, expected)):
            first = np.resize(np.asarray(history[:period], dtype=float), horizon)
            hint = ""
            if all(close_to(g, e) for g, e in zip(values, first)):
                hint = (
                    " That repeats the first season: the forecast repeats the last "
                    "one, history[-period:]."
                )
            return verdict(
                False,
                f"{call} should be {_show(expected)}, your function gave "
                f"{_show(values)}.{hint}",
            )
    return verdict(
        True, "seasonal_naive is right: this month is the same month last year"
    )


def mase(function):
    """Check function(predicted, actual, history, period) -> the mean absolute scaled
    error (helpers.forecasting.mase)."""
    for args, expected, mistakes in _MASE_CASES:
        got, error = call_safely(function, *args)
        if error:
            hint = ""
            if error.startswith("raised TypeError"):
                hint = " Lists come in too: np.asarray(...) turns them into arrays."
            return verdict(False, f"mase {error}.{hint}")
        if got is None:
            return verdict(
                False,
                "not yet: your function returned None. Divide the mean absolute error "
                "of predicted against actual by the mean absolute error seasonal naive "
                "makes inside the history.",
            )
        if not close_to(got, expected):
            hint = next((h for v, h in mistakes.items() if close_to(got, v)), "")
            predicted, actual, history, period = args
            return verdict(
                False,
                f"predicted {_show(predicted)}, actual {_show(actual)}, history "
                f"{_show(history)}, period {period}: expected {expected:.4f}, your "
                f"function gave {got!r}.{hint}",
            )
    return verdict(
        True, "mase is right: below 1 beats seasonal naive's in-sample error"
    )
