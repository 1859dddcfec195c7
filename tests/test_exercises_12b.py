"""Lesson 12b's checks accept the instructors' solutions and reject typical mistakes."""

import numpy as np
import pytest

from helpers import forecasting
from helpers.exercises import close_to, lesson12b


def test_checks_accept_the_solutions(capsys, solutions):
    found = solutions("12b")
    assert lesson12b.seasonal_naive(found.seasonal_naive)
    assert lesson12b.mase(found.mase)
    assert capsys.readouterr().out.count("✓") == 2


def test_mase_cases_agree_with_the_helper():
    for args, expected, _ in lesson12b._MASE_CASES:
        assert close_to(forecasting.mase(*args), expected)


def first_season(history, period, horizon):  # repeats history[:period]
    return np.resize(np.asarray(history[:period], dtype=float), horizon)


def one_season_only(history, period, horizon):  # forgets to repeat or cut
    return list(history[-period:])


def wraps_once(history, period, horizon):  # two seasons at most: short when 5 > 2 * 2
    return (list(history[-period:]) * 2)[:horizon]


def one_step_late(history, period, horizon):  # the season before, shifted by one
    return np.resize(np.asarray(history[-period - 1 : -1], dtype=float), horizon)


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda h, p, n: None, "not yet"),
        (first_season, "first season"),
        (one_season_only, "should return 6 values"),
        (wraps_once, "should return 5 values"),
        (one_step_late, "should be [3, 4, 5, 6, 3, 4]"),
        (lambda h, p, n: float(h[-1]), "numbers (a list or an array)"),
    ],
)
def test_seasonal_naive_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson12b.seasonal_naive(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out


def mae(predicted, actual):
    return np.mean(np.abs(np.asarray(predicted) - np.asarray(actual)))


def one_step_yardstick(predicted, actual, history, period):  # naive, not seasonal
    history = np.asarray(history, dtype=float)
    return float(mae(predicted, actual) / np.mean(np.abs(np.diff(history))))


def signed_errors(predicted, actual, history, period):  # errors above and below cancel
    history = np.asarray(history, dtype=float)
    error = np.mean(np.asarray(predicted) - np.asarray(actual))
    return float(error / np.mean(np.abs(history[period:] - history[:-period])))


def signed_yardstick(predicted, actual, history, period):
    history = np.asarray(history, dtype=float)
    return float(mae(predicted, actual) / np.mean(history[period:] - history[:-period]))


def lists_as_arrays(predicted, actual, history, period):  # fails on plain lists
    error = np.mean(np.abs(predicted - actual))
    return float(error / np.mean(np.abs(history[period:] - history[:-period])))


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda p, a, h, n: None, "not yet"),
        (one_step_yardstick, "not yesterday"),
        (signed_errors, "signed errors"),
        (signed_yardstick, "signed errors"),
        (lists_as_arrays, "np.asarray"),
        (lambda p, a, h, n: float(mae(p, a)), "expected 0.0833"),  # unscaled MAE
    ],
)
def test_mase_check_rejects_mistakes(wrong, hint, capsys):
    assert not lesson12b.mase(wrong)
    out = capsys.readouterr().out
    assert "✗" in out and hint in out
