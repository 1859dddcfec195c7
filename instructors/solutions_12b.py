"""Solutions to lesson 12b's exercises."""

import numpy as np


def seasonal_naive(history, period, horizon):
    last = np.asarray(history, dtype=float)[-period:]
    return np.tile(last, horizon // period + 1)[:horizon]


def mase(predicted, actual, history, period):
    history = np.asarray(history, dtype=float)
    error = np.mean(np.abs(np.asarray(predicted) - np.asarray(actual)))
    yardstick = np.mean(np.abs(history[period:] - history[:-period]))
    return float(error / yardstick)
